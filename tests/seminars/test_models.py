import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from seminars import dates
from seminars.models import Seminar, SeminarStatus, WindowState
from tests.factories import SeminarFactory, SeminarSpeakerFactory, TentativeSeminarFactory
from tests.utils import london

pytestmark = pytest.mark.django_db


def test_registration_open_in_the_last_second(seminar_1):
    assert seminar_1.registration_state(london(2015, 12, 10, 23, 59, 59)) == WindowState.OPEN


def test_registration_closed_at_the_deadline_exactly(seminar_1):
    assert seminar_1.registration_state(london(2015, 12, 11, 0, 0, 0)) == WindowState.CLOSED


def test_registration_not_open_one_second_before_opening(seminar_1):
    state = seminar_1.registration_state(london(2015, 11, 1, 8, 59, 59))

    assert state == WindowState.NOT_OPEN


def test_registration_open_at_the_opening_second(seminar_1):
    assert seminar_1.registration_state(london(2015, 11, 1, 9, 0, 0)) == WindowState.OPEN


@pytest.mark.parametrize("status", [SeminarStatus.CANCELLED, SeminarStatus.POSTPONED])
def test_registration_unavailable_when_not_going_ahead(seminar_1, status):
    seminar_1.status = status

    assert seminar_1.registration_state(london(2015, 12, 1)) == WindowState.UNAVAILABLE


def test_registration_unavailable_without_a_deadline():
    seminar = TentativeSeminarFactory()

    assert seminar.registration_state() == WindowState.UNAVAILABLE


def test_deadline_across_the_clock_change_compares_real_moments():
    """A deadline of 02:00 BST on 25 October 2026 is 01:00 UTC; the second 01:00 (GMT) is after."""
    deadline = london(2026, 10, 25, 1, 30, fold=0)  # the first 01:30, still BST
    seminar = SeminarFactory(
        starts_at=london(2026, 11, 10, 10),
        ends_at=london(2026, 11, 10, 16),
        registration_opens_at=london(2026, 10, 1, 9),
        registration_deadline=deadline,
    )
    one_second_before = datetime.datetime(2026, 10, 25, 0, 29, 59, tzinfo=datetime.UTC)
    in_the_repeated_hour = london(2026, 10, 25, 1, 15, fold=1)  # 01:15 GMT, after the deadline

    assert seminar.registration_state(one_second_before) == WindowState.OPEN
    assert seminar.registration_state(in_the_repeated_hour) == WindowState.CLOSED


def test_deadline_in_words_names_the_last_open_minute():
    assert dates.deadline(london(2015, 12, 11, 0, 0)) == "23:59 on Thursday 10 December 2015"


def test_deadline_in_words_keeps_other_times():
    assert dates.deadline(london(2016, 7, 1, 17, 0)) == "17:00 on Friday 1 July 2016"


def test_deadline_in_words_uses_uk_summer_time():
    moment = datetime.datetime(2016, 7, 1, 16, 0, tzinfo=datetime.UTC)

    assert dates.deadline(moment) == "17:00 on Friday 1 July 2016"


def test_seminar_date_in_words(seminar_1):
    assert dates.seminar_when(seminar_1) == "Tuesday 5 January 2016, 10am to 4pm"


def test_seminar_date_in_words_with_minutes_and_midday():
    seminar = SeminarFactory(starts_at=london(2016, 2, 17, 9, 30), ends_at=london(2016, 2, 17, 12))

    assert dates.seminar_when(seminar) == "Wednesday 17 February 2016, 9:30am to midday"


def test_tentative_seminar_shows_month_only():
    seminar = TentativeSeminarFactory(tentative_month=datetime.date(2016, 10, 1))

    assert dates.seminar_when(seminar) == "October 2016 (date to be confirmed)"
    assert dates.seminar_short_when(seminar) == "October 2016"


def test_clean_moves_a_tentative_month_to_its_first_day():
    seminar = TentativeSeminarFactory.build(tentative_month=datetime.date(2016, 10, 17))

    seminar.full_clean()

    assert seminar.tentative_month == datetime.date(2016, 10, 1)


def test_database_refuses_a_tentative_month_not_on_the_first():
    with pytest.raises(IntegrityError), transaction.atomic():
        TentativeSeminarFactory(tentative_month=datetime.date(2016, 10, 17))


def test_database_refuses_both_date_and_month():
    with pytest.raises(IntegrityError), transaction.atomic():
        SeminarFactory(tentative_month=datetime.date(2016, 10, 1))


def test_database_refuses_a_public_seminar_without_any_date():
    with pytest.raises(IntegrityError), transaction.atomic():
        TentativeSeminarFactory(tentative_month=None)


def test_draft_seminar_may_have_no_date_yet():
    seminar = TentativeSeminarFactory(tentative_month=None, status=SeminarStatus.DRAFT)

    assert seminar.pk


def test_database_refuses_end_before_start():
    start = london(2016, 1, 5, 10)
    with pytest.raises(IntegrityError), transaction.atomic():
        SeminarFactory(starts_at=start, ends_at=start)


def test_database_refuses_registration_deadline_after_start():
    start = london(2016, 1, 5, 10)
    with pytest.raises(IntegrityError), transaction.atomic():
        SeminarFactory(
            starts_at=start,
            ends_at=start + datetime.timedelta(hours=6),
            registration_deadline=start + datetime.timedelta(seconds=1),
        )


def test_registration_deadline_at_the_start_exactly_is_allowed():
    start = london(2016, 1, 5, 10)

    seminar = SeminarFactory(
        starts_at=start, ends_at=start + datetime.timedelta(hours=6), registration_deadline=start
    )

    assert seminar.registration_deadline == start


def test_database_refuses_registration_opening_after_deadline():
    with pytest.raises(IntegrityError), transaction.atomic():
        SeminarFactory(
            registration_opens_at=london(2015, 12, 11),
            registration_deadline=london(2015, 12, 11),
        )


def test_clean_explains_each_date_rule_next_to_its_field():
    start = london(2016, 1, 5, 10)
    seminar = SeminarFactory.build(
        starts_at=start,
        ends_at=start - datetime.timedelta(hours=1),
        registration_opens_at=london(2016, 1, 1),
        registration_deadline=start + datetime.timedelta(days=1),
    )

    with pytest.raises(ValidationError) as error:
        seminar.full_clean(exclude=["venue"])

    assert error.value.message_dict == {
        "ends_at": ["The end time must be after the start time."],
        "registration_deadline": ["Registration must close before the seminar starts."],
    }


def test_clean_asks_for_a_date_before_publishing():
    seminar = TentativeSeminarFactory.build(tentative_month=None)

    with pytest.raises(ValidationError) as error:
        seminar.full_clean(exclude=["venue"])

    assert error.value.message_dict == {
        "starts_at": [
            "Give a start time, or a tentative month, before showing this seminar on the site."
        ]
    }


def test_clean_refuses_deadlines_for_a_month_only_seminar():
    seminar = TentativeSeminarFactory.build(registration_deadline=london(2016, 9, 1))

    with pytest.raises(ValidationError) as error:
        seminar.full_clean(exclude=["venue"])

    assert error.value.message_dict == {
        "registration_deadline": [
            "Registration can only close once the seminar has a fixed start time."
        ]
    }


def test_public_excludes_drafts():
    published = SeminarFactory()
    SeminarFactory(status=SeminarStatus.DRAFT)
    cancelled = SeminarFactory(status=SeminarStatus.CANCELLED)

    assert list(Seminar.objects.public()) == [published, cancelled]


def test_upcoming_and_past_split_at_the_end_of_the_seminar():
    now = london(2016, 1, 5, 12)
    running = SeminarFactory(
        starts_at=london(2016, 1, 5, 10),
        ends_at=london(2016, 1, 5, 16),
        registration_opens_at=None,
        registration_deadline=None,
        bursary_deadline=None,
    )
    finished = SeminarFactory(
        starts_at=london(2016, 1, 4, 10),
        ends_at=london(2016, 1, 4, 12),
        registration_opens_at=None,
        registration_deadline=None,
        bursary_deadline=None,
    )
    this_month = TentativeSeminarFactory(tentative_month=datetime.date(2016, 1, 1))
    last_month = TentativeSeminarFactory(tentative_month=datetime.date(2015, 12, 1))

    assert set(Seminar.objects.upcoming(now)) == {running, this_month}
    assert set(Seminar.objects.past(now)) == {finished, last_month}
    assert not running.is_past(now)
    assert not this_month.is_past(now)
    assert finished.is_past(now)
    assert last_month.is_past(now)


def test_a_person_speaks_once_per_seminar():
    talk = SeminarSpeakerFactory()

    with pytest.raises(IntegrityError), transaction.atomic():
        SeminarSpeakerFactory(seminar=talk.seminar, person=talk.person)


@pytest.mark.parametrize(
    ("moment", "months", "expected"),
    [
        (london(2025, 1, 15, 16), 3, london(2025, 4, 15, 16)),  # GMT to BST: same wall clock
        (london(2025, 3, 31, 12), -1, london(2025, 2, 28, 12)),  # the month's last day
        (london(2024, 3, 31, 12), -1, london(2024, 2, 29, 12)),
        (london(2025, 12, 1, 0), 1, london(2026, 1, 1, 0)),
    ],
)
def test_shift_months(moment, months, expected):
    assert dates.shift_months(moment, months) == expected
