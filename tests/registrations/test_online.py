"""Online places: their own capacity and waiting list, beside the places in the room, with the
same deadlines and rules."""

import datetime

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from outbox.models import Email
from registrations import services
from registrations.models import Mode, ParticipantGroup, Registration, RegistrationStatus
from registrations.queries import online_places_left, places_left, with_place_counts
from seminars.models import Seminar
from tests.factories import RegistrationFactory, SeminarFactory
from tests.factories.registrations import SeminarOnlineFactory

pytestmark = pytest.mark.django_db

CONFIRMED, WAITING = RegistrationStatus.CONFIRMED, RegistrationStatus.WAITING


def register(seminar, email, mode=Mode.ONLINE, **kwargs):
    registration, _ = services.register(
        seminar,
        name="Ann Example",
        email=email,
        group=ParticipantGroup.ACADEMIC,
        mode=mode,
        **kwargs,
    )
    return registration


def online_seminar(room=2, online=1):
    seminar = SeminarFactory(capacity=room)
    SeminarOnlineFactory(seminar=seminar, capacity=online)
    return seminar


def test_an_online_place_is_confirmed_while_online_places_remain():
    seminar = online_seminar(online=1)

    registration = register(seminar, "ann@example.org")

    assert (registration.mode, registration.status) == (Mode.ONLINE, CONFIRMED)
    assert online_places_left(seminar) == 0
    assert places_left(seminar) == 2  # the room is untouched


def test_when_online_places_are_full_the_next_waits_although_the_room_has_places():
    seminar = online_seminar(room=5, online=1)
    register(seminar, "first@example.org")

    second = register(seminar, "second@example.org")

    assert second.status == WAITING
    assert second.waiting_position() == 1
    assert places_left(seminar) == 5


def test_a_full_room_does_not_stop_an_online_place():
    seminar = online_seminar(room=1, online=3)
    register(seminar, "room@example.org", mode=Mode.ROOM)
    waiting_for_room = register(seminar, "room2@example.org", mode=Mode.ROOM)

    online = register(seminar, "online@example.org")

    assert waiting_for_room.status == WAITING
    assert online.status == CONFIRMED


def test_online_is_refused_where_no_online_places_are_offered_and_nothing_is_saved():
    seminar = SeminarFactory()
    SeminarOnlineFactory(seminar=SeminarFactory(), capacity=5)  # another seminar's

    with pytest.raises(services.RegistrationError) as error:
        register(seminar, "ann@example.org")

    assert str(error.value) == (
        "This seminar has no online places. Choose to take part in the room."
    )
    assert not Registration.objects.filter(seminar=seminar).exists()
    assert not Email.objects.exists()


def test_online_places_set_to_none_refuse_online():
    seminar = online_seminar(online=0)

    with pytest.raises(services.RegistrationError):
        register(seminar, "ann@example.org")

    assert online_places_left(seminar) is None


def test_online_registration_closes_at_the_same_deadline():
    seminar = online_seminar()
    deadline = timezone.now() - datetime.timedelta(seconds=1)
    Seminar.objects.filter(pk=seminar.pk).update(
        registration_deadline=deadline,
        registration_opens_at=deadline - datetime.timedelta(days=10),
    )
    seminar.refresh_from_db()

    with pytest.raises(services.RegistrationError, match="Registration for this seminar closed"):
        register(seminar, "ann@example.org")

    assert not Registration.objects.exists()


def test_an_online_cancellation_gives_the_place_to_the_first_waiting_online():
    seminar = online_seminar(room=1, online=1)
    online = register(seminar, "online@example.org")
    register(seminar, "room@example.org", mode=Mode.ROOM)
    room_waiting = register(seminar, "room-waiting@example.org", mode=Mode.ROOM)
    online_waiting = register(seminar, "online-waiting@example.org")

    services.cancel_registration(online)

    online_waiting.refresh_from_db()
    room_waiting.refresh_from_db()
    assert online_waiting.status == CONFIRMED
    assert room_waiting.status == WAITING


def test_a_room_cancellation_never_promotes_someone_waiting_online():
    seminar = online_seminar(room=1, online=1)
    room = register(seminar, "room@example.org", mode=Mode.ROOM)
    register(seminar, "online@example.org")
    online_waiting = register(seminar, "online-waiting@example.org")

    services.cancel_registration(room)

    online_waiting.refresh_from_db()
    assert online_waiting.status == WAITING


def test_raising_online_places_promotes_those_waiting_online():
    seminar = online_seminar(room=1, online=1)
    register(seminar, "online@example.org")
    waiting = register(seminar, "online-waiting@example.org")
    seminar.online.capacity = 2

    seminar.online.save()  # as the seminar's admin page saves its inline

    waiting.refresh_from_db()
    assert waiting.status == CONFIRMED


def test_an_organiser_cannot_promote_someone_online_without_a_free_online_place(django_user_model):
    seminar = online_seminar(room=5, online=1)
    register(seminar, "online@example.org")
    waiting = register(seminar, "online-waiting@example.org")
    staff = django_user_model.objects.create_user("org", is_staff=True)

    with pytest.raises(services.RegistrationError, match="number of online places"):
        services.promote_registration(waiting, by=staff)

    waiting.refresh_from_db()
    assert waiting.status == WAITING


def test_waiting_positions_are_counted_per_list():
    seminar = online_seminar(room=0, online=1)
    register(seminar, "online@example.org")
    first_room = register(seminar, "room@example.org", mode=Mode.ROOM)
    first_online = register(seminar, "online-waiting@example.org")

    in_line = dict(
        Registration.objects.with_place_in_line()
        .filter(seminar=seminar)
        .values_list("email", "place_in_line")
    )

    assert first_room.waiting_position() == 1
    assert first_online.waiting_position() == 1
    assert in_line == {
        "online@example.org": None,
        "room@example.org": 1,
        "online-waiting@example.org": 1,
    }


def test_the_list_counts_room_and_online_apart():
    seminar = online_seminar(room=1, online=1)
    RegistrationFactory(seminar=seminar)
    RegistrationFactory(seminar=seminar, mode=Mode.ONLINE)
    RegistrationFactory(seminar=seminar, mode=Mode.ONLINE, status=WAITING)

    counted = with_place_counts(Seminar.objects.filter(pk=seminar.pk)).get()

    assert (counted.places_taken, counted.waiting_count) == (1, 0)
    assert (counted.online_taken, counted.online_waiting) == (1, 1)


def test_the_database_refuses_an_unknown_mode():
    with pytest.raises(IntegrityError), transaction.atomic():
        RegistrationFactory(mode="balcony")


def test_the_database_refuses_a_place_held_for_a_bursary_online():
    with pytest.raises(IntegrityError), transaction.atomic():
        RegistrationFactory(mode=Mode.ONLINE, status=RegistrationStatus.HELD)


def test_a_place_held_from_the_online_waiting_list_is_in_the_room():
    seminar = online_seminar(room=1, online=1)
    register(seminar, "online@example.org")
    waiting = register(seminar, "ann@example.org")

    held = services.hold_place(seminar, name="Ann Example", email="ann@example.org")

    assert held.pk == waiting.pk
    assert (held.status, held.mode) == (RegistrationStatus.HELD, Mode.ROOM)
