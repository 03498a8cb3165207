"""Whether people came: arrivals at the door and walk-ins on the day, the organisers' marking
afterwards, and corrections once attendance is complete (each recorded, with who and why)."""

from django.db import transaction
from django.utils import timezone

from common.audit import record

from .. import rules
from ..models import (
    Mode,
    Registration,
    RegistrationStatus,
)
from ..queries import places_taken
from ..signals import attendance_corrected, mode_changed
from .places import RegistrationError, fill_free_places, locked_seminar, register

ATTENDANCE_WORDS = {
    True: "marked as attended",
    False: "marked as not attended",
    None: "attendance cleared",
}


def _lock_for_attendance(registration, *, by, now):
    """Lock the registration and check, inside the transaction, that `by` may record arrivals
    at its seminar now (registrations/rules.py). Returns the fresh registration."""
    registration = (
        Registration.objects.select_for_update().select_related("seminar").get(pk=registration.pk)
    )
    message = rules.why_not_record_arrival(by, registration.seminar, now=now)
    if message:
        raise RegistrationError(message)
    return registration


def mark_attendance(registration, *, attended, by, now=None):
    """Record whether a confirmed person came: True, False, or None to undo (not recorded).

    Only while `by` may record arrivals (on the day, or for organisers after it until
    attendance is complete; registrations/rules.py). Side effects: one row updated, one audit
    entry."""
    with transaction.atomic():
        registration = _lock_for_attendance(registration, by=by, now=now)
        if not registration.is_confirmed:
            raise RegistrationError(
                f"{registration.name} has no confirmed place, so attendance cannot be recorded."
            )
        registration.attended = attended
        registration.save(update_fields=["attended", "updated"])
        record(registration, ATTENDANCE_WORDS[attended], by=by, fields=["attended"])
    return registration


def correct_attendance(registration, *, attended, by, reason, now=None):
    """An organiser corrects one person's attendance after it was marked complete: the only
    change to who attended then. Recorded with the reason.

    Raises RegistrationError when attendance is not complete (use mark_attendance), when `by`
    may not correct it, without a reason, or when nothing changes. The apps above hear of it
    (signals.attendance_corrected) in the same transaction."""
    reason = " ".join(reason.split())
    with transaction.atomic():
        registration = (
            Registration.objects.select_for_update()
            .select_related("seminar")
            .get(pk=registration.pk)
        )
        if not rules.may_correct_attendance(by, registration.seminar, now=now):
            raise RegistrationError(
                "Only an organiser can correct attendance, and only once it is marked complete."
            )
        if not reason:
            raise RegistrationError("Say why the attendance is corrected (it is recorded).")
        if not registration.is_confirmed:
            raise RegistrationError(
                f"{registration.name} has no confirmed place, so attendance cannot be recorded."
            )
        if registration.attended == attended:
            raise RegistrationError("That is what is recorded already: nothing changed.")
        registration.attended = attended
        registration.save(update_fields=["attended", "updated"])
        record(
            registration,
            f"{ATTENDANCE_WORDS[attended]} (correction: {reason})",
            by=by,
            fields=["attended"],
        )
        attendance_corrected.send(Registration, registration=registration, by=by, reason=reason)
    return registration


def note_companion(registration, *, companion, by, now=None):
    """Whether the person came with a companion or support worker (the caterer counts them).
    Only while `by` may record arrivals. Side effects: one row updated, one audit entry."""
    with transaction.atomic():
        registration = _lock_for_attendance(registration, by=by, now=now)
        registration.companion = companion
        registration.save(update_fields=["companion", "updated"])
        record(
            registration,
            "companion noted" if companion else "companion removed",
            by=by,
            fields=["companion"],
        )
    return registration


def add_walk_in(
    seminar, *, name, email="", group="", health_consent=False, by, now=None, **options
):
    """Someone who came without registering: registered by `by` through the same rules as
    everyone (register(); `override_capacity` lets them in beyond the places) and marked as
    arrived, in one transaction. Someone whose address already has a place is marked arrived
    on that place (and sent nothing); someone waiting, or registered online, is given a place
    in the room first (beyond the places only with `override_capacity`; their online place
    goes to whoever the rules give it). Only while `by` may record arrivals.
    Returns (registration, existing): existing is True when their place was already there.
    Raises RegistrationError when they cannot have a place."""
    email = email.strip()
    with transaction.atomic():
        seminar = locked_seminar(seminar.pk)
        message = rules.why_not_record_arrival(by, seminar, now=now)
        if message:
            raise RegistrationError(message)
        existing = email and (
            Registration.objects.active().filter(seminar=seminar, email__iexact=email).first()
        )
        online = existing and existing.is_confirmed and existing.is_online
        if existing and (existing.is_waiting or online):
            if places_taken(seminar) >= seminar.capacity and not options.get("override_capacity"):
                raise RegistrationError(FULL_AT_THE_DOOR)
            was = existing.mode
            existing.status = RegistrationStatus.CONFIRMED
            existing.mode = Mode.ROOM
            existing.save(update_fields=["status", "mode", "updated"])
            words = "moved to the room at the door" if online else "given a place at the door"
            record(existing, words, by=by, fields=["status", "mode"])
            if was != Mode.ROOM:
                mode_changed.send(Registration, registration=existing, was=was, by=by)
            if online and seminar.phase(now).promotion:
                fill_free_places(seminar, now=now or timezone.now(), mode=Mode.ONLINE)
        elif existing and not existing.is_confirmed:
            raise RegistrationError(
                f"{email} is on the list for this seminar but not yet confirmed: ask an organiser."
            )
        if existing:
            return mark_attendance(existing, attended=True, by=by, now=now), True
        registration, outcome = register(
            seminar,
            name=name,
            email=email,
            group=group,
            health_consent=health_consent,
            by=by,
            now=now,
            **options,
        )
        if outcome != "confirmed":
            raise RegistrationError(FULL_AT_THE_DOOR)
        return mark_attendance(registration, attended=True, by=by, now=now), False


FULL_AT_THE_DOOR = (
    "The seminar is full, so they were not added. Tick 'Let them in beyond the places' if there "
    "is room in the venue."
)
