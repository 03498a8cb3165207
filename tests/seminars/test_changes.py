"""What changed for people coming, when an organiser saves a seminar."""

import copy
import datetime

import pytest
from django.utils import timezone

from common.models import AuditEntry
from seminars.changes import describe, latest_change, parts_words, what_changed
from seminars.deadlines import day_and_time
from seminars.models import SeminarStatus
from tests.factories import SeminarFactory, TentativeSeminarFactory, VenueFactory
from tests.utils import london, seminar_parts_data

pytestmark = pytest.mark.django_db

HOUR = datetime.timedelta(hours=1)


def changed(seminar, **fields):
    after = copy.copy(seminar)
    for name, value in fields.items():
        setattr(after, name, value)
    return what_changed(seminar, after)


def test_another_day_is_a_new_date_whatever_the_times():
    seminar = SeminarFactory(starts_at=london(2027, 1, 5, 10), ends_at=london(2027, 1, 5, 16))

    assert changed(seminar, starts_at=london(2027, 1, 12, 11), ends_at=london(2027, 1, 12, 17)) == [
        "date"
    ]


def test_the_same_day_with_other_times_is_a_new_time():
    seminar = SeminarFactory(starts_at=london(2027, 1, 5, 10), ends_at=london(2027, 1, 5, 16))

    assert changed(seminar, starts_at=seminar.starts_at + HOUR) == ["time"]
    assert changed(seminar, ends_at=seminar.ends_at - HOUR) == ["time"]


def test_the_day_is_compared_in_uk_time():
    """00:30 BST on 1 June is 23:30 UTC on 31 May: moving it to 01:30 BST keeps the day."""
    seminar = SeminarFactory(starts_at=london(2027, 6, 1, 0, 30), ends_at=london(2027, 6, 1, 16))

    assert changed(seminar, starts_at=london(2027, 6, 1, 1, 30)) == ["time"]


def test_a_day_fixed_where_only_the_month_was_known_is_a_new_date():
    seminar = TentativeSeminarFactory()
    day = london(seminar.tentative_month.year, seminar.tentative_month.month, 9, 10)

    assert changed(seminar, tentative_month=None, starts_at=day, ends_at=day + HOUR) == ["date"]


def test_seconds_are_no_change():
    seminar = SeminarFactory()

    assert changed(seminar, starts_at=seminar.starts_at.replace(second=30, microsecond=5)) == []


def test_venue_and_postponement_and_nothing_that_matters():
    seminar = SeminarFactory()

    assert changed(seminar, venue=VenueFactory()) == ["venue"]
    assert changed(seminar, status=SeminarStatus.POSTPONED) == ["postponed"]
    assert changed(seminar, status=SeminarStatus.POSTPONED, venue=VenueFactory()) == [
        "postponed",
        "venue",
    ]
    assert changed(seminar, title="A new title", capacity=99) == []


def test_a_seminar_already_postponed_is_not_postponed_again():
    seminar = SeminarFactory(status=SeminarStatus.POSTPONED)

    assert changed(seminar, starts_at=seminar.starts_at + 7 * 24 * HOUR) == ["date"]


@pytest.mark.parametrize(
    ("parts", "words"),
    [
        (["date"], "date"),
        (["venue", "date"], "date and venue"),
        (["postponed", "time", "venue"], "time and venue"),
        (["date", "time", "venue"], "date, time and venue"),
        (["postponed"], ""),
    ],
)
def test_parts_in_words(parts, words):
    assert parts_words(parts) == words


def test_describe_for_staff():
    seminar = SeminarFactory(number=3)

    assert describe(seminar, ["date", "venue"]) == "The date and venue of seminar 3 changed"
    assert describe(seminar, ["postponed"]) == "Seminar 3 is postponed"
    assert describe(seminar, ["date", "postponed"]) == (
        "Seminar 3 is postponed, and its date changed"
    )


def admin_data(seminar, **overrides):
    """The seminar's change form as the admin posts it back unchanged (UK times), without
    inline rows; `overrides` change fields as an organiser would."""

    def moment(name):
        value = getattr(seminar, name)
        local = value and timezone.localtime(value)
        return {
            f"{name}_0": local and local.date().isoformat(),
            f"{name}_1": local and f"{local:%H:%M}",
        }

    def deadline(name):
        value = getattr(seminar, name)
        day, time = day_and_time(value) if value else (None, None)
        return {f"{name}_0": day and day.isoformat(), f"{name}_1": time and f"{time:%H:%M}"}

    data = {
        "number": seminar.number,
        "title": seminar.title,
        "slug": seminar.slug,
        "status": seminar.status,
        "summary": seminar.summary,
        "description": seminar.description,
        **moment("starts_at"),
        **moment("ends_at"),
        "tentative_month": seminar.tentative_month and seminar.tentative_month.isoformat(),
        "venue": seminar.venue_id,
        **moment("registration_opens_at"),
        **deadline("registration_deadline"),
        "capacity": seminar.capacity,
        "waiting_list_cutoff_hours": seminar.waiting_list_cutoff_hours,
        "check_in_margin_hours": seminar.check_in_margin_hours,
        **seminar_parts_data(seminar),
        "talks-TOTAL_FORMS": 0,
        "talks-INITIAL_FORMS": 0,
        "programme_items-TOTAL_FORMS": 0,
        "programme_items-INITIAL_FORMS": 0,
    }
    data.update(overrides)
    return {name: value for name, value in data.items() if value is not None}


def save_in_admin(client, seminar, **overrides):
    response = client.post(
        f"/admin/seminars/seminar/{seminar.pk}/change/", admin_data(seminar, **overrides)
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    return response


def test_saving_a_move_in_the_admin_records_what_changed_and_who(client, organiser):
    seminar = SeminarFactory(starts_at=london(2030, 3, 5, 10), ends_at=london(2030, 3, 5, 16))

    save_in_admin(client, seminar, starts_at_1="11:00")

    entry = latest_change(seminar)
    assert (entry.action, entry.by, entry.fields) == ("changed when or where", organiser, ["time"])


def test_saving_other_fields_records_no_change(client, organiser):
    seminar = SeminarFactory()

    save_in_admin(client, seminar, title="Another title", capacity=50)
    save_in_admin(client, seminar)

    assert latest_change(seminar) is None
    assert not AuditEntry.objects.exists()
