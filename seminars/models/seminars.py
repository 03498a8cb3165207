import datetime
from enum import nonmember

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone

from common.basemodels import TimeStampedModel
from people.models import Person

from .. import phase
from ..phase import _utc
from .venues import Venue


class SeminarStatus(models.TextChoices):
    DRAFT = "draft", "Draft (not shown on the site)"
    PUBLISHED = "published", "Published"
    POSTPONED = "postponed", "Postponed"
    CANCELLED = "cancelled", "Cancelled"

    public = nonmember(("published", "postponed", "cancelled"))


class WindowState(models.TextChoices):
    """Where a window of time stands: registration, or bursary applications."""

    UNAVAILABLE = "unavailable", "Not available"
    NOT_OPEN = "not_open", "Not open yet"
    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"


def ended_before(moment, *, via=""):
    """Seminars (or rows whose seminar, through `via` such as "seminar__") ended before
    `moment`: by their end, or their start when they have no end. The one rule for what is
    over, for pages and for retention."""
    return Q(**{f"{via}ends_at__lt": moment}) | Q(
        **{f"{via}ends_at__isnull": True, f"{via}starts_at__lt": moment}
    )


class SeminarQuerySet(models.QuerySet):
    def public(self):
        return self.filter(status__in=SeminarStatus.public)

    def _past_q(self, now):
        """Past: over by the clock. A postponed seminar is still to come, whatever its old date."""
        month_start = timezone.localtime(now).date().replace(day=1)
        return ~Q(status=SeminarStatus.POSTPONED) & (
            ended_before(now) | Q(starts_at__isnull=True, tentative_month__lt=month_start)
        )

    def upcoming(self, now=None):
        return self.exclude(self._past_q(now or timezone.now())).order_by("number")

    def past(self, now=None):
        return self.filter(self._past_q(now or timezone.now())).order_by("-number")

    def moments_after(self, now):
        """When a public seminar changes by the clock: registration opening or closing, the
        start and the end (common/pagecache.py expires pages then)."""
        rows = self.public().values_list(
            "registration_opens_at",
            "registration_deadline",
            "starts_at",
            "ends_at",
        )
        return [moment for row in rows for moment in row if moment and moment > now]


class Seminar(TimeStampedModel):
    number = models.PositiveSmallIntegerField(
        unique=True, help_text="Its place in the series: 1 for the first seminar."
    )
    title = models.CharField(max_length=250)
    slug = models.SlugField(max_length=200, unique=True, help_text="Used in the page address.")
    summary = models.TextField(
        max_length=500, blank=True, help_text="One or two sentences, shown in lists."
    )
    description = models.TextField(
        blank=True, help_text="What the seminar is about. Leave a blank line between paragraphs."
    )
    venue = models.ForeignKey(
        Venue, on_delete=models.PROTECT, null=True, blank=True, related_name="seminars"
    )
    starts_at = models.DateTimeField(
        null=True, blank=True, help_text="UK time. Leave empty while only the month is known."
    )
    ends_at = models.DateTimeField(null=True, blank=True, help_text="UK time.")
    tentative_month = models.DateField(
        null=True,
        blank=True,
        help_text="When only the month is known: any day in that month (the site shows the "
        "month only, with 'further details to be announced'). Leave empty once the date is fixed.",
    )
    status = models.CharField(
        max_length=20, choices=SeminarStatus.choices, default=SeminarStatus.DRAFT
    )
    registration_opens_at = models.DateTimeField(
        "registration opens", null=True, blank=True, help_text="UK time."
    )
    registration_deadline = models.DateTimeField(
        null=True,
        blank=True,
        help_text="The moment registration closes (UK time). The admin asks for the last day: "
        "'register by 10 December' closes at 00:00 on 11 December.",
    )
    capacity = models.PositiveIntegerField(
        "places",
        default=60,
        help_text="How many people can attend. Raising it gives the new places to the people "
        "waiting, in order (until the waiting-list cut-off).",
    )
    waiting_list_cutoff_hours = models.PositiveSmallIntegerField(
        "waiting list cut-off (hours)",
        default=48,
        help_text="When a place frees up, the first person waiting is given it automatically, "
        "until this many hours before the start. After that, organisers decide.",
    )
    attendance_completed_at = models.DateTimeField(
        "attendance complete since",
        null=True,
        blank=True,
        help_text="Set when an organiser says everyone's attendance is marked: certificates, "
        "the feedback form and the follow-up emails go out after that, once.",
    )
    check_in_margin_hours = models.PositiveSmallIntegerField(
        "door list opens (hours before the start)",
        default=3,
        help_text="Door helpers can mark arrivals and add walk-ins from this many hours before "
        "the start until as many hours after the end. After that, organisers enter attendance "
        "from the sign-in sheet until they mark it complete.",
    )
    # What the organisers have booked for the seminar itself, beside what the venue has: the
    # venue check (registrations/venue_check.py) sets them against what people ask for.
    bsl_interpreter_booked = models.BooleanField(
        "BSL interpreter booked",
        default=False,
        help_text="Tick once a British Sign Language interpreter is booked for the day. The "
        "seminar's page then says so.",
    )
    live_captions_booked = models.BooleanField(
        default=False,
        help_text="Tick once live captions are booked (in the room, and online if it has "
        "online places). The seminar's page then says so.",
    )
    speakers = models.ManyToManyField(
        Person, through="SeminarSpeaker", related_name="seminars", blank=True
    )

    objects = SeminarQuerySet.as_manager()

    class Meta:
        ordering = ["number"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=SeminarStatus.values), name="seminars_seminar_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(starts_at__isnull=True) | Q(tentative_month__isnull=True),
                name="seminars_seminar_date_or_month",
                violation_error_message="Give either a date or a tentative month, not both.",
            ),
            models.CheckConstraint(
                condition=Q(status=SeminarStatus.DRAFT)
                | Q(starts_at__isnull=False)
                | Q(tentative_month__isnull=False),
                name="seminars_seminar_public_has_date",
                violation_error_message="A seminar on the site needs a date or a tentative month.",
            ),
            models.CheckConstraint(
                condition=Q(tentative_month__isnull=True) | Q(tentative_month__day=1),
                name="seminars_seminar_month_is_first_day",
                violation_error_message="Store a tentative month as the first day of that month.",
            ),
            models.CheckConstraint(
                condition=Q(ends_at__isnull=True)
                | Q(starts_at__isnull=False, ends_at__gt=F("starts_at")),
                name="seminars_seminar_ends_after_start",
                violation_error_message="The seminar must end after it starts.",
            ),
            models.CheckConstraint(
                condition=Q(registration_deadline__isnull=True)
                | Q(starts_at__isnull=False, registration_deadline__lte=F("starts_at")),
                name="seminars_seminar_registration_deadline_before_start",
                violation_error_message="Registration needs a fixed date and must close before "
                "the seminar starts.",
            ),
            models.CheckConstraint(
                condition=Q(registration_opens_at__isnull=True)
                | Q(
                    registration_deadline__isnull=False,
                    registration_opens_at__lt=F("registration_deadline"),
                ),
                name="seminars_seminar_registration_opens_before_deadline",
                violation_error_message="Registration must open before its deadline.",
            ),
        ]

    def __str__(self):
        return f"Seminar {self.number}: {self.title}"

    def clean(self):
        if self.tentative_month:
            self.tentative_month = self.tentative_month.replace(day=1)
        errors = {}
        if self.starts_at and self.tentative_month:
            errors["tentative_month"] = "Leave the tentative month empty once the date is fixed."
        if self.status != SeminarStatus.DRAFT and not (self.starts_at or self.tentative_month):
            errors["starts_at"] = (
                "Give a start time, or a tentative month, before showing this seminar on the site."
            )
        if self.ends_at and not self.starts_at:
            errors["starts_at"] = "Give a start time as well as an end time."
        elif self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = "The end time must be after the start time."
        deadline = self.registration_deadline
        if deadline and not self.starts_at:
            errors["registration_deadline"] = (
                "Registration can only close once the seminar has a fixed start time."
            )
        elif deadline and deadline > self.starts_at:
            errors["registration_deadline"] = "Registration must close before the seminar starts."
        if self.registration_opens_at and not self.registration_deadline:
            errors["registration_deadline"] = "Give a deadline as well as an opening time."
        elif (
            self.registration_opens_at and self.registration_opens_at >= self.registration_deadline
        ):
            errors["registration_opens_at"] = "Registration must open before its deadline."
        if errors:
            raise ValidationError(errors)

    def get_absolute_url(self):
        return reverse("seminars:detail", kwargs={"slug": self.slug})

    @property
    def is_tentative(self):
        """Only the month is known: pages say so and never show an invented day."""
        return self.starts_at is None and self.tentative_month is not None

    @property
    def is_cancelled(self):
        return self.status == SeminarStatus.CANCELLED

    @property
    def is_postponed(self):
        return self.status == SeminarStatus.POSTPONED

    def phase(self, now=None):
        """Where this seminar stands at `now`, and which actions are open (seminars/phase.py)."""
        return phase.life(self, now)

    def is_past(self, now=None):
        now = now or timezone.now()
        if self.status == SeminarStatus.POSTPONED:
            return False
        if self.starts_at:
            return _utc(self.ends_at or self.starts_at) < _utc(now)
        if self.tentative_month:
            return self.tentative_month < timezone.localtime(now).date().replace(day=1)
        return False

    def registration_state(self, now=None):
        return phase.window_state(self, self.registration_opens_at, self.registration_deadline, now)

    def promotes_automatically(self, now=None):
        """Whether a freed place still goes to the first person waiting without an organiser."""
        if self.status != SeminarStatus.PUBLISHED:
            return False  # nobody is told "you have a place" at a cancelled or postponed seminar
        if not self.starts_at:
            return True
        # In UTC: an aware datetime in UK time subtracts hours by the wall clock.
        cutoff = _utc(self.starts_at) - datetime.timedelta(hours=self.waiting_list_cutoff_hours)
        return _utc(now or timezone.now()) < cutoff
