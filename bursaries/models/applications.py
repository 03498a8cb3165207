import secrets
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q, Value
from django.db.models.functions import Coalesce, Lower
from django.urls import reverse
from django.utils import timezone

from common.basemodels import TimeStampedModel
from common.validators import clean_name_fields
from registrations.models import ParticipantGroup
from registrations.needs import validate_needs, words
from seminars.models import Seminar

from .rounds import SeminarBursaries
from .states import (
    BURSARY_GROUP_OF,
    COST_FIELDS,
    TRANSITIONS,
    BursaryGroup,
    BursaryStatus,
    CostLine,
    PaymentMethod,
)

PANEL_GROUP = "Bursary panel"
STATEMENT_WORD_LIMIT = 250
MAX_COST = Decimal("2000.00")
ZERO = Decimal("0.00")


def new_token():
    return secrets.token_urlsafe(32)


def pounds(verbose_name, **kwargs):
    """An amount in pounds and pence, up to MAX_COST."""
    return models.DecimalField(
        verbose_name,
        max_digits=7,
        decimal_places=2,
        validators=[MinValueValidator(ZERO), MaxValueValidator(MAX_COST)],
        **kwargs,
    )


def _sum_of(*fields):
    zero = Value(ZERO, output_field=models.DecimalField(max_digits=7, decimal_places=2))
    total = Coalesce(F(fields[0]), zero)
    for field in fields[1:]:
        total = total + Coalesce(F(field), zero)
    return total


OFFER_FIELDS = [offered for _, offered in COST_FIELDS.values()]


class BursaryApplication(TimeStampedModel):
    seminar = models.ForeignKey(
        Seminar, on_delete=models.PROTECT, related_name="bursary_applications"
    )
    name = models.CharField("full name", max_length=200)
    email = models.EmailField(max_length=254)
    group = models.CharField(
        max_length=30,
        choices=ParticipantGroup.choices,
        help_text="Their answer to the registration form's group question; the bursary group "
        "follows from it.",
    )
    organisation = models.CharField("organisation or institution", max_length=200, blank=True)
    supporter_name = models.CharField(
        "filled in by",
        max_length=200,
        blank=True,
        help_text="The supporter who applied on the person's behalf, if anyone did.",
    )
    travelling_from = models.CharField("travelling from", max_length=200)
    travel_cost = pounds("expected travel cost (£)")
    accommodation_cost = pounds("expected cost of staying overnight (£)", null=True, blank=True)
    companion_needed = models.BooleanField("a companion or carer must travel too", default=False)
    companion_cost = pounds("companion's expected travel cost (£)", null=True, blank=True)
    care_cost = pounds("expected cost of replacement care or childcare (£)", null=True, blank=True)
    payment_method = models.CharField(
        "how we pay",
        max_length=20,
        choices=PaymentMethod.choices,
        default=PaymentMethod.REIMBURSE,
        help_text="What the applicant asked for; fixed when they accept an offer.",
    )
    access_needs = models.TextField(max_length=2000, blank=True)
    needs = models.JSONField(
        "needs from the checklist",
        default=list,
        blank=True,
        validators=[validate_needs],
        help_text="Access needs ticked (registrations/needs.py); kept only with consent.",
    )
    statement = models.TextField("why they want to attend", max_length=3000)
    health_consent_at = models.DateTimeField(
        "consent to hold health information", null=True, blank=True
    )
    privacy_agreed_at = models.DateTimeField("agreed to the privacy notice")
    status = models.CharField(
        max_length=20, choices=BursaryStatus.choices, default=BursaryStatus.SUBMITTED
    )
    status_changed_at = models.DateTimeField(null=True, blank=True)
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    changed_at = models.DateTimeField(
        "last changed by the applicant",
        null=True,
        blank=True,
        help_text="Scores given before this moment were given to an earlier version.",
    )

    # The decision: staged by the panel, then sent with others after a preview. An offer's
    # amounts are filled in when it is staged and take effect when it is sent.
    staged_decision = models.CharField(
        max_length=20,
        blank=True,
        choices=[
            (BursaryStatus.OFFERED, "Offer"),
            (BursaryStatus.RESERVE, "Reserve list"),
            (BursaryStatus.NOT_OFFERED, "Not offered"),
        ],
    )
    decision_note = models.TextField(
        "a personal line from the panel",
        max_length=1000,
        blank=True,
        help_text="Added to the decision email, after our standard words.",
    )
    offer_travel = pounds("offered for travel (£)", null=True, blank=True)
    offer_accommodation = pounds("offered for staying overnight (£)", null=True, blank=True)
    offer_companion = pounds("offered for a companion's travel (£)", null=True, blank=True)
    offer_care = pounds("offered for replacement care (£)", null=True, blank=True)
    offer_amount = models.DecimalField(
        "amount offered in all (£)", max_digits=7, decimal_places=2, null=True, blank=True
    )
    reply_by = models.DateTimeField(null=True, blank=True, help_text="UK time.")
    offer_reminder_sent_at = models.DateTimeField(null=True, blank=True)
    registration = models.ForeignKey(
        "registrations.Registration",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The place held for, or confirmed to, the applicant with the offer.",
    )

    # Its money (ledger): opened when the offer is sent; what was offered, booked, advanced,
    # claimed, approved, paid, asked back, returned or waived are its entries.
    account = models.OneToOneField(
        "ledger.Account",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )

    anonymised_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When personal details and receipts were removed, keeping amounts and dates.",
    )

    class Meta:
        ordering = ["seminar", "group", "created", "pk"]
        verbose_name = "bursary application"
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                "seminar",
                condition=Q(status__in=BursaryStatus.not_withdrawn),
                name="bursaries_application_one_open_per_email",
                violation_error_message="This email already has a bursary application for this "
                "seminar.",
            ),
            models.CheckConstraint(
                condition=Q(status__in=BursaryStatus.values),
                name="bursaries_application_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(group__in=list(BURSARY_GROUP_OF)),
                name="bursaries_application_group_valid",
                violation_error_message="Bursaries are for service users, carers, third-sector "
                "employees and early-career researchers.",
            ),
            models.CheckConstraint(
                condition=Q(payment_method__in=PaymentMethod.values),
                name="bursaries_application_payment_method_valid",
            ),
            models.CheckConstraint(
                condition=Q(health_consent_at__isnull=False)
                | (~Q(group__in=ParticipantGroup.health_related) & Q(access_needs="")),
                name="bursaries_application_health_data_needs_consent",
                violation_error_message="Being a service user or carer, and access needs, can "
                "only be recorded with the applicant's explicit consent.",
            ),
            models.CheckConstraint(
                condition=Q(health_consent_at__isnull=False) | Q(needs=[]),
                name="bursaries_application_needs_need_consent",
                violation_error_message="Needs from the checklist can only be recorded with the "
                "applicant's explicit consent.",
            ),
            models.CheckConstraint(
                condition=Q(companion_needed=True) | Q(companion_cost__isnull=True),
                name="bursaries_application_companion_cost_needs_companion",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=BursaryStatus.live_award)
                | Q(offer_amount__gt=0, reply_by__isnull=False),
                name="bursaries_application_award_has_amount",
                violation_error_message="An offer needs an amount above zero and a reply-by date.",
            ),
            models.CheckConstraint(
                condition=Q(offer_amount__isnull=True) | Q(offer_amount=_sum_of(*OFFER_FIELDS)),
                name="bursaries_application_offer_is_its_lines",
                violation_error_message="The amount offered is the sum of its lines.",
            ),
            models.CheckConstraint(
                condition=Q(travel_cost__gte=0, travel_cost__lte=MAX_COST)
                & (Q(companion_cost__isnull=True) | Q(companion_cost__gte=0))
                & (Q(accommodation_cost__isnull=True) | Q(accommodation_cost__gte=0))
                & (Q(care_cost__isnull=True) | Q(care_cost__gte=0)),
                name="bursaries_application_costs_in_range",
            ),
            models.CheckConstraint(
                condition=(Q(offer_travel__isnull=True) | Q(offer_travel__gte=0))
                & (Q(offer_accommodation__isnull=True) | Q(offer_accommodation__gte=0))
                & (Q(offer_companion__isnull=True) | Q(offer_companion__gte=0))
                & (Q(offer_care__isnull=True) | Q(offer_care__gte=0)),
                name="bursaries_application_offer_lines_not_negative",
            ),
        ]

    def __str__(self):
        # Shown in admin history and log entries: never the applicant's name.
        return f"Bursary application {self.pk}"

    def clean(self):
        clean_name_fields(self, "name", "supporter_name")

    # Deliberately no get_absolute_url: the admin's "view on site" redirect would hand the
    # private link to any staff member, whatever their permissions.
    @property
    def needs_ticked(self):
        return words(self.needs)

    def details_for_place(self):
        """What accepting an offer carries to the person's place (complete_details' arguments),
        health information under the consent given here."""
        return {
            "group": self.group,
            "organisation": self.organisation,
            "access_requirements": self.access_needs,
            "needs": self.needs,
            "health_consent_at": self.health_consent_at,
        }

    @property
    def status_path(self):
        return reverse("bursaries:status", kwargs={"token": self.token})

    @property
    def status_url(self):
        return settings.SITE_URL + self.status_path

    @property
    def reference(self):
        return f"B{self.pk}"

    @property
    def bursary_group(self):
        return BURSARY_GROUP_OF.get(self.group)

    def get_bursary_group_display(self):
        group = self.bursary_group
        return group.label if group else ""

    def expected(self, line):
        return getattr(self, COST_FIELDS[line][0])

    def offered(self, line):
        return getattr(self, COST_FIELDS[line][1])

    def cost_lines(self, labels=None):
        """(label, expected, offered) for each line the applicant or the panel filled in, each
        labelled as the applicant reads it, or by `labels` ({line: label})."""
        return [
            (labels[line] if labels else line.label, self.expected(line), self.offered(line))
            for line in CostLine
            if self.expected(line) is not None or self.offered(line)
        ]

    @property
    def is_awarded(self):
        return self.status in BursaryStatus.awarded

    @property
    def can_withdraw(self):
        """Before the seminar, and before anything was booked or paid in advance."""
        starts = self.seminar.starts_at
        started = starts is not None and starts <= timezone.now()
        return self.status in BursaryStatus.withdrawable and not started

    @property
    def can_claim(self):
        return self.status in BursaryStatus.claimable

    def can_move_to(self, status):
        return status in TRANSITIONS.get(self.status, set())

    def can_correct(self, now=None):
        """The applicant may change the application until applications close."""
        deadline = SeminarBursaries.of(self.seminar).deadline
        now = now or timezone.now()
        return self.status in BursaryStatus.correctable and bool(deadline) and now < deadline

    @property
    def identity_fixed(self):
        """Email and group stay as they are once the panel has made a decision."""
        return self.status != BursaryStatus.SUBMITTED


class Score(models.IntegerChoices):
    ONE = 1, "1: does not meet the aims of the bursaries"
    TWO = 2, "2: weak case"
    THREE = 3, "3: reasonable case"
    FOUR = 4, "4: strong case"
    FIVE = 5, "5: outstanding case"


class Review(TimeStampedModel):
    """One panel member's score and comment, or their declared conflict of interest."""

    application = models.ForeignKey(
        BursaryApplication, on_delete=models.CASCADE, related_name="reviews"
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="bursary_reviews"
    )
    score = models.PositiveSmallIntegerField(choices=Score.choices, null=True, blank=True)
    comment = models.TextField(max_length=2000, blank=True)
    conflict = models.BooleanField(
        "conflict of interest",
        default=False,
        help_text="The reviewer knows the applicant: they no longer score or see the application.",
    )

    class Meta:
        ordering = ["created", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "reviewer"], name="bursaries_review_one_per_reviewer"
            ),
            models.CheckConstraint(
                condition=(Q(conflict=True) & Q(score__isnull=True))
                | (Q(conflict=False) & Q(score__gte=1) & Q(score__lte=5)),
                name="bursaries_review_score_or_conflict",
            ),
        ]

    def __str__(self):
        return f"Review of bursary application {self.application_id}"

    def given_before_change(self, application):
        """Whether the applicant changed the application after this score was given."""
        return bool(application.changed_at and self.updated < application.changed_at)


class BursaryCount(models.Model):
    """Anonymous counts of applications erased at the applicant's request: each is counted
    here once, as it goes, so that the funder's report stays true. (Retention keeps applications,
    anonymised, so they are counted where they are.)"""

    seminar = models.ForeignKey(Seminar, on_delete=models.PROTECT, related_name="bursary_counts")
    group = models.CharField(max_length=30, choices=BursaryGroup.choices)
    applied = models.PositiveIntegerField(default=0)
    offered = models.PositiveIntegerField(default=0)
    accepted = models.PositiveIntegerField(default=0)
    claimed = models.PositiveIntegerField(default=0)
    paid = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["seminar", "group"]
        verbose_name = "anonymous bursary count"
        constraints = [
            models.UniqueConstraint(
                fields=["seminar", "group"], name="bursaries_bursarycount_one_row_per_group"
            ),
        ]

    def __str__(self):
        return f"{self.seminar}: {self.applied} {self.get_group_display()}"
