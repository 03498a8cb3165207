"""Places held for someone offered a travel bursary: held, then confirmed or released.

Each change runs in one transaction that locks the seminar row, as every place change does.
"""

from django.db import transaction
from django.utils import timezone

from .. import emails
from ..models import Mode, Registration, RegistrationStatus
from ..queries import places_taken
from .places import (
    RegistrationError,
    check_rules,
    fill_free_places,
    locked_seminar,
    saved_in_bulk,
)


def hold_place(seminar, *, name, email, by=None, now=None):
    """Hold a place for someone offered a travel bursary, unless they already have one.

    Side effects, in one transaction that locks the seminar: a held registration is made, or a
    waiting one becomes held; nothing when they already have a place. No email: the bursary
    offer says it all. Raises RegistrationError when no place is free, so that the caller never
    over-allocates. Returns the registration that holds or has their place.
    """
    now = now or timezone.now()
    with transaction.atomic():
        seminar = locked_seminar(seminar.pk)
        existing = (
            Registration.objects.active().filter(seminar=seminar, email__iexact=email).first()
        )
        if existing and existing.status in RegistrationStatus.taking_a_place:
            return existing
        if places_taken(seminar) >= seminar.capacity:
            raise RegistrationError(
                f"No place is free at seminar {seminar.number} ({seminar.capacity} places, all "
                "taken or held). Raise the seminar's number of places first, or wait for a "
                "cancellation."
            )
        if existing:
            existing.status = RegistrationStatus.HELD
            existing.waiting_before_hold = True
            # A travel bursary is for coming to the room: a held place is always there.
            existing.mode = Mode.ROOM
            existing.save(update_fields=["status", "waiting_before_hold", "mode", "updated"])
            return existing
        registration = Registration(
            seminar=seminar,
            name=name,
            email=email,
            group="",  # unknown until accepting the bursary fills it in (complete_details)
            privacy_agreed_at=now,
            status=RegistrationStatus.HELD,
            held_for_offer=True,  # organisers never see it (registrations.rules)
            registered_by=by,
        )
        check_rules(registration)
        registration.save()
    return registration


def confirm_held_place(registration, *, notify=True):
    """The bursary was accepted: the held place is theirs, even after the registration deadline.

    Side effects, in one locked transaction: the registration is confirmed and, with `notify`,
    the usual confirmation email (manage link and calendar file) is queued; a caller whose own
    email says it all passes notify=False. Nothing for a place that is already confirmed.
    """
    with transaction.atomic():
        locked_seminar(registration.seminar_id)
        registration = Registration.objects.get(pk=registration.pk)
        if registration.status == RegistrationStatus.HELD:
            registration.status = RegistrationStatus.CONFIRMED
            registration.waiting_before_hold = False
            # An ordinary confirmed place from now on, with nothing to say how it came.
            registration.held_for_offer = False
            registration.save(
                update_fields=["status", "waiting_before_hold", "held_for_offer", "updated"]
            )
            if notify:
                emails.queue_place_confirmed(registration)
    return registration


def release_held_place(registration, *, now=None):
    """The bursary offer ended: a held place is freed and goes to the first person waiting.

    Side effects, in one locked transaction: the registration is cancelled, or goes back to
    the waiting list (in its old position) if that is where it came from; no email, the
    bursary's own email explains. The freed place is promoted as on any cancellation. A place
    that was confirmed before the offer stays confirmed.
    """
    now = now or timezone.now()
    with transaction.atomic():
        seminar = locked_seminar(registration.seminar_id)
        registration = Registration.objects.get(pk=registration.pk)
        if registration.status == RegistrationStatus.HELD:
            if registration.waiting_before_hold:
                registration.status = RegistrationStatus.WAITING
                registration.waiting_before_hold = False
            else:
                registration.status = RegistrationStatus.CANCELLED
                registration.cancelled_at = now
            registration.save(
                update_fields=["status", "waiting_before_hold", "cancelled_at", "updated"]
            )
            if seminar.phase(now).promotion:
                fill_free_places(seminar, now=now)
    return registration


def release_held_places(seminar, registrations, *, now=None):
    """release_held_place for many of `seminar`'s held places at once (bursary offers that
    lapsed together): the same moves, in a fixed number of queries however many there are.

    Side effects, in one transaction that locks the seminar: each place still held goes back
    to the waiting list (in its old position) if it came from there, or is cancelled; no
    email. The freed places then go to those waiting, as on any cancellation.
    """
    now = now or timezone.now()
    with transaction.atomic():
        seminar = locked_seminar(seminar.pk)
        held = list(
            Registration.objects.filter(
                seminar=seminar,
                pk__in=[registration.pk for registration in registrations],
                status=RegistrationStatus.HELD,
            )
        )
        back = [registration for registration in held if registration.waiting_before_hold]
        cancelled = [registration for registration in held if not registration.waiting_before_hold]
        if back:
            saved_in_bulk(back, status=RegistrationStatus.WAITING, waiting_before_hold=False)
        if cancelled:
            saved_in_bulk(cancelled, status=RegistrationStatus.CANCELLED, cancelled_at=now)
        if held and seminar.phase(now).promotion:
            fill_free_places(seminar, now=now)
    return held
