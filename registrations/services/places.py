"""Places: registering, the waiting list, cancelling, and giving freed places to those waiting.

Each change runs in one transaction that locks the seminar row first ("lock what you use"), so
capacity checks and waiting-list promotions never race.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models.signals import post_save
from django.utils import timezone

from common import race
from common.audit import record, record_many
from common.limits import allow_daily
from seminars.dates import deadline, opening
from seminars.models import Seminar, WindowState

from .. import emails
from ..models import Mode, Registration, RegistrationStatus, needs_health_consent
from ..needs import in_order
from ..online import capacity_for, offers_online
from ..queries import places_taken
from .book_ahead import tell_organisers
from .callbacks import ask_for_call, clean_phone
from .errors import RegistrationError

# How many "here is your link" emails one address may receive in a day.
LINK_EMAILS_PER_DAY = 3


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
    if state == WindowState.OPEN:
        return None
    if state == WindowState.NOT_OPEN:
        return (
            f"Registration for this seminar opens at {opening(seminar.registration_opens_at)} "
            "(UK time). Please come back then."
        )
    if state == WindowState.CLOSED:
        return (
            f"Registration for this seminar closed at {deadline(seminar.registration_deadline)} "
            f"(UK time). If you would still like to come, email us at {settings.CONTACT_EMAIL}."
        )
    return (
        "Registration for this seminar is not open yet. We will open it when the date and "
        "venue are confirmed."
    )


def locked_seminar(seminar_id):
    """Re-read the seminar holding its row lock until the transaction ends."""
    return race.locked(Seminar, seminar_id)


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
    needs=(),
    phone=None,
    future_seminars=False,
    mode=Mode.ROOM,
    by=None,
    override_capacity=False,
    now=None,
):
    """Give the person a place, or a place on the waiting list when the seminar is full.

    `mode` says where they take part: in the room, or online when the seminar offers online
    places (which have their own capacity and waiting list, and the same deadlines).

    If the address already has an active registration for this seminar, nothing changes and
    the existing manage link is emailed instead (at most LINK_EMAILS_PER_DAY a day).
    Organisers (`by`) may register someone after the deadline, and with `override_capacity`
    beyond the capacity. Side effects, all in one transaction that locks the seminar row: the
    registration row, and one queued email saying what happened. Returns (registration, outcome)
    with outcome "confirmed", "waiting" or "existing"; the public page shows the same words for
    each, so it never reveals whether an address was registered. Only an organiser may
    register someone without an email address (they then tell the person themselves).

    `needs` (codes from registrations.needs) are kept only with `health_consent`: without it
    none is saved, and we ask on the day. A `phone` number puts the person on the call-back list
    (a CallBack row in the same transaction).
    """
    email = email.strip()
    if not email and by is None:
        raise RegistrationError("Enter your email address, so that we can send your confirmation.")
    if phone is not None:
        phone = clean_phone(phone)
    with transaction.atomic():
        seminar = locked_seminar(seminar.pk)
        # The clock is read once the lock is ours: a request that waited for it is judged by
        # when it is served, so none slips in after the deadline.
        now = now or timezone.now()
        message = closed_message(seminar, now=now)
        if message and not (by and not seminar.is_cancelled):
            raise RegistrationError(message)
        existing = email and (
            Registration.objects.active().filter(seminar=seminar, email__iexact=email).first()
        )
        if existing:
            if may_send_link(existing):
                emails.queue_manage_link(existing)
            return existing, "existing"
        if mode == Mode.ONLINE and not offers_online(seminar):
            raise RegistrationError(
                "This seminar has no online places. Choose to take part in the room."
            )
        taken = places_taken(seminar, mode)
        race.pause()
        has_place = taken < capacity_for(seminar, mode) or (by is not None and override_capacity)
        needs = in_order(needs) if health_consent else []
        health = needs_health_consent(group, access_requirements, needs)
        registration = Registration(
            seminar=seminar,
            name=name.strip(),
            email=email,
            group=group,
            organisation=organisation.strip(),
            access_requirements=access_requirements.strip(),
            dietary_requirements=dietary_requirements.strip(),
            needs=needs,
            health_consent_at=now if (health_consent and health) else None,
            privacy_agreed_at=now,
            future_seminars=future_seminars,
            mode=mode,
            status=RegistrationStatus.CONFIRMED if has_place else RegistrationStatus.WAITING,
            registered_by=by,
        )
        check_rules(registration)
        try:
            with transaction.atomic():
                registration.save()
                if phone is not None:
                    ask_for_call(registration, phone=phone)
        except IntegrityError:
            # Only reachable without the row lock (two requests for one address at once).
            raise RegistrationError(
                "We could not save your registration just now. Please try again."
            ) from None
        if registration.is_confirmed:
            emails.queue_place_confirmed(registration)
        else:
            emails.queue_waiting_list_joined(registration)
        tell_organisers(registration)
        if by:
            record(registration, "registered by an organiser", by=by, now=now)
    return registration, registration.status


def check_rules(registration):
    """The model's rules, database constraints included, as a RegistrationError to show."""
    try:
        registration.full_clean()
    except ValidationError as error:
        raise RegistrationError(" ".join(error.messages)) from None


def may_send_link(registration):
    """At most LINK_EMAILS_PER_DAY "here is your link" emails to one address a day, whichever
    seminar they are about: registering for a mental-health seminar is itself sensitive."""
    return allow_daily("link-emails", registration.email, limit=LINK_EMAILS_PER_DAY)


def cancel_registration(registration, *, by=None, now=None):
    """Cancel a place or a waiting-list entry; a freed place goes to the first person waiting.

    Side effects, in one transaction that locks the seminar: the registration is cancelled, a
    cancellation email is queued, and promotions (with their emails) happen as for
    promote_waiting. Cancelling twice changes nothing the second time.
    """
    now = now or timezone.now()
    with transaction.atomic():
        seminar = locked_seminar(registration.seminar_id)
        registration = Registration.objects.get(pk=registration.pk)
        if not registration.is_active:
            return registration
        registration.status = RegistrationStatus.CANCELLED
        registration.cancelled_at = now
        registration.save(update_fields=["status", "cancelled_at", "updated"])
        if by:
            record(registration, "cancelled", by=by, fields=["status"], now=now)
        emails.queue_registration_cancelled(registration, by_organiser=by is not None)
        if seminar.phase(now).promotion:
            fill_free_places(seminar, now=now, mode=registration.mode)
    return registration


def promote_waiting(seminar, *, by=None, now=None, force=False):
    """Give free places to the people waiting longest, in order.

    Automatic promotion stops at the seminar's waiting-list cut-off; organisers (`force`) may
    promote after it. In the room and online, each from its own list. Side effects, in one
    locked transaction: each promoted registration is confirmed and emailed. Returns the
    promoted registrations.
    """
    now = now or timezone.now()
    with transaction.atomic():
        seminar = locked_seminar(seminar.pk)
        if not force and not seminar.phase(now).promotion:
            return []
        return [
            *fill_free_places(seminar, now=now, by=by),
            *fill_free_places(seminar, now=now, by=by, mode=Mode.ONLINE),
        ]


def promote_registration(registration, *, by, now=None):
    """An organiser gives this waiting person a place now, if one is free.

    Side effects, in one locked transaction: the registration is confirmed and emailed.
    """
    now = now or timezone.now()
    with transaction.atomic():
        seminar = locked_seminar(registration.seminar_id)
        registration = Registration.objects.get(pk=registration.pk)
        if not registration.is_waiting:
            raise RegistrationError(f"{registration.name} is not on the waiting list.")
        mode = registration.mode
        if places_taken(seminar, mode) >= capacity_for(seminar, mode):
            where = "online places" if mode == Mode.ONLINE else "places"
            raise RegistrationError(
                f"There is no free place for {registration.name}. Raise the seminar's number of "
                f"{where} first, or wait for a cancellation."
            )
        _confirm_from_waiting_list(registration, now=now, by=by)
    return registration


def fill_free_places(seminar, *, now, by=None, mode=Mode.ROOM):
    """Give the free places in `mode` (in the room by default) to those waiting for them: a
    fixed number of queries however many move up (one UPDATE, one INSERT of their emails)."""
    free = capacity_for(seminar, mode) - places_taken(seminar, mode)
    if free <= 0:
        return []
    promoted = list(
        Registration.objects.waiting()
        .filter(seminar=seminar, mode=mode)
        .select_related("seminar", "seminar__venue")[: max(free, 0)]
    )
    if not promoted:
        return []
    fields = {"status": RegistrationStatus.CONFIRMED, "promoted_at": now}
    updated = saved_in_bulk(promoted, **fields)
    if by:
        record_many(
            promoted,
            lambda registration: "given a place from the waiting list",
            by=by,
            fields=["status"],
        )
    emails.queue_places_offered_from_waiting_list(promoted)
    return updated


def saved_in_bulk(registrations, **fields):
    """Write `fields` to every one of `registrations` in one UPDATE, as save(update_fields=…)
    would (their `updated` moment too), and tell whoever listens for saved registrations (the
    page cache: places left show on public pages), as save() would have."""
    now = timezone.now()
    Registration.objects.filter(pk__in=[r.pk for r in registrations]).update(**fields, updated=now)
    for registration in registrations:
        for name, value in {**fields, "updated": now}.items():
            setattr(registration, name, value)
        post_save.send(
            sender=Registration,
            instance=registration,
            created=False,
            update_fields=frozenset([*fields, "updated"]),
            raw=False,
            using=Registration.objects.db,
        )
    return registrations


def _confirm_from_waiting_list(registration, *, now, by=None):
    registration.status = RegistrationStatus.CONFIRMED
    registration.promoted_at = now
    registration.save(update_fields=["status", "promoted_at", "updated"])
    if by:
        record(registration, "given a place from the waiting list", by=by, fields=["status"])
    emails.queue_place_offered_from_waiting_list(registration)
