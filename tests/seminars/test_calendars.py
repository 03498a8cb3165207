import datetime
import re
from html import unescape
from urllib.parse import parse_qs

import pytest
from icalendar import Calendar

from seminars.models import SeminarStatus
from tests.factories import SeminarFactory, TentativeSeminarFactory, VenueFactory
from tests.utils import LONDON

pytestmark = pytest.mark.django_db


def parse(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; method=PUBLISH; charset=utf-8"
    return Calendar.from_ical(response.content)


def events(calendar):
    return [component for component in calendar.walk("VEVENT")]


def test_seminar_calendar_parses_back_with_times_place_and_link(client, settings):
    settings.SITE_URL = "https://seminars.example.org"
    seminar = SeminarFactory(
        number=1,
        title="Democratic professionalism and mental health",
        starts_at=datetime.datetime(2016, 1, 5, 10, tzinfo=LONDON),
        ends_at=datetime.datetime(2016, 1, 5, 16, tzinfo=LONDON),
        venue=VenueFactory(
            name="University of Leeds", city="Leeds", address="Woodhouse Lane", postcode="LS2 9JT"
        ),
    )

    response = client.get(f"{seminar.get_absolute_url()}calendar.ics")

    calendar = parse(response)
    [event] = events(calendar)
    assert response["Content-Disposition"] == 'attachment; filename="seminar-1.ics"'
    assert str(calendar["version"]) == "2.0"
    assert str(event["summary"]) == "Seminar 1: Democratic professionalism and mental health"
    assert event.decoded("dtstart") == datetime.datetime(2016, 1, 5, 10, tzinfo=LONDON)
    assert event.decoded("dtend") == datetime.datetime(2016, 1, 5, 16, tzinfo=LONDON)
    assert str(event["location"]) == "University of Leeds, Woodhouse Lane, Leeds LS2 9JT"
    assert str(event["url"]) == f"https://seminars.example.org{seminar.get_absolute_url()}"
    assert str(event["uid"]) == f"seminar-{seminar.pk}@seminars.example.org"
    assert str(event["status"]) == "CONFIRMED"
    assert "Register by 23:59 on Friday 25 December 2015 (UK time)." in str(event["description"])
    assert [tz["tzid"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/London"]


def test_series_calendar_holds_dated_public_seminars_only(client):
    first = SeminarFactory(title="First")
    cancelled = SeminarFactory(title="Called off", status=SeminarStatus.CANCELLED)
    SeminarFactory(title="Draft", status=SeminarStatus.DRAFT)
    TentativeSeminarFactory(title="Month only")

    calendar = parse(client.get("/seminars/calendar.ics"))

    summaries = sorted(str(event["summary"]) for event in events(calendar))
    assert summaries == sorted([str(first), f"Cancelled: {cancelled}"])
    statuses = {str(event["summary"]): str(event["status"]) for event in events(calendar)}
    assert statuses[f"Cancelled: {cancelled}"] == "CANCELLED"


def test_month_only_seminar_has_no_calendar_file(client):
    seminar = TentativeSeminarFactory()

    response = client.get(f"{seminar.get_absolute_url()}calendar.ics")

    assert response.status_code == 404


def test_draft_seminar_has_no_calendar_file(client):
    seminar = SeminarFactory(status=SeminarStatus.DRAFT)

    assert client.get(f"{seminar.get_absolute_url()}calendar.ics").status_code == 404


def test_empty_series_calendar_is_still_valid(client):
    calendar = parse(client.get("/seminars/calendar.ics"))

    assert events(calendar) == []
    assert str(calendar["prodid"]) == "-//Reimagining professionalism//Seminar series//EN"
    # RFC 5545 wants at least one component: the UK time zone, which every event's times use.
    assert [str(zone["tzid"]) for zone in calendar.walk("VTIMEZONE")] == ["Europe/London"]


def test_google_and_outlook_links_carry_the_seminar_in_utc(client, settings):
    """Links only for a seminar still to come (none once it has taken place)."""
    settings.SITE_URL = "https://seminars.example.org"
    seminar = SeminarFactory(
        number=2,
        title="Co-production in practice",
        starts_at=datetime.datetime(2027, 6, 14, 10, tzinfo=LONDON),  # BST
        ends_at=datetime.datetime(2027, 6, 14, 16, tzinfo=LONDON),
        venue=VenueFactory(name="University of York", city="York", address="", postcode="YO10 5DD"),
    )
    page = client.get(seminar.get_absolute_url()).content.decode()
    links = dict(re.findall(r'href="(https://[^"]+?)(?:\?([^"]*))?"', page))

    google = parse_qs(unescape(links["https://calendar.google.com/calendar/render"]))
    assert google["dates"] == ["20270614T090000Z/20270614T150000Z"]
    assert google["text"] == ["Seminar 2: Co-production in practice"]
    assert google["location"] == ["University of York, York YO10 5DD"]
    outlook = parse_qs(unescape(links["https://outlook.office.com/calendar/0/action/compose"]))
    assert (outlook["startdt"], outlook["enddt"]) == (
        ["2027-06-14T09:00:00Z"],
        ["2027-06-14T15:00:00Z"],
    )
    assert outlook["body"] == [f"Details: https://seminars.example.org{seminar.get_absolute_url()}"]
