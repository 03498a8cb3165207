"""The ledger: every money event of an award or a fee is an Entry in its Account (HS-M).

Accounts belong to the apps above (a bursary application, an involvement fee), one-to-one,
which this app never names; balances are computed from the entries (ledger.balances), never
stored beside them. Entries are written only by ledger.services and never changed, except that
retention forgets a payee's name and the payment's reference once the finance records' period
is over (ledger/retention.py)."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone

from common.basemodels import ConstraintsCheckedModel, SeriesSettings, TimeStampedModel
from seminars.models import Seminar

from .money import ZERO

MAX_AMOUNT = 100_000


def pounds(verbose_name, **kwargs):
    return models.DecimalField(verbose_name, max_digits=9, decimal_places=2, **kwargs)


class BudgetLine(models.TextChoices):
    """The series' budget lines: every account and every budget is on one."""

    TRAVEL_BURSARIES = "travel_bursaries", "Travel bursaries"
    INVOLVEMENT = "involvement", "Involvement fees and contributors' expenses"
    VENUE = "venue", "Venue"
    CATERING = "catering", "Catering"
    OTHER = "other", "Other"


class Purpose(models.TextChoices):
    """What an account pays. Fees are taxable income for the person (payroll); expenses are
    not, so finance receives them apart."""

    EXPENSES = "expenses", "Expenses"
    FEE = "fee", "Involvement fee"


class Account(TimeStampedModel):
    seminar = models.ForeignKey(Seminar, on_delete=models.PROTECT, related_name="+")
    line = models.CharField("budget line", max_length=30, choices=BudgetLine.choices)
    purpose = models.CharField(max_length=20, choices=Purpose.choices, default=Purpose.EXPENSES)
    reference = models.CharField(
        max_length=30, help_text="The award's or fee's own reference, as finance sees it."
    )
    description = models.CharField("what it is for", max_length=200)

    class Meta:
        ordering = ["seminar", "line", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(line__in=BudgetLine.values), name="ledger_account_line_valid"
            ),
            models.CheckConstraint(
                condition=Q(purpose__in=Purpose.values), name="ledger_account_purpose_valid"
            ),
        ]

    def __str__(self):
        return f"Account {self.reference}"


class Kind(models.TextChoices):
    OFFERED = "offered", "Offered"
    RELEASED = "released", "Released"
    BOOKED = "booked", "Booked by us"
    ADVANCED = "advanced", "Paid in advance"
    CLAIMED = "claimed", "Claimed"
    APPROVED = "approved", "Approved"
    PAID = "paid", "Paid"
    TO_RETURN = "to_return", "Asked back"
    RETURNED = "returned", "Returned"
    WAIVED = "waived", "Waived"


# Entries that move money between the series and somebody: the finance office's rows.
PAYMENTS = (Kind.BOOKED, Kind.ADVANCED, Kind.PAID, Kind.RETURNED)


class WaiverReason(models.TextChoices):
    UNWELL = "unwell", "They could not come because they were unwell"
    CANCELLED = "cancelled", "The seminar was cancelled or postponed"
    SMALL = "small", "Too small to ask back"
    HARDSHIP = "hardship", "Asking for it back would cause hardship"
    OTHER = "other", "Another reason (in the note)"


class Entry(ConstraintsCheckedModel):
    account = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="entries")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    amount = pounds(
        "amount (£)",
        validators=[MinValueValidator(ZERO), MaxValueValidator(MAX_AMOUNT)],
    )
    part = models.CharField(
        max_length=30, blank=True, help_text="The cost line an offer or release is for."
    )
    note = models.CharField(max_length=300, blank=True)
    reason = models.CharField(max_length=20, blank=True, choices=WaiverReason.choices)
    payee = models.CharField(
        "paid to",
        max_length=200,
        blank=True,
        help_text="The name as recorded when the payment was made; forgotten after the "
        "finance records' period.",
    )
    payment_reference = models.CharField(max_length=40, blank=True)
    paid_on = models.DateField(null=True, blank=True)
    over_budget = models.BooleanField(
        default=False, help_text="Made although it took its budget line over."
    )
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name_plural = "entries"
        indexes = [models.Index(fields=["kind", "paid_on"])]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=Kind.values), name="ledger_entry_kind"),
            # An approval may be of nothing (no receipt held up); every other entry moves money.
            models.CheckConstraint(
                condition=Q(amount__gt=0) | Q(kind=Kind.APPROVED, amount=0),
                name="ledger_entry_positive",
            ),
            models.CheckConstraint(
                condition=~Q(kind__in=PAYMENTS) | Q(paid_on__isnull=False),
                name="ledger_entry_payment_has_day",
            ),
            models.CheckConstraint(
                condition=~Q(kind=Kind.WAIVED) | ~Q(reason=""),
                name="ledger_entry_waiver_has_reason",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} £{self.amount} ({self.account.reference})"


class Budget(TimeStampedModel):
    """What the series means to spend on a line: for the whole series (no seminar), or for
    one seminar within it."""

    line = models.CharField("budget line", max_length=30, choices=BudgetLine.choices)
    seminar = models.ForeignKey(
        Seminar,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        help_text="Leave empty for the whole series.",
    )
    amount = pounds("budget (£)", validators=[MinValueValidator(ZERO)])

    class Meta:
        ordering = ["line", "seminar"]
        constraints = [
            models.UniqueConstraint(
                fields=["line"],
                condition=Q(seminar__isnull=True),
                name="ledger_budget_one_series_line",
                violation_error_message="The series already has a budget for this line.",
            ),
            models.UniqueConstraint(
                fields=["line", "seminar"],
                condition=Q(seminar__isnull=False),
                name="ledger_budget_one_seminar_line",
                violation_error_message="This seminar already has a budget for this line.",
            ),
            models.CheckConstraint(condition=Q(amount__gte=0), name="ledger_budget_not_negative"),
            models.CheckConstraint(
                condition=Q(line__in=BudgetLine.values), name="ledger_budget_line_valid"
            ),
        ]

    def __str__(self):
        where = f"seminar {self.seminar.number}" if self.seminar_id else "the series"
        return f"{self.get_line_display()} for {where}"


RETURN_INSTRUCTIONS = """\
Please pay it back by bank transfer to the university: email us and we will send you the \
account details in a letter or by phone, never by email. If paying it back is hard for you, \
tell us: we can agree a way that works for you, or let it go."""


class MoneySettings(SeriesSettings):
    """The series' one row of money settings (a constraint keeps it one)."""

    how_to_return = models.TextField(
        "how to pay money back",
        default=RETURN_INSTRUCTIONS,
        help_text="Sent to someone asked to return part of an advance. Never put bank details "
        "here: emails are not a safe place for them.",
    )
    keep_finance_years = models.PositiveSmallIntegerField(
        "keep finance records for (years)",
        default=6,
        validators=[MinValueValidator(1), MaxValueValidator(20)],
        help_text="UK finance records are usually kept for six years. After this, the names on "
        "payments are forgotten and the amounts kept.",
    )

    class Meta:
        verbose_name = verbose_name_plural = "money settings for the series"
        constraints = [models.CheckConstraint(condition=Q(pk=1), name="ledger_settings_one")]

    def __str__(self):
        return "Money settings for the series"
