"""Every change to a registration goes through these functions: public pages, admin and commands.

Each one runs in one transaction that locks the seminar row first ("lock what you use"), so
capacity checks and waiting-list promotions never race. Emails are queued in the same
transaction (outbox), so they are sent if and only if the change commits.
"""

import datetime
import time

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone

from config.limits import allow_daily
from seminars.dates import deadline, opening, shift_months
from seminars.models import RegistrationState, Seminar, SeminarStatus

from . import emails
from .models import GroupCount, ParticipantGroup, Registration, RegistrationStatus

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
    """Re-read the seminar holding its row lock until the transaction ends.

    select_for_update does nothing on SQLite; there the IMMEDIATE transaction mode has already
    taken the database write lock. A test-only setting turns the lock off, to prove that the
    concurrency tests can see a race.
    """
    if getattr(settings, "REGISTRATIONS_TEST_WITHOUT_LOCK", False):
        return Seminar.objects.get(pk=seminar.pk)
    return Seminar.objects.select_for_update().get(pk=seminar.pk)


def _pause_for_race_test():
    delay = getattr(settings, "REGISTRATIONS_TEST_RACE_DELAY", 0)
    if delay:
        time.sleep(delay)


def places_left(seminar):
    return max(seminar.capacity - seminar.registrations.taking_places().count(), 0)


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
            if _may_send_link(existing):
                emails.queue_manage_link(existing)
            return existing, "existing"
        taken = seminar.registrations.taking_places().count()
        _pause_for_race_test()
        has_place = taken < seminar.capacity or (by is not None and override_capacity)
        health = group in ParticipantGroup.health_related or bool(access_requirements.strip())
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
    return registration, registration.status


def _validate(registration):
    """The model's rules, database constraints included, as a RegistrationError to show."""
    try:
        registration.full_clean()
    except ValidationError as error:
        raise RegistrationError(" ".join(error.messages)) from None


def send_manage_link(seminar, *, email):
    """Email the manage link of the address's active registration, if there is one.

    Side effects: at most one queued email, rate-limited per address and seminar. Returns
    nothing the page could use to tell whether the address was registered.
    """
    with transaction.atomic():
        registration = (
            Registration.objects.active()
            .filter(seminar=seminar, email__iexact=email.strip())
            .first()
        )
        if registration and _may_send_link(registration):
            emails.queue_manage_link(registration)


def _may_send_link(registration):
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
        needs_consent = (
            registration.group in ParticipantGroup.health_related
            or registration.access_requirements
        )
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
        return _promote(seminar, now=now)


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
        if seminar.registrations.taking_places().count() >= seminar.capacity:
            raise RegistrationError(
                f"There is no free place for {registration.name}. Raise the seminar's number of "
                "places first, or wait for a cancellation."
            )
        _confirm_from_waiting_list(registration, now=now)
    return registration


def _promote(seminar, *, now):
    free = seminar.capacity - seminar.registrations.taking_places().count()
    promoted = list(Registration.objects.waiting().filter(seminar=seminar)[: max(free, 0)])
    for registration in promoted:
        _confirm_from_waiting_list(registration, now=now)
    return promoted


def _confirm_from_waiting_list(registration, *, now):
    registration.status = RegistrationStatus.CONFIRMED
    registration.promoted_at = now
    registration.save(update_fields=["status", "promoted_at", "updated"])
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
        if seminar.registrations.taking_places().count() >= seminar.capacity:
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
            group=ParticipantGroup.PREFER_NOT_TO_SAY,  # the bursary's group stays with it
            privacy_agreed_at=now,
            status=RegistrationStatus.HELD,
            registered_by=by,
        )
        _validate(registration)
        registration.save()
    return registration


def confirm_held_place(registration):
    """The bursary was accepted: the held place is theirs, even after the registration deadline.

    Side effects, in one locked transaction: the registration is confirmed and the usual
    confirmation email (manage link and calendar file) is queued. Nothing for a place that is
    already confirmed.
    """
    with transaction.atomic():
        _locked(registration.seminar)
        registration = Registration.objects.get(pk=registration.pk)
        if registration.status == RegistrationStatus.HELD:
            registration.status = RegistrationStatus.CONFIRMED
            registration.waiting_before_hold = False
            registration.save(update_fields=["status", "waiting_before_hold", "updated"])
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
    return registration


def send_reminders(*, now=None):
    """Queue one reminder for each confirmed place at a seminar starting within the reminder
    window. Each registration is reminded once, even if two schedulers run at the same time.

    Side effects: reminder emails queued and reminder_sent_at set, in one transaction.
    Returns how many were queued.
    """
    now = now or timezone.now()
    window_end = now + datetime.timedelta(days=settings.REGISTRATION_REMINDER_DAYS)
    with transaction.atomic():
        due = list(
            Registration.objects.confirmed()
            .filter(
                reminder_sent_at__isnull=True,
                seminar__status=SeminarStatus.PUBLISHED,
                seminar__starts_at__gt=now,
                seminar__starts_at__lte=window_end,
            )
            .select_related("seminar", "seminar__venue")
            .select_for_update(skip_locked=True, of=("self",))
        )
        for registration in due:
            emails.queue_reminder(registration)
        Registration.objects.filter(pk__in=[r.pk for r in due]).update(reminder_sent_at=now)
    return len(due)


def apply_retention(*, now=None):
    """Delete personal details after the seminar, keeping anonymous counts.

    REGISTRATION_DETAILS_KEEP_MONTHS after the seminar's end, the stated group and the access
    and dietary requirements go (counted first into GroupCount); after REGISTRATION_KEEP_MONTHS,
    whole registrations go. Safe to run daily, and twice: removed details are not counted again.
    Side effects: rows updated, counted and deleted in one transaction. Returns
    (details removed, registrations deleted).
    """
    now = now or timezone.now()
    details_cutoff = shift_months(now, -settings.REGISTRATION_DETAILS_KEEP_MONTHS)
    delete_cutoff = shift_months(now, -settings.REGISTRATION_KEEP_MONTHS)
    with transaction.atomic():
        to_redact = Registration.objects.filter(
            _ended_before(details_cutoff) | _ended_before(delete_cutoff),
            details_removed_at__isnull=True,
        ).select_for_update()
        rows = list(to_redact)
        _count(rows)
        redacted = Registration.objects.filter(pk__in=[r.pk for r in rows]).update(
            group="",
            access_requirements="",
            dietary_requirements="",
            details_removed_at=now,
        )
        deleted, _ = Registration.objects.filter(_ended_before(delete_cutoff)).delete()
    return redacted, deleted


def _ended_before(moment):
    return Q(seminar__ends_at__lt=moment) | Q(
        seminar__ends_at__isnull=True, seminar__starts_at__lt=moment
    )


def _count(registrations):
    totals = {}
    for registration in registrations:
        key = (registration.seminar_id, registration.group, registration.status)
        counts = totals.setdefault(key, [0, 0, 0, 0])
        counts[0] += 1
        counts[1] += registration.attended is True
        counts[2] += bool(registration.access_requirements)
        counts[3] += bool(registration.dietary_requirements)
    for (seminar_id, group, status), (total, attended, access, dietary) in totals.items():
        row, _ = GroupCount.objects.get_or_create(seminar_id=seminar_id, group=group, status=status)
        GroupCount.objects.filter(pk=row.pk).update(
            registrations=F("registrations") + total,
            attended=F("attended") + attended,
            with_access_requirements=F("with_access_requirements") + access,
            with_dietary_requirements=F("with_dietary_requirements") + dietary,
        )


CHANGE_REASONS = {
    "postponed": "The seminar is postponed",
    "cancelled": "The seminar is cancelled",
    "moved": "The date, time or venue has changed",
    "update": "Other news about the seminar",
}


def notify_registrants(seminar, *, reason, message, by):
    """Email everyone with a place or on the waiting list about a change to the seminar.

    Side effects: one queued email per active registration, in one transaction. Returns the
    number queued.
    """
    if reason not in CHANGE_REASONS:
        raise RegistrationError("Choose what has changed.")
    with transaction.atomic():
        registrations = list(Registration.objects.active().filter(seminar=seminar))
        for registration in registrations:
            emails.queue_seminar_changed(registration, reason=reason, message=message)
    return len(registrations)


def future_seminar_subscribers(*, exclude_seminar=None):
    """One registration per address that asked to hear about future seminars (the newest).

    Addresses with a place or waiting-list entry at `exclude_seminar` are left out.
    """
    already = set()
    if exclude_seminar is not None:
        already = {
            email.lower()
            for email in Registration.objects.active()
            .filter(seminar=exclude_seminar)
            .values_list("email", flat=True)
        }
    subscribers = {}
    for registration in Registration.objects.filter(future_seminars=True).order_by(
        "-created", "-pk"
    ):
        key = registration.email.lower()
        if key not in already:
            subscribers.setdefault(key, registration)
    return sorted(subscribers.values(), key=lambda registration: registration.email.lower())


def announce_seminar(seminar, *, message, by):
    """Email a seminar's announcement to everyone who asked to hear about future seminars.

    Side effects: one queued email per address, each with its own link to stop these emails.
    Returns the number queued.
    """
    with transaction.atomic():
        subscribers = future_seminar_subscribers(exclude_seminar=seminar)
        for subscriber in subscribers:
            emails.queue_new_seminar(seminar, subscriber, message=message)
    return len(subscribers)


def stop_future_seminar_emails(registration):
    """The person no longer wants news of future seminars, from any of their registrations.

    Side effects: future_seminars cleared on every registration with the same address.
    """
    with transaction.atomic():
        Registration.objects.filter(email__iexact=registration.email).update(future_seminars=False)
