"""Places: registering, the waiting list, places held for bursaries, cancelling and attendance.

Each change runs in one transaction that locks the seminar row first ("lock what you use"), so
capacity checks and waiting-list promotions never race.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from common import race
from common.audit import record
from config.limits import allow_daily
from seminars.dates import deadline, opening
from seminars.models import RegistrationState, Seminar

from .. import emails
from ..models import (
    ParticipantGroup,
    Registration,
    RegistrationStatus,
    needs_health_consent,
    places_taken,
)

# How many "here is your link" emails one address may receive in a day.
LINK_EMAILS_PER_DAY = 3


class RegistrationError(Exception):
    """A registration rule refused the request; str(exc) is safe to show to the person."""


def closed_message(seminar, *, now=None):
    """Why registration is not open now, in plain words; None while it is open."""
    now = now or timezone.now()
    if seminar.is_cancelled:
        return "This seminar has been cancelled, so we are not taking registrations."
    if seminar.is_postponed:
        return (
            "This seminar has been postponed. We will open registration again when it has a "
            "new date."
        )
    if seminar.is_past(now):
        return "This seminar has already taken place, so we are not taking registrations."
    state = seminar.registration_state(now)
    if state == RegistrationState.OPEN:
        return None
    if state == RegistrationState.NOT_OPEN:
        return (
            f"Registration for this seminar opens at {opening(seminar.registration_opens_at)} "
            "(UK time). Please come back then."
        )
    if state == RegistrationState.CLOSED:
        return (
            f"Registration for this seminar closed at {deadline(seminar.registration_deadline)} "
            f"(UK time). If you would still like to come, email us at {settings.CONTACT_EMAIL}."
        )
    return (
        "Registration for this seminar is not open yet. We will open it when the date and "
        "venue are confirmed."
    )


def _locked(seminar):
    """Re-read the seminar holding its row lock until the transaction ends."""
    return race.locked(Seminar, seminar.pk)


def places_left(seminar):
    return max(seminar.capacity - places_taken(seminar), 0)


def register(
    seminar,
    *,
    name,
    email,
    group,
    organisation="",
    access_requirements="",
    dietary_requirements="",
    health_consent=False,
    future_seminars=False,
    by=None,
    override_capacity=False,
    now=None,
):
    """Give the person a place, or a place on the waiting list when the seminar is full.

    If the address already has an active registration for this seminar, nothing changes and
    the existing manage link is emailed instead (at most LINK_EMAILS_PER_DAY a day).
    Organisers (`by`) may register someone after the deadline, and with `override_capacity`
    beyond the capacity. Side effects, all in one transaction that locks the seminar row: the
    registration row, and one queued email saying what happened. Returns (registration, outcome)
    with outcome "confirmed", "waiting" or "existing"; the public page shows the same words for
    each, so it never reveals whether an address was registered.
    """
    now = now or timezone.now()
    email = email.strip()
    with transaction.atomic():
        seminar = _locked(seminar)
        message = closed_message(seminar, now=now)
        if message and not (by and not seminar.is_cancelled):
            raise RegistrationError(message)
        existing = (
            Registration.objects.active().filter(seminar=seminar, email__iexact=email).first()
        )
        if existing:
            if may_send_link(existing):
                emails.queue_manage_link(existing)
            return existing, "existing"
        taken = places_taken(seminar)
        race.pause()
        has_place = taken < seminar.capacity or (by is not None and override_capacity)
        health = needs_health_consent(group, access_requirements)
        registration = Registration(
            seminar=seminar,
            name=name.strip(),
            email=email,
            group=group,
            organisation=organisation.strip(),
            access_requirements=access_requirements.strip(),
            dietary_requirements=dietary_requirements.strip(),
            health_consent_at=now if (health_consent and health) else None,
            privacy_agreed_at=now,
            future_seminars=future_seminars,
            status=RegistrationStatus.CONFIRMED if has_place else RegistrationStatus.WAITING,
            registered_by=by,
        )
        _validate(registration)
        try:
            with transaction.atomic():
                registration.save()
        except IntegrityError:
            # Only reachable without the row lock (two requests for one address at once).
            raise RegistrationError(
                "We could not save your registration just now. Please try again."
            ) from None
        if registration.is_confirmed:
            emails.queue_place_confirmed(registration)
        else:
            emails.queue_waiting_list_joined(registration)
        if by:
            record(registration, "registered by an organiser", by=by, now=now)
    return registration, registration.status


def _validate(registration):
    """The model's rules, database constraints included, as a RegistrationError to show."""
    try:
        registration.full_clean()
    except ValidationError as error:
        raise RegistrationError(" ".join(error.messages)) from None


def may_send_link(registration):
    """At most LINK_EMAILS_PER_DAY "here is your link" emails to one address a day, whichever
    seminar they are about: registering for a mental-health seminar is itself sensitive."""
    return allow_daily("link-emails", registration.email, limit=LINK_EMAILS_PER_DAY)


def update_requirements(
    registration, *, access_requirements, dietary_requirements, health_consent, now=None
):
    """Change the access and dietary requirements of an active registration.

    Unticking consent with no access requirements withdraws it: the stated group, if it is
    health information, becomes "prefer not to say". Side effects: one row updated. Raises
    RegistrationError for a cancelled registration.
    """
    now = now or timezone.now()
    with transaction.atomic():
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if not registration.is_active:
            raise RegistrationError("This registration has been cancelled, so it cannot change.")
        registration.access_requirements = access_requirements.strip()
        registration.dietary_requirements = dietary_requirements.strip()
        withdrawn = not health_consent and not registration.access_requirements
        if withdrawn and registration.group in ParticipantGroup.health_related:
            # Consent withdrawn: keep nothing that needed it.
            registration.group = ParticipantGroup.PREFER_NOT_TO_SAY
        needs_consent = needs_health_consent(registration.group, registration.access_requirements)
        if health_consent and needs_consent:
            registration.health_consent_at = registration.health_consent_at or now
        elif not needs_consent:
            registration.health_consent_at = None
        _validate(registration)
        registration.save(
            update_fields=[
                "group",
                "access_requirements",
                "dietary_requirements",
                "health_consent_at",
                "updated",
            ]
        )
    return registration


# What an organiser may correct on someone's registration (from a phone call, say).
ORGANISER_FIELDS = [
    "name",
    "email",
    "organisation",
    "access_requirements",
    "dietary_requirements",
    "future_seminars",
]
NO_CONSENT_FOR_ACCESS = (
    "This person has not consented to us holding health information, so access requirements "
    "cannot be recorded. Ask them to add them on their own page, where they can give consent."
)


def correct_details(registration, *, by, **fields):
    """An organiser corrects `fields` (ORGANISER_FIELDS) of a registration.

    Access requirements are health information: they can be recorded only under the person's
    own consent, which an organiser cannot give for them. Side effects: the changed fields and
    an audit entry naming them, in one transaction. Returns the changed field names.
    """
    with transaction.atomic():
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        changed = []
        for field in ORGANISER_FIELDS:
            if field not in fields:
                continue
            value = fields[field].strip() if isinstance(fields[field], str) else fields[field]
            if getattr(registration, field) != value:
                setattr(registration, field, value)
                changed.append(field)
        if registration.access_requirements and not registration.health_consent_at:
            raise RegistrationError(NO_CONSENT_FOR_ACCESS)
        if changed:
            _validate(registration)
            registration.save(update_fields=[*changed, "updated"])
            record(registration, "corrected by an organiser", by=by, fields=changed)
    return changed


def cancel_registration(registration, *, by=None, now=None):
    """Cancel a place or a waiting-list entry; a freed place goes to the first person waiting.

    Side effects, in one transaction that locks the seminar: the registration is cancelled, a
    cancellation email is queued, and promotions (with their emails) happen as for
    promote_waiting. Cancelling twice changes nothing the second time.
    """
    now = now or timezone.now()
    with transaction.atomic():
        seminar = _locked(registration.seminar)
        registration = Registration.objects.get(pk=registration.pk)
        if not registration.is_active:
            return registration
        registration.status = RegistrationStatus.CANCELLED
        registration.cancelled_at = now
        registration.save(update_fields=["status", "cancelled_at", "updated"])
        if by:
            record(registration, "cancelled", by=by, fields=["status"], now=now)
        emails.queue_registration_cancelled(registration, by_organiser=by is not None)
        if seminar.promotes_automatically(now):
            _promote(seminar, now=now)
    return registration


def promote_waiting(seminar, *, by=None, now=None, force=False):
    """Give free places to the people waiting longest, in order.

    Automatic promotion stops at the seminar's waiting-list cut-off; organisers (`force`) may
    promote after it. Side effects, in one locked transaction: each promoted registration is
    confirmed and emailed. Returns the promoted registrations.
    """
    now = now or timezone.now()
    with transaction.atomic():
        seminar = _locked(seminar)
        if not force and not seminar.promotes_automatically(now):
            return []
        return _promote(seminar, now=now, by=by)


def promote_registration(registration, *, by, now=None):
    """An organiser gives this waiting person a place now, if one is free.

    Side effects, in one locked transaction: the registration is confirmed and emailed.
    """
    now = now or timezone.now()
    with transaction.atomic():
        seminar = _locked(registration.seminar)
        registration = Registration.objects.get(pk=registration.pk)
        if not registration.is_waiting:
            raise RegistrationError(f"{registration.name} is not on the waiting list.")
        if places_taken(seminar) >= seminar.capacity:
            raise RegistrationError(
                f"There is no free place for {registration.name}. Raise the seminar's number of "
                "places first, or wait for a cancellation."
            )
        _confirm_from_waiting_list(registration, now=now, by=by)
    return registration


def _promote(seminar, *, now, by=None):
    free = seminar.capacity - places_taken(seminar)
    promoted = list(
        Registration.objects.waiting()
        .filter(seminar=seminar)
        .select_related("seminar", "seminar__venue")[: max(free, 0)]
    )
    for registration in promoted:
        _confirm_from_waiting_list(registration, now=now, by=by)
    return promoted


def _confirm_from_waiting_list(registration, *, now, by=None):
    registration.status = RegistrationStatus.CONFIRMED
    registration.promoted_at = now
    registration.save(update_fields=["status", "promoted_at", "updated"])
    if by:
        record(registration, "given a place from the waiting list", by=by, fields=["status"])
    emails.queue_place_offered_from_waiting_list(registration)


def hold_place(seminar, *, name, email, by=None, now=None):
    """Hold a place for someone offered a travel bursary, unless they already have one.

    Side effects, in one transaction that locks the seminar: a held registration is made, or a
    waiting one becomes held; nothing when they already have a place. No email: the bursary
    offer says it all. Raises RegistrationError when no place is free, so that the caller never
    over-allocates. Returns the registration that holds or has their place.
    """
    now = now or timezone.now()
    with transaction.atomic():
        seminar = _locked(seminar)
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
            existing.save(update_fields=["status", "waiting_before_hold", "updated"])
            return existing
        registration = Registration(
            seminar=seminar,
            name=name,
            email=email,
            group="",  # unknown until accepting the bursary fills it in (complete_details)
            privacy_agreed_at=now,
            status=RegistrationStatus.HELD,
            registered_by=by,
        )
        _validate(registration)
        registration.save()
    return registration


def confirm_held_place(registration, *, notify=True):
    """The bursary was accepted: the held place is theirs, even after the registration deadline.

    Side effects, in one locked transaction: the registration is confirmed and, with `notify`,
    the usual confirmation email (manage link and calendar file) is queued; a caller whose own
    email says it all passes notify=False. Nothing for a place that is already confirmed.
    """
    with transaction.atomic():
        _locked(registration.seminar)
        registration = Registration.objects.get(pk=registration.pk)
        if registration.status == RegistrationStatus.HELD:
            registration.status = RegistrationStatus.CONFIRMED
            registration.waiting_before_hold = False
            registration.save(update_fields=["status", "waiting_before_hold", "updated"])
            if notify:
                emails.queue_place_confirmed(registration)
    return registration


def complete_details(
    registration, *, group="", organisation="", access_requirements="", health_consent_at=None
):
    """Fill in what the person has not told us on their registration, from what they told us
    elsewhere (a bursary application), never overwriting anything they wrote here.

    Health information (a service-user or carer group, access requirements) is copied only
    with the consent given where it was written (`health_consent_at`), which then covers it
    here too. Side effects: one row updated. Returns the names of the fields filled in.
    """
    with transaction.atomic():
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        filled = {}
        if not registration.group and group:
            filled["group"] = group
        if not registration.organisation and organisation.strip():
            filled["organisation"] = organisation.strip()
        if not registration.access_requirements and access_requirements.strip():
            filled["access_requirements"] = access_requirements.strip()
        health = needs_health_consent(filled.get("group"), filled.get("access_requirements"))
        if health and not health_consent_at:
            filled.pop("access_requirements", None)
            if filled.get("group") in ParticipantGroup.health_related:
                del filled["group"]
        elif health and not registration.health_consent_at:
            filled["health_consent_at"] = health_consent_at
        for field, value in filled.items():
            setattr(registration, field, value)
        if filled:
            _validate(registration)
            registration.save(update_fields=[*filled, "updated"])
    return sorted(filled)


def release_held_place(registration, *, now=None):
    """The bursary offer ended: a held place is freed and goes to the first person waiting.

    Side effects, in one locked transaction: the registration is cancelled, or goes back to
    the waiting list (in its old position) if that is where it came from; no email, the
    bursary's own email explains. The freed place is promoted as on any cancellation. A place
    that was confirmed before the offer stays confirmed.
    """
    now = now or timezone.now()
    with transaction.atomic():
        seminar = _locked(registration.seminar)
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
            if seminar.promotes_automatically(now):
                _promote(seminar, now=now)
    return registration


def mark_attendance(registration, *, attended, by):
    """Record whether a confirmed person came. Side effects: one row updated."""
    with transaction.atomic():
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if not registration.is_confirmed:
            raise RegistrationError(
                f"{registration.name} has no confirmed place, so attendance cannot be recorded."
            )
        registration.attended = attended
        registration.save(update_fields=["attended", "updated"])
        record(
            registration,
            "marked as attended" if attended else "marked as not attended",
            by=by,
            fields=["attended"],
        )
    return registration
