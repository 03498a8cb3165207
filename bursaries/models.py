import secrets
from decimal import Decimal
from enum import nonmember
from pathlib import PurePath

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse

from config.models import TimeStampedModel
from config.storage import private_storage
from seminars.models import Seminar

PANEL_GROUP = "Bursary panel"
STATEMENT_WORD_LIMIT = 250
MAX_COST = Decimal("2000.00")


def new_token():
    return secrets.token_urlsafe(32)


class BursaryGroup(models.TextChoices):
    SERVICE_USER_CARER = "service_user_carer", "Service users and carers"
    THIRD_SECTOR = "third_sector", "Employees of third-sector organisations"
    EARLY_CAREER = "early_career", "Early-career researchers"


class BursaryStatus(models.TextChoices):
    """The whole journey of an application; allowed moves are in TRANSITIONS below."""

    SUBMITTED = "submitted", "Submitted"
    WITHDRAWN = "withdrawn", "Withdrawn"
    RESERVE = "reserve", "On the reserve list"
    NOT_OFFERED = "not_offered", "Not offered"
    OFFERED = "offered", "Offered"
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"
    LAPSED = "lapsed", "Lapsed (no reply in time)"
    CLAIMED = "claimed", "Claim submitted"
    QUERIED = "queried", "Claim queried"
    PAID = "paid", "Paid"

    # One application per address and seminar may be in any of these.
    open = nonmember(
        (
            "submitted",
            "reserve",
            "not_offered",
            "offered",
            "accepted",
            "declined",
            "lapsed",
            "claimed",
            "queried",
            "paid",
        )
    )
    # Every live award counts against the seminar's bursaries for the group.
    live_award = nonmember(("offered", "accepted", "claimed", "queried", "paid"))
    # The applicant may withdraw while the application is in one of these.
    withdrawable = nonmember(("submitted", "reserve", "offered", "accepted"))


S = BursaryStatus
TRANSITIONS = {
    S.SUBMITTED: {S.WITHDRAWN, S.OFFERED, S.RESERVE, S.NOT_OFFERED},
    S.RESERVE: {S.WITHDRAWN, S.OFFERED, S.NOT_OFFERED},
    S.OFFERED: {S.WITHDRAWN, S.ACCEPTED, S.DECLINED, S.LAPSED},
    S.ACCEPTED: {S.WITHDRAWN, S.CLAIMED},
    S.CLAIMED: {S.QUERIED, S.PAID},
    S.QUERIED: {S.CLAIMED, S.PAID},
    S.WITHDRAWN: set(),
    S.NOT_OFFERED: set(),
    S.DECLINED: set(),
    S.LAPSED: set(),
    S.PAID: set(),
}


class BursaryApplication(TimeStampedModel):
    seminar = models.ForeignKey(
        Seminar, on_delete=models.PROTECT, related_name="bursary_applications"
    )
    name = models.CharField("full name", max_length=200)
    email = models.EmailField(max_length=254)
    group = models.CharField(max_length=30, choices=BursaryGroup.choices)
    organisation = models.CharField("organisation or institution", max_length=200, blank=True)
    travelling_from = models.CharField("travelling from", max_length=200)
    travel_cost = models.DecimalField(
        "expected travel cost (£)",
        max_digits=7,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(MAX_COST)],
    )
    companion_needed = models.BooleanField("a companion or carer must travel too", default=False)
    companion_cost = models.DecimalField(
        "companion's expected travel cost (£)",
        max_digits=7,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(MAX_COST)],
    )
    prefers_booking = models.BooleanField(
        "would rather we book and pay for tickets in advance", default=False
    )
    access_needs = models.TextField(max_length=2000, blank=True)
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

    # The offer, once made.
    offer_amount = models.DecimalField(
        "amount offered (£)", max_digits=7, decimal_places=2, null=True, blank=True
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
    booking_details = models.TextField(
        "tickets we booked",
        blank=True,
        help_text="What the organisers booked and paid for. The applicant sees this.",
    )

    anonymised_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When personal details and receipts were removed, keeping amounts and dates.",
    )

    # A decision the panel has staged, to preview and send with others.
    staged_decision = models.CharField(
        max_length=20,
        blank=True,
        choices=[
            (BursaryStatus.OFFERED, "Offer"),
            (BursaryStatus.RESERVE, "Reserve list"),
            (BursaryStatus.NOT_OFFERED, "Not offered"),
        ],
    )
    staged_amount = models.DecimalField(max_digits=7, decimal_places=2, null=True, blank=True)
    staged_reply_by = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["seminar", "group", "created", "pk"]
        verbose_name = "bursary application"
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                "seminar",
                condition=Q(status__in=BursaryStatus.open),
                name="bursaries_application_one_open_per_email",
                violation_error_message="This email already has a bursary application for this "
                "seminar.",
            ),
            models.CheckConstraint(
                condition=Q(status__in=BursaryStatus.values),
                name="bursaries_application_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(group__in=BursaryGroup.values),
                name="bursaries_application_group_valid",
            ),
            models.CheckConstraint(
                condition=Q(health_consent_at__isnull=False)
                | (~Q(group=BursaryGroup.SERVICE_USER_CARER) & Q(access_needs="")),
                name="bursaries_application_health_data_needs_consent",
                violation_error_message="Being a service user or carer, and access needs, can "
                "only be recorded with the applicant's explicit consent.",
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
                condition=Q(travel_cost__gte=0, travel_cost__lte=MAX_COST)
                & (Q(companion_cost__isnull=True) | Q(companion_cost__gte=0)),
                name="bursaries_application_costs_in_range",
            ),
        ]

    def __str__(self):
        # Shown in admin history and log entries: never the applicant's name.
        return f"Bursary application {self.pk}"

    # Deliberately no get_absolute_url: the admin's "view on site" redirect would hand the
    # private link to any staff member, whatever their permissions.
    @property
    def status_path(self):
        return reverse("bursaries:status", kwargs={"token": self.token})

    @property
    def status_url(self):
        return settings.SITE_URL + self.status_path

    @property
    def total_cost(self):
        return self.travel_cost + (self.companion_cost or Decimal("0"))

    @property
    def can_withdraw(self):
        return self.status in BursaryStatus.withdrawable

    def can_move_to(self, status):
        return status in TRANSITIONS.get(self.status, set())


class StatusChange(models.Model):
    """Who moved an application from one status to another, and when."""

    application = models.ForeignKey(
        BursaryApplication, on_delete=models.CASCADE, related_name="status_changes"
    )
    from_status = models.CharField(max_length=20, choices=BursaryStatus.choices)
    to_status = models.CharField(max_length=20, choices=BursaryStatus.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="Empty when the applicant or the system made the change.",
    )
    at = models.DateTimeField()

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.get_from_status_display()} to {self.get_to_status_display()}"

    @property
    def who(self):
        return self.by.get_username() if self.by else "The applicant or the system"


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


class Claim(TimeStampedModel):
    """What an award holder spent, with receipts, and what the panel decided to pay."""

    application = models.OneToOneField(
        BursaryApplication, on_delete=models.CASCADE, related_name="claim"
    )
    amount = models.DecimalField(
        "amount claimed (£)",
        max_digits=7,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(MAX_COST)],
    )
    reason_over_offer = models.TextField(
        "why the claim is more than the offer", max_length=2000, blank=True
    )
    question = models.TextField("the panel's question", max_length=2000, blank=True)
    answer = models.TextField("the applicant's answer", max_length=2000, blank=True)
    amount_paid = models.DecimalField(
        "amount paid (£)", max_digits=7, decimal_places=2, null=True, blank=True
    )
    paid_on = models.DateField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gt=0), name="bursaries_claim_amount_positive"
            ),
            models.CheckConstraint(
                condition=Q(amount_paid__isnull=True) | Q(amount_paid__gte=0),
                name="bursaries_claim_paid_not_negative",
            ),
        ]

    def __str__(self):
        return f"Claim for bursary application {self.application_id}"


def receipt_path(receipt, filename):
    """A random name: nothing of the applicant's own file name is kept."""
    return f"receipts/{new_token()}{PurePath(filename).suffix.lower()}"


class Receipt(models.Model):
    """A receipt file: stored outside the public media, re-encoded or checked on upload."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="receipts")
    file = models.FileField(upload_to=receipt_path, storage=private_storage, max_length=200)
    content_type = models.CharField(max_length=50)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "pk"]

    def __str__(self):
        return f"Receipt {self.pk}"

    @property
    def download_name(self):
        extension = {"application/pdf": "pdf", "image/png": "png"}.get(self.content_type, "jpg")
        return f"receipt-{self.pk}.{extension}"
