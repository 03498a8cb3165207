"""Places held for people offered a travel bursary count against capacity like confirmed ones."""

import pytest

from registrations import services
from registrations.models import RegistrationStatus
from tests.factories import RegistrationFactory, SeminarFactory

pytestmark = pytest.mark.django_db


def hold(seminar, email="offered@example.org"):
    return services.hold_place(seminar, name="Offered Person", email=email)


def test_a_held_place_counts_against_capacity(sent):
    seminar = SeminarFactory(capacity=1)
    held = hold(seminar)

    _, outcome = services.register(seminar, name="Late", email="late@example.org", group="academic")

    assert held.status == RegistrationStatus.HELD
    assert outcome == "waiting"
    assert services.places_left(seminar) == 0
    assert [email.to for email in sent()] == [["late@example.org"]]  # no email for the hold


def test_no_place_is_held_when_none_is_free():
    seminar = SeminarFactory(capacity=1)
    RegistrationFactory(seminar=seminar)

    with pytest.raises(services.RegistrationError) as error:
        hold(seminar)

    assert "No place is free at seminar" in str(error.value)
    assert seminar.registrations.count() == 1


def test_someone_with_a_place_keeps_it_and_no_second_place_is_held():
    seminar = SeminarFactory(capacity=1)
    existing = RegistrationFactory(seminar=seminar, email="Offered@example.org")

    held = hold(seminar)

    assert held == existing
    assert held.status == RegistrationStatus.CONFIRMED


def test_someone_waiting_has_their_entry_turned_into_a_held_place():
    seminar = SeminarFactory(capacity=1)
    waiting = RegistrationFactory(
        seminar=seminar, email="offered@example.org", status=RegistrationStatus.WAITING
    )

    held = hold(seminar)

    assert held == waiting
    assert held.status == RegistrationStatus.HELD


def test_accepting_confirms_the_held_place_after_the_deadline_too(sent):
    seminar = SeminarFactory(capacity=1)
    held = hold(seminar)

    confirmed = services.confirm_held_place(held)

    assert confirmed.status == RegistrationStatus.CONFIRMED
    [email] = sent()
    assert email.subject.startswith("Your place is confirmed")


def test_releasing_a_held_place_gives_it_to_the_first_person_waiting():
    seminar = SeminarFactory(capacity=1)
    held = hold(seminar)
    waiting, _ = services.register(seminar, name="W", email="w@example.org", group="academic")

    services.release_held_place(held)

    held.refresh_from_db()
    waiting.refresh_from_db()
    assert held.status == RegistrationStatus.CANCELLED
    assert waiting.status == RegistrationStatus.CONFIRMED


def test_releasing_leaves_a_place_that_was_confirmed_before_the_offer():
    registration = RegistrationFactory()

    services.release_held_place(registration)

    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CONFIRMED


def test_releasing_a_place_held_from_a_waiting_entry_puts_it_back_in_line():
    seminar = SeminarFactory(capacity=1)
    first_waiting = RegistrationFactory(seminar=seminar, status=RegistrationStatus.WAITING)
    offered_waiting = RegistrationFactory(
        seminar=seminar, email="offered@example.org", status=RegistrationStatus.WAITING
    )
    held = hold(seminar)
    assert held == offered_waiting

    services.release_held_place(held)

    held.refresh_from_db()
    first_waiting.refresh_from_db()
    # The freed place goes to whoever is first in line; the offered person keeps their position.
    assert first_waiting.status == RegistrationStatus.CONFIRMED
    assert held.status == RegistrationStatus.WAITING
    assert held.waiting_position() == 1


def test_releasing_held_places_together_does_what_releasing_each_does(sent):
    """release_held_places (offers lapsing together): each place goes back to the waiting list
    if it came from there, or is cancelled; the freed places go to those waiting, in order,
    each with the email a promotion sends; a place confirmed before the offer is left alone."""
    seminar = SeminarFactory(capacity=3)
    confirmed = RegistrationFactory(seminar=seminar)
    first_waiting = RegistrationFactory(seminar=seminar, status=RegistrationStatus.WAITING)
    from_waiting = RegistrationFactory(
        seminar=seminar, email="offered@example.org", status=RegistrationStatus.WAITING
    )
    held = [hold(seminar), hold(seminar, email="other@example.org")]
    assert held[0] == from_waiting
    second_waiting = RegistrationFactory(seminar=seminar, status=RegistrationStatus.WAITING)

    services.release_held_places(seminar, [*held, confirmed])

    for registration in (*held, first_waiting, second_waiting, confirmed):
        registration.refresh_from_db()
    # Back in line at their old place (second), so the second freed place is theirs again,
    # as when the two are released one after the other.
    assert [r.status for r in held] == ["confirmed", "cancelled"]
    assert held[1].cancelled_at is not None
    assert not held[0].waiting_before_hold
    assert first_waiting.status == RegistrationStatus.CONFIRMED
    assert first_waiting.promoted_at is not None
    assert second_waiting.status == RegistrationStatus.WAITING
    assert second_waiting.waiting_position() == 1
    assert confirmed.status == RegistrationStatus.CONFIRMED
    assert sorted(email.to[0] for email in sent()) == sorted(
        [first_waiting.email, "offered@example.org"]
    )
