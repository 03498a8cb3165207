import datetime
import json
import re

import pytest
import time_machine
from django.utils import timezone

from seminars.models import SeminarStatus
from tests.factories import (
    RegistrationFactory,
    SeminarFactory,
    TentativeSeminarFactory,
    VenueFactory,
)
from tests.utils import LONDON, london

pytestmark = pytest.mark.django_db

SITE = "https://seminars.example.org"


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = SITE


def event_on_page(client, seminar, **extra):
    html = client.get(seminar.get_absolute_url(), **extra).content.decode()
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert len(blocks) <= 1
    return json.loads(blocks[0]) if blocks else None


def test_event_splits_the_address_into_its_parts(client):
    venue = VenueFactory(
        name="Leeds Beckett University",
        address="Broadcasting Place\nWoodhouse Lane",
        city="Leeds",
        postcode="LS2 9EN",
    )
    seminar = SeminarFactory(venue=venue)

    data = event_on_page(client, seminar)

    assert data["location"] == {
        "@type": "Place",
        "name": "Leeds Beckett University",
        "address": {
            "@type": "PostalAddress",
            "streetAddress": "Broadcasting Place, Woodhouse Lane",
            "addressLocality": "Leeds",
            "postalCode": "LS2 9EN",
            "addressCountry": "GB",
        },
    }


def test_event_leaves_out_address_parts_the_venue_does_not_have(client):
    seminar = SeminarFactory(venue__address="", venue__postcode="", venue__city="York")

    data = event_on_page(client, seminar)

    assert data["location"]["address"] == {
        "@type": "PostalAddress",
        "addressLocality": "York",
        "addressCountry": "GB",
    }


def test_month_only_seminar_has_no_event_at_all(client):
    seminar = TentativeSeminarFactory(tentative_month=datetime.date(2030, 10, 1))

    assert event_on_page(client, seminar) is None


def test_seminar_whose_date_is_fixed_gets_its_event_with_full_start(client):
    seminar = SeminarFactory(
        starts_at=london(2030, 2, 17, 10),
        ends_at=london(2030, 2, 17, 16),
        registration_deadline=london(2030, 2, 7),
        registration_opens_at=london(2029, 12, 1),
    )

    data = event_on_page(client, seminar)

    assert data["startDate"] == "2030-02-17T10:00:00+00:00"
    assert data["endDate"] == "2030-02-17T16:00:00+00:00"
    assert data["url"] == f"{SITE}{seminar.get_absolute_url()}"


@time_machine.travel(datetime.datetime(2030, 1, 10, 12, tzinfo=LONDON))
def test_offer_is_free_in_stock_with_its_window_while_open_with_places(client):
    seminar = SeminarFactory(
        starts_at=london(2030, 2, 17, 10),
        ends_at=london(2030, 2, 17, 16),
        registration_opens_at=london(2029, 12, 1),
        registration_deadline=london(2030, 2, 7),
        capacity=2,
    )
    RegistrationFactory(seminar=seminar)

    data = event_on_page(client, seminar)

    assert data["offers"] == {
        "@type": "Offer",
        "price": "0",
        "priceCurrency": "GBP",
        "url": f"{SITE}{seminar.get_absolute_url()}",
        "validFrom": "2029-12-01T00:00:00+00:00",
        "validThrough": "2030-02-07T00:00:00+00:00",
        "availability": "https://schema.org/InStock",
    }
    assert data["isAccessibleForFree"] is True


def test_offer_is_sold_out_when_every_place_is_taken(client):
    seminar = SeminarFactory(capacity=1)
    RegistrationFactory(seminar=seminar)

    data = event_on_page(client, seminar)

    assert data["offers"]["availability"] == "https://schema.org/SoldOut"


def test_offer_is_a_pre_order_before_registration_opens(client):
    seminar = SeminarFactory(registration_opens_at=timezone.now() + datetime.timedelta(days=1))

    data = event_on_page(client, seminar)

    assert data["offers"]["availability"] == "https://schema.org/PreOrder"


def test_offer_claims_no_availability_once_registration_has_closed(client):
    seminar = SeminarFactory(
        registration_opens_at=timezone.now() - datetime.timedelta(days=9),
        registration_deadline=timezone.now() - datetime.timedelta(days=1),
    )

    data = event_on_page(client, seminar)

    assert "availability" not in data["offers"]
    assert data["offers"]["price"] == "0"


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        (SeminarStatus.PUBLISHED, "https://schema.org/EventScheduled"),
        (SeminarStatus.POSTPONED, "https://schema.org/EventPostponed"),
        (SeminarStatus.CANCELLED, "https://schema.org/EventCancelled"),
    ],
)
def test_event_status_follows_the_seminar(client, status, expected):
    seminar = SeminarFactory(status=status)

    data = event_on_page(client, seminar)

    assert data["eventStatus"] == expected
    assert "previousStartDate" not in data  # we do not keep the old date, so never Rescheduled
    if status != SeminarStatus.PUBLISHED:
        assert "availability" not in data["offers"]


def test_event_image_is_the_seminars_share_card_on_site_url(client):
    seminar = SeminarFactory()

    data = event_on_page(client, seminar)

    (image,) = data["image"]
    assert image.startswith(f"{SITE}/seminars/{seminar.slug}/share.png?v=")
    assert client.get(image.removeprefix(SITE))["Content-Type"] == "image/png"


def test_event_links_use_site_url_not_the_host_asked_for(client, settings):
    settings.ALLOWED_HOSTS = ["elsewhere.example.net", "testserver"]
    seminar = SeminarFactory()

    html = client.get(seminar.get_absolute_url(), HTTP_HOST="elsewhere.example.net").content

    assert b"elsewhere.example.net" not in html
    assert event_on_page(client, seminar)["organizer"]["url"] == f"{SITE}/"
