"""Quiet checks against robots on the public forms (common/forms.py): a honeypot people never
see, and a minimum time between the page loading and the form being sent."""

import datetime
import logging
import re

import pytest
import time_machine

from registrations.models import Registration
from tests.factories import RegistrationFactory, SeminarFactory
from tests.utils import text

pytestmark = pytest.mark.django_db

T0 = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)
TOO_SOON = "We could not tell that a person sent this form"


@pytest.fixture
def clock(settings):
    settings.FORM_MIN_SECONDS = 2
    with time_machine.travel(T0, tick=False) as traveller:
        yield traveller


@pytest.fixture
def seminar():
    return SeminarFactory(
        starts_at=T0 + datetime.timedelta(days=60),
        ends_at=T0 + datetime.timedelta(days=60, hours=6),
        registration_opens_at=None,
        registration_deadline=T0 + datetime.timedelta(days=50),
        bursary_deadline=T0 + datetime.timedelta(days=40),
    )


def stamp(page):
    return re.search(r'name="form_started" value="([^"]+)"', page.content.decode())[1]


REGISTRATION = {
    "name": "Ann Example",
    "email": "ann@example.org",
    "group": "academic",
    "privacy_agreed": "on",
}
BURSARY = {
    "name": "Ann Example",
    "email": "ann@example.org",
    "group": "third_sector",
    "organisation": "Leeds Mind",
    "travelling_from": "Bradford",
    "statement": "I run a peer support group.",
    "payment_method": "reimburse",
    "travel_cost": "40",
    "privacy_agreed": "on",
}
FORMS = {
    "registration": ("/seminars/{}/register/", REGISTRATION),
    "bursary": ("/seminars/{}/bursary/", BURSARY),
    "private link": ("/seminars/{}/my-link/", {"email": "ann@example.org"}),
}


def url_and_data(name, seminar):
    url, data = FORMS[name]
    return url.format(seminar.slug), data


@pytest.mark.parametrize("name", FORMS)
def test_a_form_sent_sooner_than_the_minimum_is_refused_kindly_and_at_the_minimum_accepted(
    client, clock, seminar, name
):
    url, data = url_and_data(name, seminar)
    started = stamp(client.get(url))

    clock.shift(datetime.timedelta(seconds=1.999))
    early = client.post(url, {**data, "form_started": started})
    clock.shift(datetime.timedelta(seconds=0.001))
    on_time = client.post(url, {**data, "form_started": started})

    assert early.status_code == 200
    assert TOO_SOON in text(early)
    assert "send the form again" in text(early)
    assert stamp(early) != started  # the page starts its clock again
    assert on_time.status_code == 302, text(on_time)


@pytest.mark.parametrize("stamp_sent", [None, "", "123", "1772442000000:forged"])
def test_a_missing_or_forged_time_is_refused_and_nothing_saved(client, clock, seminar, stamp_sent):
    url, data = url_and_data("registration", seminar)
    if stamp_sent is not None:
        data = {**data, "form_started": stamp_sent}
    clock.shift(datetime.timedelta(minutes=5))

    response = client.post(url, data)

    assert TOO_SOON in text(response)
    assert not Registration.objects.exists()


def test_each_visitor_of_a_cached_form_gets_their_own_time(
    client, clock, seminar, django_assert_num_queries
):
    url, data = url_and_data("registration", seminar)
    first = stamp(client.get(url))
    clock.shift(datetime.timedelta(seconds=1))
    with django_assert_num_queries(0):
        second_page = client.get(url)  # from the cache
    second = stamp(second_page)

    clock.shift(datetime.timedelta(seconds=1))
    for_the_first = client.post(url, {**data, "form_started": first})
    for_the_second = client.post(url, {**data, "email": "bo@example.org", "form_started": second})

    assert first != second
    assert for_the_first.status_code == 302  # two seconds after its page
    assert TOO_SOON in text(for_the_second)  # one second after its page


@pytest.mark.parametrize("name", FORMS)
def test_a_filled_honeypot_looks_like_success_and_is_logged_without_personal_data(
    client, clock, seminar, name, caplog
):
    RegistrationFactory(seminar=seminar, email="ann@example.org")
    url, data = url_and_data(name, seminar)
    started = stamp(client.get(url))
    clock.shift(datetime.timedelta(seconds=1))  # robots are quick too: still "success"

    with caplog.at_level(logging.INFO):
        response = client.post(
            url, {**data, "form_started": started, "website": "http://spam.example"}
        )

    assert response.status_code == 302
    assert Registration.objects.count() == 1
    logged = [record.getMessage() for record in caplog.records if "honeypot" in record.getMessage()]
    assert len(logged) == 1
    assert not re.search(r"ann|example|spam", logged[0], re.IGNORECASE)


def test_the_check_is_off_when_the_minimum_is_zero(client, clock, settings, seminar):
    settings.FORM_MIN_SECONDS = 0
    url, data = url_and_data("registration", seminar)

    response = client.post(url, data)

    assert response.status_code == 302
