"""A seminar's travel bursaries (bursaries/models/rounds.py): their window, their rules, and a
seminar without them."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from bursaries.models import SeminarBursaries
from seminars.models import Seminar, SeminarStatus, WindowState
from tests.factories import SeminarFactory, TentativeSeminarFactory
from tests.utils import london, text

pytestmark = pytest.mark.django_db


def test_bursary_window_closes_at_its_own_deadline(seminar_1):
    bursaries = seminar_1.bursaries

    assert bursaries.state(london(2015, 11, 30, 23, 59, 59)) == WindowState.OPEN
    assert bursaries.state(london(2015, 12, 1, 0, 0, 0)) == WindowState.CLOSED


@pytest.mark.parametrize("status", [SeminarStatus.CANCELLED, SeminarStatus.POSTPONED])
def test_bursary_window_unavailable_when_not_going_ahead(seminar_1, status):
    seminar_1.status = status

    assert seminar_1.bursaries.state(london(2015, 11, 20)) == WindowState.UNAVAILABLE


def test_bursary_window_open_while_registration_is_open_in_the_seminars_life():
    starts_at = london(2026, 12, 1, 10)
    seminar = SeminarFactory(
        starts_at=starts_at,
        ends_at=starts_at + datetime.timedelta(hours=6),
        registration_opens_at=starts_at - datetime.timedelta(days=40),
        registration_deadline=starts_at - datetime.timedelta(days=10),
        bursary_deadline=starts_at - datetime.timedelta(days=20),
        bursary_decisions_by=(starts_at - datetime.timedelta(days=15)).date(),
    )

    assert seminar.phase(london(2026, 11, 1)).registration == WindowState.OPEN
    assert seminar.bursaries.state(london(2026, 11, 1)) == WindowState.OPEN


def test_a_seminar_without_its_bursaries_row_offers_none(client):
    seminar = SeminarFactory()
    SeminarBursaries.objects.filter(seminar=seminar).delete()
    seminar = Seminar.objects.get(pk=seminar.pk)

    bursaries = SeminarBursaries.of(seminar)
    page = text(client.get(seminar.get_absolute_url()))

    assert bursaries.offered is False
    assert bursaries.state() == WindowState.UNAVAILABLE
    assert "travel bursary" not in page.lower()
    assert not SeminarBursaries.objects.exists()


def test_clean_explains_each_bursary_date_rule_next_to_its_field():
    start = london(2016, 1, 5, 10)
    seminar = SeminarFactory.build(starts_at=start, ends_at=start + datetime.timedelta(hours=6))
    bursaries = SeminarBursaries(
        seminar=seminar,
        deadline=start + datetime.timedelta(days=1),
        decisions_by=datetime.date(2016, 1, 12),
    )

    with pytest.raises(ValidationError) as error:
        bursaries.full_clean(exclude=["seminar"])

    assert error.value.message_dict == {
        "deadline": ["Bursary applications must close before the seminar starts."],
        "decisions_by": ["Decisions must come before the seminar."],
    }


def test_clean_refuses_a_bursary_deadline_for_a_month_only_seminar():
    bursaries = SeminarBursaries(
        seminar=TentativeSeminarFactory.build(),
        deadline=london(2016, 9, 1),
        decisions_by=datetime.date(2016, 9, 8),
    )

    with pytest.raises(ValidationError) as error:
        bursaries.full_clean(exclude=["seminar"])

    assert error.value.message_dict == {
        "deadline": ["Bursary applications can only close once the seminar has a fixed start time."]
    }


def test_bursaries_need_a_decision_day_between_the_deadline_and_the_seminar():
    start = london(2016, 1, 5, 10)
    closes = london(2015, 12, 1)  # shown as "23:59 on Monday 30 November 2015"
    seminar = SeminarFactory.build(starts_at=start, ends_at=start + datetime.timedelta(hours=6))

    def errors(decisions_by):
        bursaries = SeminarBursaries(seminar=seminar, deadline=closes, decisions_by=decisions_by)
        try:
            bursaries.full_clean(exclude=["seminar"])
        except ValidationError as error:
            return error.message_dict.get("decisions_by")
        return None

    assert errors(None) == ["Give the day by which bursary applicants will hear."]
    assert errors(datetime.date(2015, 11, 30)) == [
        "Decisions come after applications close: choose Tuesday 1 December 2015 or later."
    ]
    assert errors(datetime.date(2015, 12, 1)) is None
    assert errors(datetime.date(2016, 1, 4)) is None
    assert errors(datetime.date(2016, 1, 5)) == ["Decisions must come before the seminar."]


def test_the_database_refuses_bursaries_without_a_decision_day():
    with pytest.raises(IntegrityError), transaction.atomic():
        SeminarFactory(bursary_decisions_by=None)


def test_the_database_refuses_a_most_award_of_nothing():
    with pytest.raises(IntegrityError), transaction.atomic():
        SeminarFactory(bursary_max_award=0)
