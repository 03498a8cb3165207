"""Concurrent registrations against PostgreSQL: threads, each with its own connection.

The negative control switches the row lock off (a test-only setting) and widens the gap between
counting and writing, to prove that these tests can see a race when there is one.
"""

import datetime
import threading
import time

import psycopg
import pytest
from django.db import connection
from django.utils import timezone

from registrations import services
from registrations.models import Mode, Registration, RegistrationStatus
from seminars import dates
from seminars.models import Seminar
from tests.factories import RegistrationFactory, SeminarFactory
from tests.factories.registrations import SeminarOnlineFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def run_at_once(functions):
    """Call every function in its own thread, all released together; return their errors."""
    barrier = threading.Barrier(len(functions))
    errors = []

    def run(function):
        try:
            barrier.wait()
            function()
        except Exception as error:  # collected and asserted on by the test
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(function,)) for function in functions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return errors


def registrant(seminar, n):
    def register():
        services.register(
            seminar, name=f"Person {n}", email=f"person{n}@example.org", group="academic"
        )

    return register


def confirmed_count(seminar):
    return Registration.objects.filter(seminar=seminar, status=RegistrationStatus.CONFIRMED).count()


def test_fifty_at_once_for_ten_places_confirms_exactly_ten():
    seminar = SeminarFactory(capacity=10)

    errors = run_at_once([registrant(seminar, n) for n in range(50)])

    assert errors == []
    assert confirmed_count(seminar) == 10
    waiting = list(Registration.objects.waiting().filter(seminar=seminar))
    confirmed = Registration.objects.filter(seminar=seminar, status=RegistrationStatus.CONFIRMED)
    assert len(waiting) == 40
    # First come, first served: every place was taken before anyone joined the waiting list, and
    # the list's order (by the time each registration was made) is the order of the writes.
    assert max(r.created for r in confirmed) < min(r.created for r in waiting)
    assert [r.pk for r in waiting] == sorted(r.pk for r in waiting)
    assert [registration.waiting_position() for registration in waiting] == list(range(1, 41))


def test_without_the_lock_the_same_test_sees_overbooking(settings):
    settings.RACE_TEST_WITHOUT_LOCK = True
    settings.RACE_TEST_DELAY = 0.05
    seminar = SeminarFactory(capacity=10)

    run_at_once([registrant(seminar, n) for n in range(50)])

    assert confirmed_count(seminar) > 10


def test_cancellations_racing_with_registrations_never_overbook():
    seminar = SeminarFactory(capacity=10)
    places = RegistrationFactory.create_batch(10, seminar=seminar)
    RegistrationFactory.create_batch(5, seminar=seminar, status=RegistrationStatus.WAITING)

    cancels = [lambda r=r: services.cancel_registration(r) for r in places[:6]]
    errors = run_at_once(cancels + [registrant(seminar, n) for n in range(30)])

    assert errors == []
    assert confirmed_count(seminar) == 10
    assert Registration.objects.filter(seminar=seminar, status="cancelled").count() == 6


def test_one_address_registering_twice_at_once_gets_one_registration():
    seminar = SeminarFactory(capacity=10)

    def same_person():
        services.register(seminar, name="Ann", email="ann@example.org", group="academic")

    errors = run_at_once([same_person] * 10)

    assert errors == []
    assert Registration.objects.filter(seminar=seminar).count() == 1


def test_a_registration_that_waited_for_the_lock_past_the_deadline_is_refused():
    """Another session holds the seminar's lock across the deadline, half a second away; the
    registration sent before it is judged when it gets the lock, after the deadline."""
    seminar = SeminarFactory()
    deadline = timezone.now() + datetime.timedelta(seconds=0.5)
    Seminar.objects.filter(pk=seminar.pk).update(registration_deadline=deadline)
    outcome = []

    def register():
        sent_at = timezone.now()
        try:
            registrant(seminar, 1)()
            outcome.append(("registered", sent_at < deadline))
        except services.RegistrationError as error:
            outcome.append((str(error), sent_at < deadline))
        finally:
            connection.close()

    settings = connection.settings_dict
    with psycopg.connect(
        host=settings["HOST"], port=settings["PORT"], user=settings["USER"], dbname=settings["NAME"]
    ) as other:
        other.execute("SELECT id FROM seminars_seminar WHERE id = %s FOR UPDATE", [seminar.pk])
        thread = threading.Thread(target=register)
        thread.start()
        time.sleep(1)  # the deadline passes while the registration waits for the lock
        other.rollback()
        thread.join(timeout=30)

    closed = (
        f"Registration for this seminar closed at {dates.deadline(deadline)} (UK time). If you "
        "would still like to come, email us at coproduction-seminars@example.org."
    )
    assert outcome == [(closed, True)]  # sent before the deadline, served after it
    assert not Registration.objects.exists()


def online_registrant(seminar, n):
    def register():
        services.register(
            seminar,
            name=f"Online {n}",
            email=f"online{n}@example.org",
            group="academic",
            mode=Mode.ONLINE,
        )

    return register


def online_confirmed(seminar):
    return Registration.objects.filter(
        seminar=seminar, mode=Mode.ONLINE, status=RegistrationStatus.CONFIRMED
    ).count()


def test_online_and_room_at_once_confirm_exactly_each_capacity():
    seminar = SeminarFactory(capacity=5)
    SeminarOnlineFactory(seminar=seminar, capacity=8)

    errors = run_at_once(
        [online_registrant(seminar, n) for n in range(30)]
        + [registrant(seminar, n) for n in range(20)]
    )

    assert errors == []
    assert online_confirmed(seminar) == 8
    assert confirmed_count(seminar) == 5 + 8
    online_waiting = list(Registration.objects.waiting().filter(seminar=seminar, mode=Mode.ONLINE))
    assert [r.waiting_position() for r in online_waiting] == list(range(1, 23))


def test_without_the_lock_online_places_are_overbooked(settings):
    settings.RACE_TEST_WITHOUT_LOCK = True
    settings.RACE_TEST_DELAY = 0.05
    seminar = SeminarFactory(capacity=5)
    SeminarOnlineFactory(seminar=seminar, capacity=8)

    run_at_once([online_registrant(seminar, n) for n in range(30)])

    assert online_confirmed(seminar) > 8
