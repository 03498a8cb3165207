"""Every public page runs the same number of queries with one row as with many (no N+1)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from registrations.models import RegistrationStatus
from seminars.models import PageKind, SeminarStatus
from tests.factories import (
    PageFactory,
    PartnerFactory,
    PersonFactory,
    ProgrammeItemFactory,
    RegistrationFactory,
    ResearchProjectFactory,
    SeminarFactory,
    SeminarSpeakerFactory,
    TeamMemberFactory,
    TentativeSeminarFactory,
)

pytestmark = pytest.mark.django_db

MANY = 20


def queries_for(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


def add_seminars(count):
    for _ in range(count):
        seminar = SeminarFactory()
        SeminarSpeakerFactory(seminar=seminar)
        TentativeSeminarFactory()


def add_seminars_in_every_state(count):
    """Open with places, full, cancelled, postponed, month only and past: each state the lists
    show, with registrations counted for the first two."""
    for _ in range(count):
        open_seminar = SeminarFactory(capacity=3)
        RegistrationFactory(seminar=open_seminar)
        RegistrationFactory(seminar=open_seminar, status=RegistrationStatus.HELD)
        full = SeminarFactory(capacity=1)
        RegistrationFactory(seminar=full)
        RegistrationFactory(seminar=full, status=RegistrationStatus.WAITING)
        SeminarFactory(status=SeminarStatus.CANCELLED)
        SeminarFactory(status=SeminarStatus.POSTPONED)
        TentativeSeminarFactory()
        SeminarFactory(
            starts_at=timezone.now() - datetime.timedelta(days=40),
            ends_at=timezone.now() - datetime.timedelta(days=40, hours=-6),
        )


def add_speakers(seminar, count):
    for _ in range(count):
        person = PersonFactory()
        SeminarSpeakerFactory(seminar=seminar, person=person)
        item = ProgrammeItemFactory(seminar=seminar)
        item.speakers.add(person, PersonFactory())


@pytest.fixture(autouse=True)
def _uncached(settings):
    """These count the queries of rendering each page; a cached copy runs none
    (tests/seminars/test_pagecache.py)."""
    settings.PAGE_CACHE_SECONDS = 0


@pytest.fixture(autouse=True)
def _pages():
    for kind in PageKind.values:
        PageFactory(kind=kind)


@pytest.mark.parametrize("url", ["/", "/seminars/", "/seminars/calendar.ics", "/sitemap.xml"])
def test_seminar_lists_are_constant(client, url):
    add_seminars(1)
    one = queries_for(client, url)

    add_seminars(MANY - 1)
    many = queries_for(client, url)

    assert one == many


@pytest.mark.parametrize("url", ["/", "/seminars/"])
def test_seminar_states_and_places_left_are_constant(client, url):
    add_seminars_in_every_state(1)
    one = queries_for(client, url)

    add_seminars_in_every_state(MANY - 1)
    many = queries_for(client, url)

    assert one == many
    assert "Open: 1 place left" in client.get(url).content.decode()


def test_seminar_page_is_constant_in_registrations(client):
    seminar = SeminarFactory(capacity=MANY * 2)
    RegistrationFactory(seminar=seminar)
    one = queries_for(client, seminar.get_absolute_url())

    RegistrationFactory.create_batch(MANY - 1, seminar=seminar)
    many = queries_for(client, seminar.get_absolute_url())

    assert one == many


def test_seminar_page_is_constant_in_speakers_and_programme(client):
    seminar = SeminarFactory()
    add_speakers(seminar, 1)
    one = queries_for(client, seminar.get_absolute_url())

    add_speakers(seminar, MANY - 1)
    many = queries_for(client, seminar.get_absolute_url())

    assert one == many


def test_people_page_is_constant_in_team_and_speakers(client):
    def add(count):
        for _ in range(count):
            TeamMemberFactory()
            person = PersonFactory()
            SeminarSpeakerFactory(person=person)
            SeminarSpeakerFactory(person=person)

    add(1)
    one = queries_for(client, "/people/")

    add(MANY - 1)
    many = queries_for(client, "/people/")

    assert one == many


def test_person_page_is_constant_in_talks(client):
    person = TeamMemberFactory()
    SeminarSpeakerFactory(person=person)
    one = queries_for(client, person.get_absolute_url())

    for _ in range(MANY - 1):
        SeminarSpeakerFactory(person=person)
    many = queries_for(client, person.get_absolute_url())

    assert one == many


@pytest.mark.parametrize(
    ("url", "factory"), [("/partners/", PartnerFactory), ("/research/", ResearchProjectFactory)]
)
def test_partner_and_research_lists_are_constant(client, url, factory):
    factory()
    one = queries_for(client, url)

    factory.create_batch(MANY - 1)
    many = queries_for(client, url)

    assert one == many


@pytest.mark.parametrize("kind", PageKind.values)
def test_editable_pages_run_one_query_and_the_footers(client, kind):
    """The page's own query, and two in the footer: the series' dates (series_tags) and the
    partners' logos (people_tags)."""
    assert queries_for(client, f"/{kind}/") == 3


def test_research_page_is_constant_in_projects_and_their_people(client):
    def add(count):
        for _ in range(count):
            project = ResearchProjectFactory()
            project.people.add(TeamMemberFactory(), SeminarSpeakerFactory().person, PersonFactory())

    add(1)
    one = queries_for(client, "/research/")

    add(MANY - 1)
    many = queries_for(client, "/research/")

    assert one == many


def test_person_page_is_constant_in_research_projects(client):
    person = TeamMemberFactory()
    ResearchProjectFactory().people.add(person)
    one = queries_for(client, person.get_absolute_url())

    for _ in range(MANY - 1):
        ResearchProjectFactory().people.add(person)
    many = queries_for(client, person.get_absolute_url())

    assert one == many


def test_footer_logos_are_constant_in_partners_with_logos(client):
    from tests.test_images import clean, image_bytes

    def add(count):
        for _ in range(count):
            PartnerFactory(logo=clean(image_bytes("PNG"), "logo.png"), logo_alt="A partner")

    add(1)
    one = queries_for(client, "/about/")

    add(5)
    many = queries_for(client, "/about/")

    assert one == many
