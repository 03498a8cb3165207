"""Moving between the room and online: while places allow, until registration closes."""

import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from common.models import AuditEntry
from outbox.models import Email
from registrations import services
from registrations.models import Mode, Registration, RegistrationStatus
from registrations.signals import mode_changed
from seminars.models import Seminar
from tests.factories import RegistrationFactory, SeminarFactory
from tests.factories.registrations import SeminarOnlineFactory
from tests.registrations.test_admin import action
from tests.utils import text

pytestmark = pytest.mark.django_db

LINK = "https://meet.example.net/j/secret-room-7731"


@pytest.fixture
def seminar():
    seminar = SeminarFactory(capacity=2)
    SeminarOnlineFactory(seminar=seminar, capacity=1, joining_link=LINK)
    return seminar


def where_url(registration):
    return reverse("registrations:where", kwargs={"token": registration.manage_token})


def test_a_room_place_moves_online_and_the_room_place_goes_to_the_first_waiting(seminar, sent):
    moving = RegistrationFactory(seminar=seminar)
    RegistrationFactory(seminar=seminar)
    waiting = RegistrationFactory(seminar=seminar, status=RegistrationStatus.WAITING)

    services.change_mode(moving, Mode.ONLINE)

    moving.refresh_from_db()
    waiting.refresh_from_db()
    assert (moving.mode, moving.status) == (Mode.ONLINE, RegistrationStatus.CONFIRMED)
    assert waiting.status == RegistrationStatus.CONFIRMED
    emails = {email.to[0]: email for email in sent()}
    assert emails[moving.email].subject.startswith("You are taking part online: Seminar")
    assert LINK in emails[moving.email].body
    assert b"Online (the link is in your email)" in emails[moving.email].attachments[0].get_payload(
        decode=True
    )
    entry = AuditEntry.objects.get(object_id=moving.pk)
    assert (entry.action, entry.data) == ("moved online", {"from": "room", "to": "online"})


def test_no_move_when_the_other_side_is_full_and_nothing_changes(seminar):
    RegistrationFactory(seminar=seminar, mode=Mode.ONLINE)
    moving = RegistrationFactory(seminar=seminar)

    with pytest.raises(services.RegistrationError) as error:
        services.change_mode(moving, Mode.ONLINE)

    assert (
        str(error.value) == "There are no online places left, so you keep your place in the room."
    )
    moving.refresh_from_db()
    assert moving.mode == Mode.ROOM
    assert not Email.objects.exists()
    assert not AuditEntry.objects.exists()


def test_someone_waiting_for_the_room_takes_a_free_online_place(seminar):
    RegistrationFactory.create_batch(2, seminar=seminar)
    waiting = RegistrationFactory(seminar=seminar, status=RegistrationStatus.WAITING)

    services.change_mode(waiting, Mode.ONLINE)

    waiting.refresh_from_db()
    assert (waiting.mode, waiting.status) == (Mode.ONLINE, RegistrationStatus.CONFIRMED)


def test_moving_to_where_one_is_changes_nothing(seminar):
    registration = RegistrationFactory(seminar=seminar)

    services.change_mode(registration, Mode.ROOM)

    assert not Email.objects.exists()


def test_no_move_online_where_none_are_offered():
    registration = RegistrationFactory()

    with pytest.raises(services.RegistrationError, match="no online places"):
        services.change_mode(registration, Mode.ONLINE)


def test_no_move_once_registration_has_closed(seminar):
    registration = RegistrationFactory(seminar=seminar)
    deadline = timezone.now() - datetime.timedelta(seconds=1)
    Seminar.objects.filter(pk=seminar.pk).update(
        registration_deadline=deadline, registration_opens_at=deadline - datetime.timedelta(days=9)
    )

    with pytest.raises(services.RegistrationError, match="Registration has closed"):
        services.change_mode(registration, Mode.ONLINE)

    registration.refresh_from_db()
    assert registration.mode == Mode.ROOM


def test_a_move_in_the_last_second_of_registration_is_allowed(seminar):
    registration = RegistrationFactory(seminar=seminar)
    deadline = seminar.registration_deadline

    services.change_mode(registration, Mode.ONLINE, now=deadline - datetime.timedelta(seconds=1))

    registration.refresh_from_db()
    assert registration.mode == Mode.ONLINE


def test_a_cancelled_registration_cannot_move(seminar):
    registration = RegistrationFactory(seminar=seminar, status=RegistrationStatus.CANCELLED)

    with pytest.raises(services.RegistrationError, match="cancelled"):
        services.change_mode(registration, Mode.ONLINE)


def test_the_move_tells_the_apps_above(seminar):
    heard = []

    def listener(sender, registration, was, by, **kwargs):
        heard.append((registration.pk, registration.mode, was))

    registration = RegistrationFactory(seminar=seminar)
    mode_changed.connect(listener)
    try:
        services.change_mode(registration, Mode.ONLINE)
    finally:
        mode_changed.disconnect(listener)

    assert heard == [(registration.pk, Mode.ONLINE, Mode.ROOM)]


def test_the_private_page_offers_the_move_and_the_post_makes_it(client, seminar, sent):
    registration = RegistrationFactory(seminar=seminar)

    page = text(client.get(registration.manage_path))
    confirm = text(client.get(where_url(registration)))
    response = client.post(where_url(registration))

    assert "Take part online instead" in page
    assert "Take part online instead?" in confirm
    assert response["Location"] == registration.manage_path
    after = client.get(registration.manage_path).content.decode()
    assert "You are now taking part online." in text(after)
    assert LINK in after
    assert Registration.objects.get().mode == Mode.ONLINE


def test_the_move_page_says_why_not_and_the_post_changes_nothing_when_full(client, seminar):
    RegistrationFactory(seminar=seminar, mode=Mode.ONLINE)
    registration = RegistrationFactory(seminar=seminar)

    response = client.post(where_url(registration))

    assert "There are no online places left, so you keep your place in the room." in text(response)
    assert Registration.objects.get(pk=registration.pk).mode == Mode.ROOM
    assert not Email.objects.exists()


def test_no_move_offered_where_no_online_places_are(client):
    registration = RegistrationFactory()

    assert "Take part online instead" not in text(client.get(registration.manage_path))
    assert "This seminar has no online places." in text(client.get(where_url(registration)))


def test_the_moved_calendar_entry_updates_the_one_sent_before(seminar, sent):
    def event(email):
        payload = email.attachments[0].get_payload(decode=True)
        [found] = Calendar.from_ical(payload).walk("VEVENT")
        return found

    registration, _ = services.register(
        seminar, name="Ann", email="ann@example.org", group="academic"
    )
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=5)):
        services.change_mode(registration, Mode.ONLINE)
        before, after = (event(email) for email in sent())

    assert before["uid"] == after["uid"]
    assert int(after["sequence"]) > int(before["sequence"])
    assert str(after["location"]) == "Online (the link is in your email)"


def test_an_organiser_moves_people_from_the_list_and_is_told_who_could_not(
    client, seminar, django_user_model
):
    organiser = django_user_model.objects.create_superuser("o", "o@example.org", "pw")
    client.force_login(organiser)
    ann = RegistrationFactory(seminar=seminar, name="Ann Moves")
    bo = RegistrationFactory(seminar=seminar, name="Bo Stays")

    page = text(action(client, "move_online", [ann, bo]))

    assert "Moved 1 online." in page
    assert "Bo Stays: There are no online places left" in page
    assert dict(Registration.objects.values_list("name", "mode")) == {
        "Ann Moves": Mode.ONLINE,
        "Bo Stays": Mode.ROOM,
    }
    assert AuditEntry.objects.get(object_id=ann.pk).by == organiser
