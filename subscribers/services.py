"""Every change to the mailing list goes through these functions: public pages, admin, commands.

A sign-up never tells the page whether the address was already on the list: every function a
public page calls returns nothing it could show.
"""

import datetime

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from common import race
from common.limits import allow_daily
from outbox.models import Email, EmailStatus
from seminars.models import Seminar, WindowState

from . import emails
from .models import CONFIRM_DAYS, OpeningAlert, Subscriber, SubscriberStatus

# Confirmation emails one address can be sent in a day, however often someone signs it up.
CONFIRM_EMAILS_PER_DAY = 3
# Announcements leave the outbox this many at a time, a few minutes apart, so that a long list
# does not trip the provider's rate limits or hold up people's own confirmations.
BATCH_SIZE = 100
BATCH_GAP = datetime.timedelta(minutes=2)


class SubscriberError(Exception):
    """A mailing-list rule refused the request; str(exc) is safe to show the user."""


def wants_alert(seminar, *, now=None):
    """Whether "Tell me when registration opens" makes sense: the seminar is to come, shown to
    the public, and its registration is not open yet (or it is known only by its month)."""
    now = now or timezone.now()
    if seminar.is_past(now) or seminar.is_cancelled:
        return False
    return seminar.registration_state(now) in (WindowState.NOT_OPEN, WindowState.UNAVAILABLE)


def sign_up(*, email, seminar=None, now=None):
    """Someone asks for emails: about every seminar, or (with `seminar`) once when that
    seminar's registration opens. Double opt-in: a new or unconfirmed address, or one carried
    over from the old tick box, gets a link to confirm, valid for CONFIRM_DAYS. A confirmed
    address gains nothing yet: a wish it did not have (the list, or a new seminar) waits, with
    the same link emailed to it, because anyone can type anyone's address here.

    Side effects, in one transaction: the subscriber row made or updated, an OpeningAlert, and
    at most CONFIRM_EMAILS_PER_DAY confirmation emails a day for one address. Returns nothing,
    so the page answers the same whatever the address was.
    """
    now = now or timezone.now()
    email = email.strip()
    with transaction.atomic():
        subscriber = _subscriber_for_update(email)
        if subscriber.confirmation_expired(now):
            subscriber.token = Subscriber._meta.get_field("token").default()
        if subscriber.is_confirmed:
            if seminar is None and not subscriber.on_list:
                subscriber.wants_list = True
            if seminar is not None:
                OpeningAlert.objects.get_or_create(
                    subscriber=subscriber, seminar=seminar, defaults={"pending": True}
                )
            needs_confirming = (
                subscriber.keep_until is not None
                or subscriber.wants_list
                or subscriber.alerts.pending().exists()
            )
        else:
            if seminar is None:
                subscriber.on_list = True
            if seminar is not None:
                OpeningAlert.objects.get_or_create(subscriber=subscriber, seminar=seminar)
            needs_confirming = True
        if needs_confirming:
            subscriber.confirm_by = now + datetime.timedelta(days=CONFIRM_DAYS)
        subscriber.full_clean()
        subscriber.save()
        if needs_confirming and allow_daily(
            "subscribers:confirm", email, limit=CONFIRM_EMAILS_PER_DAY
        ):
            emails.queue_confirm(subscriber)


def existing_subscriber(email):
    """The row for `email`, locked until the transaction ends; None when there is none (and
    then nothing is locked)."""
    return Subscriber.objects.select_for_update().with_email(email).first()


def _subscriber_for_update(email):
    """The locked row for `email`, made (pending) when there is none. Two sign-ups of a new
    address at once both find nothing to lock: the second insert meets the unique constraint,
    and it carries on with the first one's row instead of failing. Call inside a transaction."""
    subscriber = existing_subscriber(email)
    if subscriber is not None:
        return subscriber
    race.pause()
    subscriber = Subscriber(email=email)
    # The one-per-address rule is left to the database, whose answer stands even for a row
    # not yet committed by the other sign-up.
    subscriber.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():  # a savepoint: the clash must not spoil the outer transaction
            subscriber.save(force_insert=True)
    except IntegrityError:
        return Subscriber.objects.select_for_update().with_email(email).get()
    return subscriber


def confirm(subscriber, *, now=None):
    """The person followed their link and confirmed: they get what they asked for, and stay
    until they unsubscribe (a carried-over person loses their old end date). A confirmed
    address gets the wishes waiting for this link, unless CONFIRM_DAYS have passed since they
    were asked for: those lapse.

    Side effects: the row and its pending requests updated, in one transaction. Raises
    SubscriberError once the link has expired. Returns the subscriber.
    """
    now = now or timezone.now()
    with transaction.atomic():
        subscriber = Subscriber.objects.select_for_update().get(pk=subscriber.pk)
        if subscriber.confirmation_expired(now):
            raise SubscriberError(
                "This link has expired. Sign up again and we will send you a new one."
            )
        if not subscriber.is_confirmed:
            subscriber.confirmed_at = now
        if subscriber.confirm_by is None or now < subscriber.confirm_by:
            subscriber.on_list = subscriber.on_list or subscriber.wants_list
            subscriber.alerts.pending().update(pending=False)
        else:
            subscriber.alerts.pending().delete()
        subscriber.wants_list = False
        subscriber.status = SubscriberStatus.CONFIRMED
        subscriber.confirm_by = None
        subscriber.keep_until = None
        subscriber.save(
            update_fields=[
                "status",
                "on_list",
                "wants_list",
                "confirmed_at",
                "confirm_by",
                "keep_until",
                "updated",
            ]
        )
    return subscriber


def unsubscribe(subscriber):
    """Remove the person from the mailing list at once, and everything we held for it: their
    row, their "registration is open" requests, and list emails still waiting to be sent.
    Idempotent: unsubscribing twice is the same as once.

    Side effects, in one transaction: rows deleted.
    """
    with transaction.atomic():
        remove_address(subscriber.email)


def remove_address(email):
    """Take `email` off the list, if it is there (an old registration's "stop these emails"
    link, or an organiser acting on a request). Call inside a transaction."""
    Email.objects.filter(
        to__iexact=email, status=EmailStatus.QUEUED, kind__startswith="subscribers/"
    ).exclude(kind="subscribers/confirm").delete()
    Subscriber.objects.with_email(email).delete()


def announce(seminar, *, message, exclude=(), now=None):
    """Email `seminar`'s announcement to everyone confirmed on the list, except the addresses
    in `exclude` (already registered there), in batches of BATCH_SIZE, BATCH_GAP apart.

    Side effects: outbox rows, in the caller's transaction. Returns the number queued.
    """
    now = now or timezone.now()
    excluded = {address.lower() for address in exclude if address}
    recipients = [s for s in Subscriber.objects.on_list() if s.email.lower() not in excluded]
    for number, start in enumerate(range(0, len(recipients), BATCH_SIZE)):
        emails.queue_announcement(
            seminar,
            recipients[start : start + BATCH_SIZE],
            message=message,
            not_before=now + number * BATCH_GAP,
        )
    return len(recipients)


def send_registration_open(*, now=None):
    """Tell each confirmed person who asked, once, that a seminar's registration is open.

    Safe to run often and in two schedulers at once: each request is claimed under a row lock
    and marked sent in the same transaction as its email. Returns how many were queued.
    """
    now = now or timezone.now()
    with transaction.atomic():
        alerts = list(
            OpeningAlert.objects.filter(
                sent_at__isnull=True,
                pending=False,
                subscriber__status=SubscriberStatus.CONFIRMED,
            )
            .select_related("subscriber", "seminar")
            .select_for_update(skip_locked=True, of=("self",))
        )
        due = [a for a in alerts if a.seminar.registration_state(now) == WindowState.OPEN]
        by_seminar = {}
        for alert in due:
            by_seminar.setdefault(alert.seminar, []).append(alert.subscriber)
        for seminar, subscribers in by_seminar.items():
            emails.queue_registration_open(seminar, subscribers)
        OpeningAlert.objects.filter(pk__in=[a.pk for a in due]).update(sent_at=now)
    return len(due)


def ask_carried_over_to_stay(*, now=None):
    """The one email to each person carried over from the old tick box: stay on the list?
    (Those who confirm stay until they unsubscribe; the others go at their keep_until.)

    Sent once, even with two schedulers: the rows are claimed under a lock and stamped in the
    same transaction. Returns how many were queued.
    """
    now = now or timezone.now()
    with transaction.atomic():
        due = list(
            Subscriber.objects.filter(
                carried_over=True,
                stay_asked_at__isnull=True,
                keep_until__gt=now,
            ).select_for_update(skip_locked=True)
        )
        emails.queue_stay(due)
        Subscriber.objects.filter(pk__in=[s.pk for s in due]).update(stay_asked_at=now)
    return len(due)


def apply_retention(*, now=None):
    """Delete what the privacy notice says goes: sign-ups never confirmed within CONFIRM_DAYS;
    carried-over people who did not confirm, at the end date they were promised; requests
    about seminars that are over or already answered; wishes a confirmed address was signed up
    for and did not confirm within CONFIRM_DAYS; and confirmed people left with no wish at all
    (they asked only about seminars that have now opened).

    Side effects: rows deleted, in one transaction. Returns how many subscribers went.
    """
    now = now or timezone.now()
    with transaction.atomic():
        OpeningAlert.objects.filter(
            Q(sent_at__isnull=False) | Q(seminar__in=Seminar.objects.past(now).values("pk"))
        ).delete()
        lapsed = Subscriber.objects.filter(status=SubscriberStatus.CONFIRMED, confirm_by__lte=now)
        OpeningAlert.objects.pending().filter(subscriber__in=lapsed).delete()
        lapsed.update(wants_list=False, confirm_by=None)
        gone = Subscriber.objects.filter(
            Q(status=SubscriberStatus.PENDING, confirm_by__lte=now)
            | Q(keep_until__lte=now)
            | Q(
                status=SubscriberStatus.CONFIRMED,
                on_list=False,
                wants_list=False,
                alerts__isnull=True,
            )
        )
        pks = list(gone.values_list("pk", flat=True).distinct())
        Subscriber.objects.filter(pk__in=pks).delete()
    return len(pks)
