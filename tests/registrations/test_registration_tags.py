import datetime

import pytest
import time_machine
from django.db import connection
from django.template import Context, Template
from django.test.utils import CaptureQueriesContext

from registrations.models import RegistrationStatus
from registrations.services import places_left
from registrations.templatetags.registration_tags import seminar_states
from seminars.models import SeminarStatus
from tests.factories import RegistrationFactory, SeminarFactory, TentativeSeminarFactory
from tests.test_pagecache import committed  # noqa: F401
from tests.utils import london, text

pytestmark = pytest.mark.django_db


def state(seminar, now=None):
    return seminar_states({"now": now}, [seminar])[0].state


def test_open_seminar_counts_confirmed_and_held_places_as_places_left_does():
    seminar = SeminarFactory(capacity=5)
    RegistrationFactory(seminar=seminar, status=RegistrationStatus.CONFIRMED)
    RegistrationFactory(seminar=seminar, status=RegistrationStatus.HELD)
    RegistrationFactory(seminar=seminar, status=RegistrationStatus.WAITING)
    RegistrationFactory(seminar=seminar, status=RegistrationStatus.CANCELLED)

    found = state(seminar)

    assert (found.key, found.label, found.places_left) == ("open", "Open: 3 places left", 3)
    assert found.places_left == places_left(seminar)
    assert found.action_label == "Register for a place"
    assert found.action_url == f"{seminar.get_absolute_url()}register/"


def test_one_place_left_is_singular():
    seminar = SeminarFactory(capacity=2)
    RegistrationFactory(seminar=seminar)

    assert state(seminar).label == "Open: 1 place left"


def test_full_seminar_offers_the_waiting_list():
    seminar = SeminarFactory(capacity=1)
    RegistrationFactory(seminar=seminar)

    found = state(seminar)

    assert (found.key, found.label, found.action_label) == (
        "waiting_list",
        "Full: waiting list open",
        "Join the waiting list",
    )


@pytest.mark.parametrize(
    ("make", "key", "label"),
    [
        (lambda: SeminarFactory(status=SeminarStatus.CANCELLED), "cancelled", "Cancelled"),
        (
            lambda: SeminarFactory(status=SeminarStatus.POSTPONED),
            "postponed",
            "Postponed: new date to come",
        ),
        (
            lambda: TentativeSeminarFactory(tentative_month=datetime.date(2031, 3, 1)),
            "to_be_announced",
            "Date to be announced",
        ),
        (
            lambda: SeminarFactory(
                starts_at=london(2016, 1, 5, 10), ends_at=london(2016, 1, 5, 16)
            ),
            "past",
            "Took place",
        ),
        (
            lambda: SeminarFactory(registration_deadline=None, registration_opens_at=None),
            "not_open",
            "Registration not open yet",
        ),
    ],
)
def test_seminars_not_taking_registrations_say_why_and_link_to_their_page(make, key, label):
    seminar = make()

    found = state(seminar)

    assert (found.key, found.label) == (key, label)
    assert (found.action_label, found.action_url) == ("See the seminar", seminar.get_absolute_url())
    assert not found.takes_registrations


def test_registration_window_by_the_clock():
    seminar = SeminarFactory(
        starts_at=london(2030, 1, 8, 10),
        ends_at=london(2030, 1, 8, 16),
        registration_opens_at=london(2029, 11, 1, 9),
        registration_deadline=london(2029, 12, 29),
    )

    before = state(seminar, now=london(2029, 11, 1, 8, 59))
    during = state(seminar, now=london(2029, 11, 1, 9))
    after = state(seminar, now=london(2029, 12, 29))

    assert (before.key, before.label) == ("not_open", "Registration opens 1 November 2029")
    assert during.key == "open"
    assert (after.key, after.label) == ("closed", "Registration closed")


@time_machine.travel(london(2029, 12, 1, 12))
def test_the_tag_uses_the_pages_clock_when_it_has_none():
    seminar = SeminarFactory(
        starts_at=london(2030, 1, 8, 10),
        ends_at=london(2030, 1, 8, 16),
        registration_deadline=london(2029, 12, 29),
        registration_opens_at=london(2029, 11, 1),
    )

    rendered = Template(
        "{% load registration_tags %}{% seminar_state seminar as state %}{{ state.label }}"
    ).render(Context({"seminar": seminar}))

    assert rendered == "Open: 20 places left"


@pytest.mark.parametrize("count", [1, 5])
def test_states_for_any_number_of_seminars_take_one_query(count):
    seminars = SeminarFactory.create_batch(count, capacity=3)
    for seminar in seminars:
        RegistrationFactory.create_batch(2, seminar=seminar)

    with CaptureQueriesContext(connection) as queries:
        found = seminar_states({}, seminars)

    assert len(queries) == 1
    assert [seminar.state.places_left for seminar in found] == [1] * count


def test_no_seminars_run_no_query(django_assert_num_queries):
    with django_assert_num_queries(0):
        assert seminar_states({}, []) == []


def test_cached_lists_show_a_place_taken_at_once(client, committed):  # noqa: F811
    """The home page and the list are cached whole (common/pagecache.py); a registration saved
    renews them, so the places shown stay right."""
    seminar = SeminarFactory(capacity=2)
    assert "Open: 2 places left" in text(client.get("/"))
    assert "Open: 2 places left" in text(client.get("/seminars/"))

    with committed():
        RegistrationFactory(seminar=seminar)

    assert "Open: 1 place left" in text(client.get("/"))
    assert "Open: 1 place left" in text(client.get("/seminars/"))
