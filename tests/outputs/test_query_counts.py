"""The seminar page with a write-up, the outputs page, news and the feed run the same number of
queries with one row as with many."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from outputs.models import Audience
from registrations.models import ParticipantGroup
from tests.factories import RegistrationFactory
from tests.factories.outputs import (
    FileMaterialFactory,
    MaterialFactory,
    NewsPostFactory,
    WriteUpFactory,
    YouSaidWeDidFactory,
)

pytestmark = pytest.mark.django_db

MANY = 12


@pytest.fixture(autouse=True)
def _uncached(settings):
    settings.PAGE_CACHE_SECONDS = 0


def queries_for(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


# Groups that need no health-data consent, so the factory's registrations are valid as made.
GROUPS = [g for g in ParticipantGroup.values if g not in ParticipantGroup.health_related]


def add_to(write_up, count):
    for n in range(count):
        YouSaidWeDidFactory(write_up=write_up)
        MaterialFactory(seminar=write_up.seminar)
        FileMaterialFactory(seminar=write_up.seminar, audience=Audience.REGISTERED)
        RegistrationFactory(seminar=write_up.seminar, group=GROUPS[n % len(GROUPS)], attended=True)


def test_a_past_seminars_page_is_constant_in_materials_responses_and_groups(client):
    write_up = WriteUpFactory()
    add_to(write_up, 1)
    one = queries_for(client, write_up.seminar.get_absolute_url())

    add_to(write_up, MANY - 1)
    many = queries_for(client, write_up.seminar.get_absolute_url())

    assert one == many


@pytest.mark.parametrize("url", ["/outputs/", "/outputs/?seminar=1", "/outputs/feed/"])
def test_the_outputs_page_and_feed_are_constant(client, url):
    add_seminars_with_outputs(1)
    one = queries_for(client, url)

    add_seminars_with_outputs(MANY - 1)
    many = queries_for(client, url)

    assert one == many


def add_seminars_with_outputs(count):
    for _ in range(count):
        write_up = WriteUpFactory()
        add_to(write_up, 2)
        NewsPostFactory()


def test_the_sitemap_is_constant_in_news(client):
    NewsPostFactory()
    one = queries_for(client, "/sitemap.xml")

    for _ in range(MANY):
        NewsPostFactory()
    many = queries_for(client, "/sitemap.xml")

    assert one == many


def test_a_registrations_materials_page_is_constant(client):
    write_up = WriteUpFactory()
    registration = RegistrationFactory(seminar=write_up.seminar)
    url = reverse("outputs:registered-materials", kwargs={"token": registration.manage_token})
    add_to(write_up, 1)
    one = queries_for(client, url)

    add_to(write_up, MANY)
    many = queries_for(client, url)

    assert one == many
