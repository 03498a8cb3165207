"""A seminar's travel bursaries: this app's part of a seminar, one row beside it (a seminar
without one offers no bursaries)."""

import datetime
from decimal import Decimal

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone

from common.basemodels import TimeStampedModel
from seminars import dates
from seminars.models import Seminar
from seminars.phase import window_state

# Decisions later than this before the seminar leave little time for cheap advance fares.
DECISIONS_WARNING = datetime.timedelta(weeks=3)


class SeminarBursariesQuerySet(models.QuerySet):
    def moments_after(self, now):
        """When a public seminar's bursary applications close (common/pagecache.py expires
        pages then)."""
        rows = self.filter(seminar__in=Seminar.objects.public(), deadline__gt=now)
        return list(rows.values_list("deadline", flat=True))


class SeminarBursaries(TimeStampedModel):
    seminar = models.OneToOneField(
        Seminar, on_delete=models.CASCADE, primary_key=True, related_name="bursaries"
    )
    deadline = models.DateTimeField(
        null=True,
        blank=True,
        help_text="Bursary applications close at this moment (UK time). Leave empty when no "
        "bursaries are offered.",
    )
    decisions_by = models.DateField(
        "bursary decisions by",
        null=True,
        blank=True,
        help_text="The day by which applicants will hear whether they have a bursary: needed "
        "when bursaries are offered, on or after the day applications close and before the "
        "seminar. At least three weeks before the seminar leaves time for cheap advance fares.",
    )
    rolling_decisions = models.BooleanField(
        "decide on bursaries as applications arrive",
        default=False,
        help_text="Usually the panel reads every application after applications close, and "
        "sends decisions then. Tick this to send decisions before the deadline; the "
        "application form then says so.",
    )
    per_group = models.PositiveSmallIntegerField(
        "bursaries per group",
        default=5,
        help_text="Travel bursaries offered to each eligible group: service users and carers, "
        "third-sector employees, early-career researchers.",
    )
    max_award = models.DecimalField(
        "most one bursary can pay (£)",
        max_digits=7,
        decimal_places=2,
        default=Decimal("300.00"),
        help_text="The total offered to one person (travel, a night's stay, a companion's "
        "travel and replacement care together) stays within this.",
    )
    note = models.TextField(
        "note about travel to this seminar",
        blank=True,
        help_text="Shown with the series' bursary rules, for example 'Leeds station is a "
        "10-minute walk from the venue'.",
    )
    blind_review = models.BooleanField(
        "blind review of bursary applications",
        default=False,
        help_text="Hide applicants' names, emails and organisations from the bursary panel "
        "while they score.",
    )

    objects = SeminarBursariesQuerySet.as_manager()

    class Meta:
        verbose_name = "travel bursaries"
        verbose_name_plural = "travel bursaries"
        # The deadline's place before the seminar's start spans two tables, so clean() holds
        # it (the seminar's admin page checks it whenever either changes).
        constraints = [
            models.CheckConstraint(
                condition=Q(deadline__isnull=True) | Q(decisions_by__isnull=False),
                name="bursaries_seminarbursaries_have_decision_day",
                violation_error_message="Give the day by which bursary applicants will hear.",
            ),
            models.CheckConstraint(
                condition=Q(max_award__gt=0),
                name="bursaries_seminarbursaries_max_award_positive",
                violation_error_message="The most one bursary can pay must be more than £0.",
            ),
        ]

    def __str__(self):
        return f"Seminar {self.seminar.number}"

    def clean(self):
        errors = {}
        starts_at = self.seminar.starts_at if _has_seminar(self) else None
        if self.deadline and not starts_at:
            errors["deadline"] = (
                "Bursary applications can only close once the seminar has a fixed start time."
            )
        elif self.deadline and self.deadline > starts_at:
            errors["deadline"] = "Bursary applications must close before the seminar starts."
        errors.update(self._clean_decisions(starts_at))
        if errors:
            raise ValidationError(errors)

    def _clean_decisions(self, starts_at):
        if not self.deadline:
            return {}
        if not self.decisions_by:
            return {"decisions_by": "Give the day by which bursary applicants will hear."}
        closes = timezone.localtime(self.deadline).date()
        if self.decisions_by < closes:
            return {
                "decisions_by": "Decisions come after applications close: choose "
                f"{dates.day(closes)} or later."
            }
        if starts_at and self.decisions_by >= timezone.localtime(starts_at).date():
            return {"decisions_by": "Decisions must come before the seminar."}
        return {}

    @classmethod
    def of(cls, seminar):
        """`seminar`'s row, or an empty one (not saved, offering nothing) when it has none.
        Reads the row fetched with the seminar (select_related) when it was."""
        try:
            return seminar.bursaries
        except cls.DoesNotExist:
            return cls(seminar=seminar, deadline=None)

    @property
    def offered(self):
        """The one rule for whether a seminar offers travel bursaries: it has a bursary
        deadline and some bursaries for each group."""
        return bool(self.deadline and self.per_group)

    def state(self, now=None):
        """Where bursary applications stand: the seminar's rule for a window (seminars/phase.py),
        closing at the deadline."""
        return window_state(self.seminar, None, self.deadline, now)

    def decisions_late(self):
        """Whether applicants hear less than DECISIONS_WARNING before the seminar."""
        starts = self.seminar.starts_at
        if not (self.decisions_by and starts):
            return False
        return timezone.localtime(starts).date() - self.decisions_by < DECISIONS_WARNING


def _has_seminar(row):
    try:
        return row.seminar is not None
    except ObjectDoesNotExist:
        return False
