"""Emails to registrants besides those a change sends: links, reminders, notices, news."""

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from common.audit import record
from seminars.models import SeminarStatus

from .. import emails
from ..models import Registration
from .places import RegistrationError, may_send_link


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
        if registration and may_send_link(registration):
            emails.queue_manage_link(registration)


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
        emails.queue_reminders(due)
        Registration.objects.filter(pk__in=[r.pk for r in due]).update(reminder_sent_at=now)
    return len(due)


CHANGE_REASONS = {
    "postponed": "The seminar is postponed",
    "cancelled": "The seminar is cancelled",
    "moved": "The date, time or venue has changed",
    "update": "Other news about the seminar",
}


def notify_registrants(seminar, *, reason, message, by, changed=()):
    """Email everyone with a place or on the waiting list about a change to the seminar.
    `changed` (seminars.changes: date, time, venue), when known, makes the wording fit.

    Side effects: one queued email per active registration with an address, and an audit
    entry on the seminar, in one transaction. Returns the number queued.
    """
    if reason not in CHANGE_REASONS:
        raise RegistrationError("Choose what has changed.")
    with transaction.atomic():
        registrations = list(
            Registration.objects.active()
            .filter(seminar=seminar)
            .select_related("seminar", "seminar__venue")
        )
        emails.queue_seminar_changed(registrations, reason=reason, message=message, changed=changed)
        record(seminar, f"emailed everyone registered: {CHANGE_REASONS[reason].lower()}", by=by)
    return sum(1 for registration in registrations if registration.email)


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

    Side effects: one queued email per address, each with its own link to stop these emails,
    and an audit entry on the seminar. Returns the number queued.
    """
    with transaction.atomic():
        subscribers = future_seminar_subscribers(exclude_seminar=seminar)
        for subscriber in subscribers:
            emails.queue_new_seminar(seminar, subscriber, message=message)
        record(seminar, "announced to the future-seminars list", by=by)
    return len(subscribers)


def stop_future_seminar_emails(registration):
    """The person no longer wants news of future seminars, from any of their registrations.

    Side effects: future_seminars cleared on every registration with the same address.
    """
    with transaction.atomic():
        Registration.objects.filter(email__iexact=registration.email).update(future_seminars=False)
