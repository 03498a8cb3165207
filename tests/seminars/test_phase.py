"""A seminar's life: its phase and the windows actions ask, at their exact edges, in GMT and BST
and across the autumn clock change."""

import datetime

import pytest

from seminars.models import SeminarStatus, WindowState
from seminars.phase import Phase
from tests.factories import SeminarFactory
from tests.utils import london

pytestmark = pytest.mark.django_db

MICRO = datetime.timedelta(microseconds=1)


def seminar_on(starts_at, **fields):
    return SeminarFactory(
        starts_at=starts_at,
        ends_at=starts_at + datetime.timedelta(hours=6),
        registration_opens_at=starts_at - datetime.timedelta(days=40),
        registration_deadline=starts_at - datetime.timedelta(days=10),
        bursary_deadline=starts_at - datetime.timedelta(days=20),
        bursary_decisions_by=(starts_at - datetime.timedelta(days=15)).date(),
        **fields,
    )


@pytest.mark.parametrize(
    "starts_at",
    [london(2026, 12, 1, 10), london(2026, 7, 1, 10)],
    ids=["GMT", "BST"],
)
def test_each_phase_begins_at_its_exact_moment(starts_at):
    seminar = seminar_on(starts_at)
    opens = starts_at - datetime.timedelta(days=40)
    deadline = starts_at - datetime.timedelta(days=10)
    door_opens = starts_at - datetime.timedelta(hours=3)
    door_closes = starts_at + datetime.timedelta(hours=9)

    assert seminar.phase(opens - MICRO).phase == Phase.ANNOUNCED
    assert seminar.phase(opens).phase == Phase.REGISTRATION_OPEN
    assert seminar.phase(deadline - MICRO).phase == Phase.REGISTRATION_OPEN
    assert seminar.phase(deadline).phase == Phase.REGISTRATION_CLOSED
    assert seminar.phase(door_opens - MICRO).phase == Phase.REGISTRATION_CLOSED
    assert seminar.phase(door_opens).phase == Phase.ON_THE_DAY
    assert seminar.phase(door_closes - MICRO).phase == Phase.ON_THE_DAY
    assert seminar.phase(door_closes).phase == Phase.AWAITING_ATTENDANCE

    seminar.attendance_completed_at = door_closes + datetime.timedelta(days=1)
    assert seminar.phase(door_closes + datetime.timedelta(days=2)).phase == (
        Phase.ATTENDANCE_COMPLETE
    )


def test_the_door_list_window_is_measured_in_real_hours_across_the_clock_change():
    # 10am GMT on Sunday 25 October 2026; nine hours before is 1am GMT, the second 1am that day.
    seminar = seminar_on(london(2026, 10, 25, 10), check_in_margin_hours=9)

    assert not seminar.phase(london(2026, 10, 25, 1, 30, fold=0)).check_in  # 00:30 UTC
    assert seminar.phase(london(2026, 10, 25, 1, 0, fold=1)).check_in  # 01:00 UTC
    assert seminar.phase(london(2026, 10, 25, 1, 0, fold=1)).phase == Phase.ON_THE_DAY


def test_the_windows_each_phase_opens():
    seminar = seminar_on(london(2026, 12, 1, 10))

    before = seminar.phase(london(2026, 11, 1))
    assert before.registration == WindowState.OPEN
    assert (before.promotion, before.is_live) == (True, True)
    assert (before.check_in, before.attendance_entry, before.feedback) == (False, False, False)

    day = seminar.phase(london(2026, 12, 1, 9))
    assert (day.check_in, day.attendance_entry) == (True, True)
    assert day.registration == WindowState.CLOSED
    assert not day.promotion  # the waiting-list cut-off (48 hours) has passed
    assert (day.is_live, day.has_happened) == (True, False)  # before its start

    after = seminar.phase(london(2026, 12, 2, 9))
    assert after.phase == Phase.AWAITING_ATTENDANCE
    assert (after.attendance_entry, after.check_in, after.feedback) == (True, False, False)
    assert after.has_happened
    assert not after.is_live
    assert not seminar.phase(london(2026, 12, 1, 16, 30)).is_live  # on the day, after its end


def test_the_feedback_window_runs_from_completion_to_midnight_after_the_last_day(settings):
    settings.FEEDBACK_OPEN_DAYS = 28
    seminar = seminar_on(london(2026, 7, 1, 10))
    seminar.attendance_completed_at = london(2026, 7, 3, 15)

    assert seminar.phase(london(2026, 7, 3, 15)).feedback
    assert seminar.phase(london(2026, 8, 1) - MICRO).feedback  # the end of 31 July, BST
    closed = seminar.phase(london(2026, 8, 1))
    assert not closed.feedback
    assert closed.phase == Phase.ATTENDANCE_COMPLETE
    assert (closed.check_in, closed.attendance_entry) == (False, False)


@pytest.mark.parametrize(
    ("status", "phase"),
    [
        (SeminarStatus.DRAFT, Phase.DRAFT),
        (SeminarStatus.CANCELLED, Phase.CANCELLED),
        (SeminarStatus.POSTPONED, Phase.POSTPONED),
    ],
)
def test_nothing_is_open_while_a_seminar_is_a_draft_cancelled_or_postponed(status, phase):
    seminar = seminar_on(london(2026, 12, 1, 10), status=status)

    for moment in (london(2026, 11, 1), london(2026, 12, 1, 9), london(2026, 12, 2, 9)):
        life = seminar.phase(moment)
        assert life.phase == phase
        assert life.registration == WindowState.UNAVAILABLE
        assert not any((life.check_in, life.attendance_entry, life.feedback, life.promotion))
        assert not life.is_live


def test_a_seminar_known_by_its_month_only():
    seminar = SeminarFactory(
        starts_at=None,
        ends_at=None,
        tentative_month=datetime.date(2026, 12, 1),
        registration_deadline=None,
        registration_opens_at=None,
        bursary_deadline=None,
        bursary_decisions_by=None,
    )

    life = seminar.phase(london(2026, 11, 1))
    assert life.phase == Phase.MONTH_ONLY
    assert life.is_live
    assert (life.check_in, life.attendance_entry) == (False, False)
    assert life.check_in_opens is None
