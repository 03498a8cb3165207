"""A seminar's life, in one place: where it stands now, and which doors are open.

Every action that depends on the clock asks `seminar.phase(now)` (or `life(seminar, now)`),
never the clock directly: registering, giving freed places to those waiting, recording who
came, giving feedback. When a phase ends, the doors it opened close behind it. A window whose
times an app above keeps (bursary applications) asks `window_state`, the one rule for when a
window of a seminar is open.

    draft ─► month only ─► announced ─► registration open ─► registration closed
          ─► on the day (the door list is open) ─► awaiting attendance ─► attendance complete
    postponed and cancelled stand beside these: nothing is open while a seminar is either.

All moments are compared in UTC (see `_utc`), so the repeated hour of an autumn clock change
sorts as it happened.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.utils import timezone


class Phase(models.TextChoices):
    DRAFT = "draft", "Draft"
    MONTH_ONLY = "month_only", "Announced with a month only"
    ANNOUNCED = "announced", "Announced"
    REGISTRATION_OPEN = "registration_open", "Registration open"
    REGISTRATION_CLOSED = "registration_closed", "Registration closed"
    ON_THE_DAY = "on_the_day", "On the day"
    AWAITING_ATTENDANCE = "awaiting_attendance", "Awaiting attendance"
    ATTENDANCE_COMPLETE = "attendance_complete", "Attendance complete"
    POSTPONED = "postponed", "Postponed"
    CANCELLED = "cancelled", "Cancelled"


def _utc(moment):
    """Python compares two datetimes in the same zone by wall clock, ignoring `fold`, so 01:15 in
    the repeated hour of an autumn clock change would sort before 01:30 of the first pass.
    Comparing in UTC compares real moments."""
    return moment.astimezone(datetime.UTC)


@dataclass(frozen=True)
class Window:
    """A span of time an action is allowed in: [opens, closes). Either end may be None (open
    since always, or with no end yet)."""

    opens: datetime.datetime | None
    closes: datetime.datetime | None

    def holds(self, now):
        now = _utc(now)
        return (self.opens is None or _utc(self.opens) <= now) and (
            self.closes is None or now < _utc(self.closes)
        )


def check_in_window(seminar):
    """When arrivals and walk-ins are recorded at the door: from `check_in_margin_hours`
    before the start until as long after the end (the end of the start's UK day when no end
    is given). None for a seminar without a fixed start."""
    if seminar.starts_at is None:
        return None
    margin = datetime.timedelta(hours=seminar.check_in_margin_hours)
    end = seminar.ends_at or timezone.make_aware(
        datetime.datetime.combine(
            timezone.localdate(seminar.starts_at) + datetime.timedelta(days=1), datetime.time()
        )
    )
    # In UTC: an aware datetime in UK time adds hours by the wall clock.
    return Window(_utc(seminar.starts_at) - margin, _utc(end) + margin)


def feedback_window(seminar):
    """From the moment attendance is complete until midnight (UK time) at the end of the
    FEEDBACK_OPEN_DAYS-th day after it. None while attendance is not complete."""
    if seminar.attendance_completed_at is None:
        return None
    completed = timezone.localdate(seminar.attendance_completed_at)
    last_day = completed + datetime.timedelta(days=settings.FEEDBACK_OPEN_DAYS)
    closes = timezone.make_aware(
        datetime.datetime.combine(last_day + datetime.timedelta(days=1), datetime.time())
    )
    return Window(seminar.attendance_completed_at, closes)


def window_state(seminar, opens_at, deadline, now=None):
    """Where a window of `seminar` stands at `now`: open while opens_at <= now < deadline (no
    opening: open until the deadline), and only while the seminar is published; unavailable
    without a deadline. Registration asks it, and so do windows the apps above keep."""
    from .models.seminars import SeminarStatus, WindowState

    now = _utc(now or timezone.now())
    if seminar.status != SeminarStatus.PUBLISHED or deadline is None:
        return WindowState.UNAVAILABLE
    if opens_at and now < _utc(opens_at):
        return WindowState.NOT_OPEN
    return WindowState.OPEN if now < _utc(deadline) else WindowState.CLOSED


@dataclass(frozen=True)
class Life:
    """Where a seminar stands at one moment, and what may be done then."""

    phase: Phase
    registration: str  # a WindowState
    promotion: bool  # a freed place goes to the first person waiting without an organiser
    check_in: bool  # door helpers (and organisers) record arrivals and walk-ins
    attendance_entry: bool  # organisers (only) enter attendance from the paper sheet
    feedback: bool  # the feedback form takes answers
    has_happened: bool  # over by the clock (postponed never is): pages say it took place
    check_in_opens: datetime.datetime | None

    @property
    def attendance_complete(self):
        return self.phase == Phase.ATTENDANCE_COMPLETE

    @property
    def is_live(self):
        """Published and not yet over: invitations (bursaries, calendars) still make sense."""
        return self.phase in LIVE and not self.has_happened


LIVE = {
    Phase.MONTH_ONLY,
    Phase.ANNOUNCED,
    Phase.REGISTRATION_OPEN,
    Phase.REGISTRATION_CLOSED,
    Phase.ON_THE_DAY,
}


def life(seminar, now=None):
    from .models.seminars import SeminarStatus, WindowState

    now = now or timezone.now()
    registration = seminar.registration_state(now)
    happened = seminar.is_past(now)
    check_in = check_in_window(seminar)
    feedback = feedback_window(seminar)
    published = seminar.status == SeminarStatus.PUBLISHED
    complete = published and seminar.attendance_completed_at is not None
    door_open = published and not complete and check_in is not None and check_in.holds(now)
    after_door = (
        published and not complete and check_in is not None and _utc(now) >= _utc(check_in.closes)
    )

    if seminar.status == SeminarStatus.DRAFT:
        phase = Phase.DRAFT
    elif seminar.status == SeminarStatus.CANCELLED:
        phase = Phase.CANCELLED
    elif seminar.status == SeminarStatus.POSTPONED:
        phase = Phase.POSTPONED
    elif seminar.starts_at is None:
        phase = Phase.MONTH_ONLY
    elif complete:
        phase = Phase.ATTENDANCE_COMPLETE
    elif door_open:
        phase = Phase.ON_THE_DAY
    elif after_door:
        phase = Phase.AWAITING_ATTENDANCE
    elif registration == WindowState.OPEN:
        phase = Phase.REGISTRATION_OPEN
    elif registration == WindowState.CLOSED:
        phase = Phase.REGISTRATION_CLOSED
    else:
        phase = Phase.ANNOUNCED

    return Life(
        phase=phase,
        registration=registration,
        promotion=seminar.promotes_automatically(now),
        check_in=door_open,
        # Organisers may tick arrivals at the door too, then enter the rest from the sheet.
        attendance_entry=door_open or after_door,
        feedback=bool(complete and feedback and feedback.holds(now)),
        has_happened=happened,
        check_in_opens=check_in.opens if check_in else None,
    )
