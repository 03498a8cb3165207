"""Taking part online on the public pages, in the emails and on the private page: the joining
link goes only to the person with an online place, never to a public or cached page."""

import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from icalendar import Calendar

from outbox.models import Email
from registrations import services
from registrations.models import Mode, ParticipantGroup, Registration, RegistrationStatus
from seminars.calendars import ONLINE_LOCATION
from tests.factories import RegistrationFactory, SeminarFactory, SeminarSpeakerFactory
from tests.factories.registrations import SeminarOnlineFactory
from tests.registrations.test_views import form_data, register_url
from tests.utils import text

pytestmark = pytest.mark.django_db

LINK = "https://meet.example.net/j/secret-room-7731"


@pytest.fixture
def seminar():
    seminar = SeminarFactory(capacity=2)
    SeminarOnlineFactory(seminar=seminar, capacity=1, joining_link=LINK)
    return seminar


def calendar_location(email):
    [attachment] = email.attachments
    calendar = Calendar.from_ical(attachment.get_payload(decode=True))
    [event] = calendar.walk("VEVENT")
    return str(event.get("location"))


def test_the_form_asks_where_only_when_online_places_are_offered(client, seminar):
    in_the_room_only = SeminarFactory()

    asked = text(client.get(register_url(seminar)))
    not_asked = text(client.get(register_url(in_the_room_only)))

    assert "How will you take part?" in asked
    assert "Online, on a computer, tablet or phone" in asked
    assert "Online places 1 place left" in asked
    assert "How will you take part?" not in not_asked
    assert "Online places" not in not_asked


def test_where_must_be_chosen_when_offered_and_nothing_is_saved(client, seminar):
    response = client.post(register_url(seminar), form_data())

    assert "Choose whether you will come to the room or take part online." in text(response)
    assert not Registration.objects.exists()
    assert not Email.objects.exists()


def test_registering_online_emails_the_link_and_an_online_calendar_entry(client, seminar, sent):
    client.post(register_url(seminar), form_data(mode="online"))

    registration = Registration.objects.get()
    assert (registration.mode, registration.status) == (Mode.ONLINE, RegistrationStatus.CONFIRMED)
    [email] = sent()
    assert LINK in email.body
    assert "You are taking part online" in email.body
    assert str(seminar.venue) not in email.body
    assert LINK in email.alternatives[0][0]
    assert calendar_location(email) == ONLINE_LOCATION
    assert LINK.encode() not in email.attachments[0].get_payload(decode=True)


def test_a_room_place_gets_no_link_and_the_venue_in_its_calendar(client, seminar, sent):
    client.post(register_url(seminar), form_data(mode="room"))

    [email] = sent()
    assert LINK not in email.body
    assert calendar_location(email).startswith(str(seminar.venue))


def test_the_form_refuses_online_where_none_are_offered(client):
    seminar = SeminarFactory()

    client.post(register_url(seminar), form_data(mode="online"))

    assert Registration.objects.get().mode == Mode.ROOM  # the field is not on its form


def test_waiting_online_gets_no_link_until_given_a_place(seminar, sent):
    RegistrationFactory(seminar=seminar, mode=Mode.ONLINE)
    waiting, _ = services.register(
        seminar, name="Ann", email="ann@example.org", group="academic", mode=Mode.ONLINE
    )

    assert waiting.joining_link == ""
    assert LINK not in sent()[0].body


def test_the_private_page_shows_the_link_to_a_confirmed_online_place_only(client, seminar):
    online = RegistrationFactory(seminar=seminar, mode=Mode.ONLINE)
    room = RegistrationFactory(seminar=seminar)
    waiting = RegistrationFactory(seminar=seminar, mode=Mode.ONLINE, status="waiting")

    pages = {r: client.get(r.manage_path).content.decode() for r in (online, room, waiting)}

    assert LINK in pages[online]
    assert "Online" in text(pages[online])
    assert LINK not in pages[room]
    assert LINK not in pages[waiting]


def test_the_reminder_carries_the_link_and_no_directions(seminar, sent):
    RegistrationFactory(seminar=seminar, mode=Mode.ONLINE, email="online@example.org")
    RegistrationFactory(seminar=seminar, email="room@example.org")

    services.send_reminders(now=seminar.starts_at - datetime.timedelta(days=1))

    emails = {email.to[0]: email for email in sent()}
    online, room = emails["online@example.org"], emails["room@example.org"]
    assert LINK in online.body
    assert "directions" not in online.body
    assert seminar.venue.postal_address not in online.body
    assert LINK not in room.body
    assert "directions" in room.body


def public_urls(seminar):
    """Every page anyone can open without a private link or signing in: each pattern of the
    site, with the seminar's slug where it takes one."""
    urls = []

    def walk(patterns, prefix=""):
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, route)
            elif isinstance(pattern, URLPattern):
                urls.append(route)

    walk(get_resolver().url_patterns)
    found = []
    for route in urls:
        if route.startswith(("admin", "staff", "^")) or "<" in route.replace("<slug:slug>", ""):
            continue
        found.append("/" + route.replace("<slug:slug>", seminar.slug))
    return found


def test_the_link_is_on_no_public_page_and_in_no_cached_page(client, seminar):
    SeminarSpeakerFactory(seminar=seminar)
    RegistrationFactory(seminar=seminar, mode=Mode.ONLINE)
    urls = public_urls(seminar)

    pages = {url: client.get(url) for url in urls for _ in range(2)}  # the second from the cache

    assert seminar.get_absolute_url() in urls
    assert reverse("registrations:register", kwargs={"slug": seminar.slug}) in urls
    assert sum(response.status_code == 200 for response in pages.values()) > 10
    assert [url for url, page in pages.items() if LINK.encode() in page.content] == []
    cached = [key for key in cache._cache if LINK.encode() in cache._cache[key]]
    assert cached == []
    # The search can see a page: the cache holds the seminar's pages, as plain bytes.
    assert any(seminar.slug.encode() in value for value in cache._cache.values())


def test_the_seminar_page_says_online_places_are_offered_in_a_constant_number_of_queries(
    client, seminar, django_assert_max_num_queries
):
    RegistrationFactory(seminar=seminar, mode=Mode.ONLINE)
    cache.clear()

    with django_assert_max_num_queries(30):
        page = text(client.get(seminar.get_absolute_url()))

    assert (
        "You can also take part online, with live captions if you ask for them. "
        "Online places are full." in page
    )


def test_registration_closed_means_no_new_online_place(client, seminar):
    seminar.registration_deadline = timezone.now() - datetime.timedelta(minutes=1)
    seminar.registration_opens_at = seminar.registration_deadline - datetime.timedelta(days=1)
    seminar.save()

    client.post(register_url(seminar), form_data(mode="online"))

    assert not Registration.objects.exists()


def test_an_organiser_may_register_someone_online(seminar, django_user_model):
    organiser = django_user_model.objects.create_user("org", is_staff=True)

    registration, _ = services.register(
        seminar,
        name="Bo",
        email="",
        group=ParticipantGroup.CARER,
        health_consent=True,
        mode=Mode.ONLINE,
        by=organiser,
    )

    assert registration.mode == Mode.ONLINE


def test_waiting_for_an_online_place_says_so(client, seminar, sent):
    RegistrationFactory(seminar=seminar, mode=Mode.ONLINE)

    client.post(register_url(seminar), form_data(mode="online"))

    [email] = sent()
    waiting = Registration.objects.get(email="sian@example.org")
    assert "You are number 1 on the online waiting list." in email.body
    assert "You are number 1 on the online waiting list." in text(client.get(waiting.manage_path))


def test_a_full_room_with_online_places_left_still_invites_people_to_register(client, seminar):
    RegistrationFactory.create_batch(2, seminar=seminar)

    listing = text(client.get("/seminars/"))

    assert "Room full: 1 online place left" in listing
    assert "Full: waiting list open" not in listing


def test_the_seminar_pages_count_the_same_queries_for_one_online_registrant_or_many(
    client, seminar
):
    def queries(url):
        cache.clear()
        with CaptureQueriesContext(connection) as captured:
            client.get(url)
        return len(captured)

    RegistrationFactory(seminar=seminar, mode=Mode.ONLINE)
    few = [queries(url) for url in ("/", "/seminars/", seminar.get_absolute_url())]
    for _ in range(3):
        RegistrationFactory(seminar=seminar, mode=Mode.ONLINE, status=RegistrationStatus.WAITING)
    more = [queries(url) for url in ("/", "/seminars/", seminar.get_absolute_url())]

    assert few == more
