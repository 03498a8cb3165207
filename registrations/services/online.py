"""Moving between the room and online: while places allow, until registration closes."""

from django.db import transaction
from django.utils import timezone

from common.audit import record

from .. import emails, rules
from ..models import Mode, Registration, RegistrationStatus
from ..online import capacity_for, offers_online
from ..queries import places_taken
from ..signals import mode_changed
from .places import RegistrationError, fill_free_places, locked_seminar

MOVED = {Mode.ROOM: "moved to the room", Mode.ONLINE: "moved online"}


def change_mode(registration, mode, *, by=None, now=None):
    """Move a confirmed place (or a waiting-list entry) to the room or online, if a place is
    free there; the place it leaves goes to the first person waiting for it.

    Only while registration is open (the seminar's phase, rules.why_not_change_mode). Side
    effects, in one transaction that locks the seminar: the registration's mode (and, for
    someone waiting, their confirmed place), an audit entry, an email with the new calendar
    entry (and the joining link, online), the promotions the freed place allows, and the
    `mode_changed` signal, which the apps above answer (a bursary's travel released). Moving
    to where one already is changes nothing. Returns the registration.
    """
    if mode not in Mode.values:
        raise RegistrationError("Choose the room or online.")
    with transaction.atomic():
        seminar = locked_seminar(registration.seminar_id)
        now = now or timezone.now()
        registration = Registration.objects.select_related("seminar").get(pk=registration.pk)
        registration.seminar = seminar
        if registration.mode == mode:
            return registration
        if refusal := rules.why_not_change_mode(registration, now=now):
            raise RegistrationError(refusal)
        if mode == Mode.ONLINE and not offers_online(seminar):
            raise RegistrationError("This seminar has no online places.")
        if places_taken(seminar, mode) >= capacity_for(seminar, mode):
            raise RegistrationError(full_message(registration, mode))
        was, was_waiting = registration.mode, registration.is_waiting
        registration.mode = mode
        registration.status = RegistrationStatus.CONFIRMED
        if was_waiting:
            registration.promoted_at = now
        registration.save(update_fields=["mode", "status", "promoted_at", "updated"])
        record(registration, MOVED[mode], by=by, fields=["mode"], data={"from": was, "to": mode})
        emails.queue_mode_changed(registration)
        mode_changed.send(Registration, registration=registration, was=was, by=by)
        if not was_waiting and seminar.phase(now).promotion:
            fill_free_places(seminar, now=now, mode=was)
    return registration


def full_message(registration, mode):
    keep = "your place on the waiting list" if registration.is_waiting else "your place"
    if mode == Mode.ONLINE:
        return f"There are no online places left, so you keep {keep} in the room."
    return f"There are no places left in the room, so you keep {keep} online."
