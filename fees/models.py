"""Involvement fees: the series pays people who take part with lived experience for their time,
as public-involvement practice asks (NIHR's payment guidance for public contributors), and says
at the outset how and when, and that they may decline it, take less or take it another way.

The money is the ledger's: each fee has an Account (and, if their travel is covered, a second
one for expenses); what was offered, released, approved and paid are entries there, never
fields here. This app holds who it is for, what it is for, the rate frozen on the offer, and the
contributor's choice."""

import secrets
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse

from common.basemodels import SeriesSettings, TimeStampedModel
from ledger.models import Account
from ledger.money import ZERO, pence
from seminars.models import Seminar, SeminarSpeaker

NIHR_GUIDANCE = (
    "As guidance: NIHR's 'Payment guidance for researchers and professionals' (the version in "
    "use in 2024) suggests £25 an hour for public contributors' involvement activity. Check "
    "the current rates at nihr.ac.uk before you change these."
)

CANCELLED_POLICY = """\
If we cancel the seminar within 7 days of it, we pay your fee in full. If we cancel it \
earlier, we pay for the preparation you have already done."""

UNWELL_POLICY = """\
If you are unwell and cannot take part, we pay the fee for the time you have already spent \
preparing. Please tell us when you can; you do not need to tell us why."""

BENEFITS_NOTE = """\
A fee can affect some benefits, such as Universal Credit or Employment and Support Allowance. \
Before you choose, you may want to ask a benefits adviser, Citizens Advice, or NIHR's benefits \
advice service for public contributors. You can take the fee, take less, ask for it another \
way, or say no: whatever you choose, you are just as welcome to take part."""

HOW_PAID = """\
We pay the fee through the university's payroll, or as a one-off payment. The university may \
ask to see proof of who you are, and tax may be taken off. We never ask for bank details by \
email."""


def new_token():
    return secrets.token_urlsafe(32)


def pounds(verbose_name, **kwargs):
    return models.DecimalField(
        verbose_name,
        max_digits=8,
        decimal_places=2,
        validators=[MinValueValidator(ZERO), MaxValueValidator(Decimal("10000"))],
        **kwargs,
    )


class FeeUnit(models.TextChoices):
    HOUR = "hour", "Hours"
    HALF_DAY = "half_day", "Half days"
    DAY = "day", "Days"


class FeeSettings(SeriesSettings):
    """The series' one row of fee rates and policies (a constraint keeps it one)."""

    hourly_rate = pounds(
        "rate per hour (£)",
        null=True,
        blank=True,
        default=Decimal("25.00"),
        help_text=NIHR_GUIDANCE,
    )
    half_day_rate = pounds(
        "rate per half day (£)",
        null=True,
        blank=True,
        help_text="Leave empty to offer fees by the hour or the day only.",
    )
    day_rate = pounds(
        "rate per day (£)",
        null=True,
        blank=True,
        help_text="Leave empty to offer fees by the hour or the half day only.",
    )
    payment_days = models.PositiveSmallIntegerField(
        "pay within (working days after the seminar)",
        default=10,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
    )
    how_paid = models.TextField(
        "how fees are paid",
        default=HOW_PAID,
        help_text="Shown on each contributor's page with 'within N working days after the "
        "seminar'. Never ask for bank details here: emails and pages are not a safe place.",
    )
    if_cancelled = models.TextField(
        "if the seminar is cancelled", default=CANCELLED_POLICY, help_text="Shown with the offer."
    )
    if_unwell = models.TextField(
        "if the contributor is unwell", default=UNWELL_POLICY, help_text="Shown with the offer."
    )
    benefits_note = models.TextField(
        "about benefits",
        default=BENEFITS_NOTE,
        help_text="Shown before the contributor chooses: whom to ask if they receive benefits.",
    )

    class Meta:
        verbose_name = verbose_name_plural = "involvement fee rates and policy"
        constraints = [models.CheckConstraint(condition=Q(pk=1), name="fees_settings_one")]

    def __str__(self):
        return "Involvement fee rates and policy"

    def rate(self, unit):
        """The rate for `unit`, or None when organisers have not set one."""
        return {
            FeeUnit.HOUR: self.hourly_rate,
            FeeUnit.HALF_DAY: self.half_day_rate,
            FeeUnit.DAY: self.day_rate,
        }[unit]


class FeeChoice(models.TextChoices):
    UNDECIDED = "undecided", "Not chosen yet"
    ACCEPTED = "accepted", "Takes the fee"
    LESS = "less", "Takes less"
    DECLINED = "declined", "Declined"
    ANOTHER_WAY = "another_way", "Another way"


class AnotherWay(models.TextChoices):
    VOUCHER = "voucher", "A voucher"
    ORGANISATION = "organisation", "Paid to an organisation"


class PartReason(models.TextChoices):
    """Why organisers approve less than the contributor chose, under the series' policy."""

    CANCELLED = "cancelled", "The seminar was cancelled: the preparation done is paid"
    UNWELL = "unwell", "They could not take part: the preparation done is paid"
    SHORTER = "shorter", "They took part for less time than planned"


class InvolvementFee(TimeStampedModel):
    seminar = models.ForeignKey(Seminar, on_delete=models.PROTECT, related_name="fees")
    speaker = models.ForeignKey(
        SeminarSpeaker,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="fees",
        help_text="Empty for a co-facilitator who is not on the programme.",
    )
    name = models.CharField(max_length=200, blank=True)
    email = models.EmailField(max_length=254)
    lived_experience = models.BooleanField(
        "takes part with lived experience",
        default=False,
        help_text="Health data: recorded only with the person's explicit consent.",
    )
    consent_at = models.DateTimeField(
        "consent to record lived experience given", null=True, blank=True
    )
    for_what = models.CharField(
        "what it is for",
        max_length=200,
        help_text="For example 'Speaking at seminar 3, and preparing'.",
    )
    unit = models.CharField(max_length=10, choices=FeeUnit.choices)
    quantity = models.DecimalField(
        max_digits=4,
        decimal_places=1,
        validators=[MinValueValidator(Decimal("0.5")), MaxValueValidator(Decimal("100"))],
    )
    rate = pounds("rate (£)", help_text="The series' rate when the fee was offered.")
    choice = models.CharField(max_length=20, choices=FeeChoice.choices, default="undecided")
    amount_chosen = pounds(
        "amount they take (£)", null=True, blank=True, help_text="When they take less."
    )
    another_way = models.CharField(max_length=20, choices=AnotherWay.choices, blank=True)
    organisation = models.CharField(
        "organisation to pay", max_length=200, blank=True, help_text="When paid to one."
    )
    chosen_at = models.DateTimeField(null=True, blank=True)
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    account = models.OneToOneField(Account, on_delete=models.PROTECT, related_name="fee")
    expenses_account = models.OneToOneField(
        Account, on_delete=models.PROTECT, null=True, blank=True, related_name="fee_expenses"
    )
    anonymised_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["seminar", "pk"]
        verbose_name = "involvement fee"
        constraints = [
            models.CheckConstraint(
                condition=Q(lived_experience=False) | Q(consent_at__isnull=False),
                name="fees_fee_lived_experience_needs_consent",
                violation_error_message="Record lived experience only with their consent.",
            ),
            models.CheckConstraint(
                condition=Q(unit__in=FeeUnit.values), name="fees_fee_unit_valid"
            ),
            models.CheckConstraint(
                condition=Q(choice__in=FeeChoice.values), name="fees_fee_choice_valid"
            ),
            models.CheckConstraint(
                condition=~Q(choice=FeeChoice.LESS) | Q(amount_chosen__isnull=False),
                name="fees_fee_less_has_amount",
            ),
            models.CheckConstraint(
                condition=~Q(choice=FeeChoice.ANOTHER_WAY) | ~Q(another_way=""),
                name="fees_fee_another_way_says_which",
            ),
        ]

    def __str__(self):
        return f"Fee {self.reference}"

    def get_absolute_url(self):
        return reverse("fees:fee", kwargs={"token": self.token})

    @property
    def reference(self):
        return f"F{self.pk}"

    @property
    def link_url(self):
        return settings.SITE_URL + self.get_absolute_url()

    @property
    def amount(self):
        """What was offered: the rate at the time, times the quantity."""
        return pence(self.rate * self.quantity)

    @property
    def amount_taken(self):
        """What they will be paid, as they chose (the offer until they choose)."""
        if self.choice == FeeChoice.DECLINED:
            return ZERO
        if self.choice == FeeChoice.LESS:
            return pence(self.amount_chosen)
        return self.amount

    @property
    def payee(self):
        """The name a payment is made to, frozen on the ledger's entry when paid."""
        if self.choice == FeeChoice.ANOTHER_WAY and self.another_way == AnotherWay.ORGANISATION:
            return self.organisation
        return self.name

    @property
    def time(self):
        """'4 hours', '1 day', '1.5 half days'."""
        number = format(Decimal(self.quantity).normalize(), "f")
        unit = {"hour": "hour", "half_day": "half day", "day": "day"}[self.unit]
        return f"{number} {unit}{'' if number == '1' else 's'}"

    @property
    def role(self):
        return "Speaker" if self.speaker_id else "Co-facilitator"
