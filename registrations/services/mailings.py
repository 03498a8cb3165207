"""Emails to registrants besides those a change sends: links, reminders, notices, news."""

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from common.audit import record
from seminars.models import SeminarStatus
from subscribers import services as subscriber_services
from subscribers.models import Subscriber

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
    `changed` (seminars.changes: date, time, venue), when known, makes the wording fit. Places
    held for bursary offers are the bursary panel's to tell (organisers never learn who holds
    them, and these emails are theirs to read).

    Side effects: one queued email per active registration with an address, and an audit
    entry on the seminar, in one transaction. Returns the number queued.
    """
    if reason not in CHANGE_REASONS:
        raise RegistrationError("Choose what has changed.")
    with transaction.atomic():
        registrations = list(
            Registration.objects.registered()
            .filter(seminar=seminar)
            .select_related("seminar", "seminar__venue")
        )
        emails.queue_seminar_changed(registrations, reason=reason, message=message, changed=changed)
        record(seminar, f"emailed everyone registered: {CHANGE_REASONS[reason].lower()}", by=by)
    return sum(1 for registration in registrations if registration.email)


def registered_addresses(seminar):
    """Lower-cased addresses with a place or waiting-list entry at `seminar`."""
    return {
        email.lower()
        for email in Registration.objects.active()
        .filter(seminar=seminar)
        .exclude(email="")
        .values_list("email", flat=True)
    }


def future_seminar_subscribers(*, exclude_seminar=None):
    """Confirmed subscribers on the mailing list (subscribers app), by address; with
    `exclude_seminar`, without those who already have a place or are waiting there."""
    already = registered_addresses(exclude_seminar) if exclude_seminar is not None else set()
    return [s for s in Subscriber.objects.on_list() if s.email.lower() not in already]


def mailing_list():
    """Confirmed subscribers on the mailing list (subscribers app), by address, as a query:
    for a download that reads them as it writes them."""
    return Subscriber.objects.on_list()


def announce_seminar(seminar, *, message, by):
    """Email a seminar's announcement to everyone confirmed on the mailing list, except people
    already registered for it, in batches through the outbox (each email with its own one-click
    unsubscribe).

    Side effects, in one transaction: outbox rows, and an audit entry on the seminar. Returns
    the number queued.
    """
    with transaction.atomic():
        count = subscriber_services.announce(
            seminar, message=message, exclude=registered_addresses(seminar)
        )
        record(seminar, "announced to the mailing list", by=by)
    return count


def stop_future_seminar_emails(registration):
    """The link in emails sent before the mailing list had its own: the person no longer wants
    news of future seminars.

    Side effects, in one transaction: the address taken off the mailing list (with its queued
    list emails), and the old tick box cleared on every registration with that address.
    """
    with transaction.atomic():
        Registration.objects.filter(email__iexact=registration.email).update(future_seminars=False)
        if registration.email:
            subscriber_services.remove_address(registration.email)
