"""Quiet checks against robots on the public forms (common/forms.py): a honeypot people never
see, and a minimum time between the page loading and the form being sent."""

import datetime
import logging
import re

import pytest
import time_machine
from django.test import Client

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
    assert stamp(early) == started  # the form keeps its first time: no clock to wait out again
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


@pytest.mark.parametrize("name", FORMS)
def test_a_form_that_comes_back_with_an_error_keeps_its_first_time_and_is_taken_at_once(
    client, clock, seminar, name
):
    url, data = url_and_data(name, seminar)
    started = stamp(client.get(url))
    clock.shift(datetime.timedelta(seconds=30))  # a person fills it in, but leaves out the email
    with_error = client.post(url, {**data, "email": "", "form_started": started})

    clock.shift(datetime.timedelta(seconds=0.5))  # fixes it and sends it again at once
    again = client.post(url, {**data, "form_started": stamp(with_error)})

    assert with_error.status_code == 200
    assert "Enter your email address." in text(with_error)
    assert TOO_SOON not in text(with_error)
    assert stamp(with_error) == started
    assert again.status_code == 302, text(again)


def test_a_form_keeps_its_first_time_through_every_re_display(client, clock, seminar):
    url, data = url_and_data("registration", seminar)
    started = stamp(client.get(url))
    sent = started
    for _ in range(3):  # three quick sends, each with a mistake
        clock.shift(datetime.timedelta(seconds=1))
        sent = stamp(client.post(url, {**data, "name": "", "form_started": sent}))

    assert sent == started
    assert not Registration.objects.exists()


@pytest.mark.parametrize("name", FORMS)
def test_a_first_send_within_the_minimum_is_still_refused_with_or_without_errors(
    client, clock, seminar, name
):
    url, data = url_and_data(name, seminar)
    started = stamp(client.get(url))
    clock.shift(datetime.timedelta(seconds=1))

    with_error = client.post(url, {**data, "email": "", "form_started": started})

    assert TOO_SOON in text(with_error)
    assert stamp(with_error) == started
    assert not Registration.objects.exists()


def moved_earlier(started, seconds):
    """A signed time with its number changed (and its signature kept): what a robot would send
    to make its form look older than it is."""
    milliseconds, signature = started.split(":")
    return f"{int(milliseconds) - seconds * 1000}:{signature}"


@pytest.mark.parametrize(
    "altered",
    [
        lambda started: moved_earlier(started, 60),
        lambda started: started[:-1] + ("A" if started[-1] != "A" else "B"),
        lambda started: "1772442000000:forged",
        lambda started: started.split(":")[0],
    ],
    ids=["moved earlier", "signature changed", "forged", "unsigned"],
)
def test_an_altered_time_is_refused_and_not_carried_over_to_the_form_that_comes_back(
    client, clock, seminar, altered
):
    url, data = url_and_data("registration", seminar)
    started = stamp(client.get(url))
    clock.shift(datetime.timedelta(seconds=1))
    sent = altered(started)

    response = client.post(url, {**data, "form_started": sent})

    assert TOO_SOON in text(response)
    assert not Registration.objects.exists()
    assert stamp(response) not in (sent, started)  # a fresh time, made now
    clock.shift(datetime.timedelta(seconds=1.999))
    still_too_soon = client.post(url, {**data, "form_started": stamp(response)})
    assert TOO_SOON in text(still_too_soon)
    assert not Registration.objects.exists()


def test_a_form_that_comes_back_carries_its_own_visitors_time(client, clock, seminar):
    url, data = url_and_data("registration", seminar)
    other = Client()
    first = stamp(client.get(url))
    clock.shift(datetime.timedelta(seconds=1))
    second = stamp(other.get(url))  # from the page cache
    clock.shift(datetime.timedelta(seconds=1))

    back_to_first = client.post(url, {**data, "name": "", "form_started": first})
    back_to_second = other.post(url, {**data, "name": "", "form_started": second})
    clock.shift(datetime.timedelta(seconds=0.5))
    first_again = client.post(url, {**data, "form_started": stamp(back_to_first)})
    second_again = other.post(
        url, {**data, "email": "bo@example.org", "form_started": stamp(back_to_second)}
    )

    assert first != second
    assert (stamp(back_to_first), stamp(back_to_second)) == (first, second)
    assert first_again.status_code == 302  # 2.5 seconds after its page
    assert TOO_SOON in text(second_again)  # 1.5 seconds after its page
    assert list(Registration.objects.values_list("email", flat=True)) == ["ann@example.org"]


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
