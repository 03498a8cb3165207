"""A seminar's venue: what is confirmed about access, a date for the rest, and how to get there."""

import datetime

import pytest
import time_machine
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.test import override_settings

from seminars.models import SeminarStatus, Venue
from seminars.models.venues import AccessFeature, access_confirmed_by
from tests.factories import SeminarFactory, TentativeSeminarFactory
from tests.utils import london, text

pytestmark = pytest.mark.django_db

STARTS = london(2030, 1, 8, 10)


def venue_section(response):
    """The words of the page's venue section only."""
    html = response.content.decode()
    start = html.index('<section class="venue"')
    return text(HttpResponse(html[start : html.index("</section>", start)]))


def test_access_is_confirmed_by_the_last_day_to_register_when_that_is_sooner():
    assert access_confirmed_by(
        starts_at=STARTS, registration_deadline=london(2029, 12, 11)
    ) == datetime.date(2029, 12, 10)


def test_access_is_confirmed_two_weeks_before_when_registration_closes_later():
    assert access_confirmed_by(
        starts_at=STARTS, registration_deadline=london(2030, 1, 4, 17)
    ) == datetime.date(2029, 12, 25)


def test_access_has_no_promised_day_without_a_seminar_date():
    assert access_confirmed_by(starts_at=None, registration_deadline=None) is None


def test_access_for_splits_confirmed_from_still_to_check():
    venue = Venue(
        step_free_access="yes",
        lift="one_level",
        accessible_toilets="unknown",
        hearing_loop="no",
        quiet_room="unknown",
    )

    access = venue.access_for(starts_at=STARTS, registration_deadline=None, now=london(2029, 12, 1))

    assert access.confirmed == [
        ("Step-free access", "Yes"),
        ("Lift", "Not needed: everything is on one level"),
        ("Hearing loop", "No"),
    ]
    assert access.to_confirm_sentence == "an accessible toilet and a quiet room"
    assert access.confirm_by == datetime.date(2029, 12, 25)


def test_access_for_stops_promising_a_day_that_has_passed():
    venue = Venue()

    access = venue.access_for(
        starts_at=STARTS, registration_deadline=None, now=london(2029, 12, 26, 9)
    )

    assert access.to_confirm_sentence == (
        "step-free access, a lift, an accessible toilet, a hearing loop and a quiet room"
    )
    assert access.confirm_by is None


def test_map_link_is_the_organisers_else_openstreetmap_for_address_and_postcode():
    venue = Venue(address="Manor Road", city="Oxford", postcode="OX1 3UJ")

    assert venue.map_link == (
        "https://www.openstreetmap.org/search?query=Manor+Road%2C+Oxford+OX1+3UJ"
    )
    venue.map_url = "https://example.org/campus-map"
    assert venue.map_link == "https://example.org/campus-map"


@time_machine.travel(london(2029, 11, 1, 12))
def test_seminar_page_shows_what_is_confirmed_and_a_date_for_the_rest(client):
    seminar = SeminarFactory(
        starts_at=STARTS,
        ends_at=STARTS + datetime.timedelta(hours=6),
        registration_deadline=london(2029, 12, 11),
        venue__step_free_access="yes",
        venue__access_contact_name="Jo Bloggs",
        venue__access_contact_email="jo@example.org",
        venue__access_contact_phone="0113 343 0000",
    )

    section = venue_section(client.get(seminar.get_absolute_url()))

    assert "Step-free access Yes" in section
    assert (
        "We are still checking whether there is a lift, an accessible toilet, a hearing loop "
        "and a quiet room. "
        "Ask us — we will confirm by Monday 10 December 2029." in section
    )
    assert "Not yet confirmed" not in section
    assert "contact Jo Bloggs." in section
    assert "Email: jo@example.org Phone: 0113 343 0000" in section
    assert (
        "You can ask for a British Sign Language interpreter or live captions when you "
        "register. Please ask early: we book them weeks ahead." in section
    )


@time_machine.travel(london(2029, 11, 1, 12))
def test_seminar_page_with_all_access_confirmed_asks_nothing(client):
    seminar = SeminarFactory(
        starts_at=STARTS,
        venue__step_free_access="yes",
        venue__lift="yes",
        venue__accessible_toilets="yes",
        venue__hearing_loop="yes",
        venue__quiet_room="no",
    )

    section = venue_section(client.get(seminar.get_absolute_url()))

    assert (
        "Step-free access Yes Lift Yes Accessible toilets Yes Hearing loop Yes Quiet room No"
        in section
    )
    assert "still checking" not in section


@time_machine.travel(london(2029, 11, 1, 12))
def test_seminar_page_says_where_the_quiet_room_is_the_seating_and_what_is_booked(client):
    seminar = SeminarFactory(
        starts_at=STARTS,
        venue__quiet_room="yes",
        venue__quiet_room_location="Room 1.12, next to the hall",
        venue__seating="Chairs with arms; space for two wheelchairs at the front.",
        bsl_interpreter_booked=True,
    )

    section = venue_section(client.get(seminar.get_absolute_url()))

    assert "Quiet room Yes: Room 1.12, next to the hall" in section
    assert "Seating Chairs with arms; space for two wheelchairs at the front." in section
    assert "British Sign Language interpreter Booked" in section
    assert "Live captions Booked" not in section
    assert (
        "You can ask for live captions when you register. Please ask early: we book it weeks "
        "ahead." in section
    )

    seminar.live_captions_booked = True
    seminar.save()
    cache.clear()  # the admin's save would start a new content version
    section = venue_section(client.get(seminar.get_absolute_url()))

    assert "Live captions Booked" in section
    assert "You can ask for" not in section


@override_settings(CONTACT_EMAIL="seminars@leeds.example")
def test_seminar_page_without_an_access_contact_points_to_the_organisers(client):
    seminar = TentativeSeminarFactory()

    html = client.get(seminar.get_absolute_url()).content.decode()
    section = venue_section(client.get(seminar.get_absolute_url()))

    assert "Ask us and we will find out for you." in section  # no date to promise yet
    assert "contact the organisers." in section
    assert '<a href="mailto:seminars@leeds.example">seminars@leeds.example</a>' in html
    assert "tel:" not in html


def test_seminar_page_says_how_to_get_there_and_links_a_map(client):
    seminar = SeminarFactory(
        venue__address="Manor Road",
        venue__city="Oxford",
        venue__postcode="OX1 3UJ",
        venue__public_transport="About 30 minutes' walk from Oxford railway station.",
        venue__directions="Use the main gate on Manor Road.",
    )

    response = client.get(seminar.get_absolute_url())

    section = venue_section(response)
    assert "By train or bus About 30 minutes' walk from Oxford railway station." in section
    assert "Parking Ask us about parking, including Blue Badge spaces." in section
    assert "Finding the way in Use the main gate on Manor Road." in section
    assert (
        'href="https://www.openstreetmap.org/search?query=Manor+Road%2C+Oxford+OX1+3UJ"'
        in response.content.decode()
    )


def test_past_seminar_page_asks_nothing_about_access_or_travel(client):
    seminar = SeminarFactory(
        starts_at=london(2020, 1, 7, 10),
        ends_at=london(2020, 1, 7, 16),
        registration_deadline=None,
        registration_opens_at=None,
        bursary_deadline=None,
        venue__step_free_access="yes",
    )

    page = text(client.get(seminar.get_absolute_url()))

    assert "Step-free access Yes" in page
    assert "Ask us" not in page
    assert "still checking" not in page


def test_cancelled_seminar_page_asks_nothing_about_access(client):
    seminar = SeminarFactory(status=SeminarStatus.CANCELLED)

    page = text(client.get(seminar.get_absolute_url()))

    assert "still checking" not in page


@pytest.mark.parametrize(
    ("quiet_room", "refused"),
    [(AccessFeature.NO, True), (AccessFeature.YES, False), (AccessFeature.UNKNOWN, False)],
)
def test_a_quiet_room_placed_somewhere_is_not_also_said_to_be_missing(quiet_room, refused):
    venue = SeminarFactory().venue
    venue.quiet_room = quiet_room
    venue.quiet_room_location = "Room 1.12"

    if refused:
        with pytest.raises(ValidationError) as error:
            venue.full_clean()
        assert list(error.value.message_dict) == ["quiet_room_location"]
    else:
        venue.full_clean()
    venue.quiet_room_location = "  "
    venue.quiet_room = AccessFeature.NO
    venue.full_clean()
