"""Offers: the panel's staged decisions, offers within each group's limit (under the seminar's
lock, holding a place), replies, lapses, reminders and the reserve list.
"""

import datetime
import time

from django.conf import settings
from django.db import transaction
from django.db.models import Avg, F, Q
from django.utils import timezone

from registrations import services as registration_services
from registrations.models import RegistrationStatus
from seminars.dates import deadline
from seminars.models import Seminar, SeminarStatus

from .. import emails
from ..models import BursaryApplication, BursaryStatus
from .applications import BursaryError, _release_place, set_status


def _locked_seminar(seminar):
    """Lock the seminar row: offers for one seminar happen one at a time ("lock what you use").

    A test-only setting turns the lock off, to prove that the concurrency test sees a race.
    """
    if getattr(settings, "BURSARIES_TEST_WITHOUT_LOCK", False):
        return Seminar.objects.get(pk=seminar.pk)
    return Seminar.objects.select_for_update().get(pk=seminar.pk)


def live_awards(seminar, group):
    """Offers and every later stage of an award: all count against the group's bursaries."""
    return BursaryApplication.objects.filter(
        seminar=seminar, group=group, status__in=BursaryStatus.live_award
    ).count()


def bursaries_left(seminar, group):
    return max(seminar.bursaries_per_group - live_awards(seminar, group), 0)


def offer(application, *, amount, reply_by, by, now=None):
    """Offer a bursary: within the group's limit, holding a place at the seminar.

    Side effects, in one transaction that locks the seminar row: a place held (or the
    applicant's existing place linked), the offer recorded, the status change, and the offer
    email. Raises BursaryError when the group's bursaries are all awarded, or no place is free:
    nothing is saved then.
    """
    now = now or timezone.now()
    with transaction.atomic():
        seminar = _locked_seminar(application.seminar)
        application = BursaryApplication.objects.select_for_update().get(pk=application.pk)
        if not application.can_move_to(BursaryStatus.OFFERED):
            raise BursaryError(
                f"B{application.pk} is {application.get_status_display().lower()}, so it cannot "
                "be offered a bursary."
            )
        if seminar.status != SeminarStatus.PUBLISHED or seminar.is_past(now):
            raise BursaryError(
                f"Seminar {seminar.number} is not going ahead, or is over: no offers now."
            )
        if amount is None or amount <= 0:
            raise BursaryError("Enter the amount to offer, in pounds.")
        if reply_by is None or reply_by <= now:
            raise BursaryError("Choose a reply-by date in the future.")
        taken = live_awards(seminar, application.group)
        delay = getattr(settings, "BURSARIES_TEST_RACE_DELAY", 0)
        if delay:
            time.sleep(delay)
        if taken >= seminar.bursaries_per_group:
            raise BursaryError(
                f"All {seminar.bursaries_per_group} bursaries for "
                f"{application.get_group_display().lower()} at seminar {seminar.number} are "
                f"offered or awarded. Put B{application.pk} on the reserve list instead."
            )
        try:
            registration = registration_services.hold_place(
                seminar, name=application.name, email=application.email, by=by, now=now
            )
        except registration_services.RegistrationError as error:
            raise BursaryError(str(error)) from None
        application.offer_amount = amount
        application.reply_by = reply_by
        application.registration = registration
        _clear_staged(application)
        application.save(
            update_fields=[
                "offer_amount",
                "reply_by",
                "registration",
                "staged_decision",
                "staged_amount",
                "staged_reply_by",
                "updated",
            ]
        )
        application = set_status(application, BursaryStatus.OFFERED, by=by, now=now)
        emails.queue_offered(application)
    return application


def put_on_reserve(application, *, by, now=None):
    """Side effects: status change and the reserve-list email, in one transaction."""
    return _decide(application, BursaryStatus.RESERVE, emails.queue_reserve, by=by, now=now)


def not_offer(application, *, by, now=None):
    """Side effects: status change and the not-offered email, in one transaction."""
    return _decide(application, BursaryStatus.NOT_OFFERED, emails.queue_not_offered, by=by, now=now)


def _decide(application, status, queue_email, *, by, now):
    with transaction.atomic():
        application = set_status(application, status, by=by, now=now)
        _clear_staged(application)
        application.save(
            update_fields=["staged_decision", "staged_amount", "staged_reply_by", "updated"]
        )
        queue_email(application)
    return application


def _clear_staged(application):
    application.staged_decision = ""
    application.staged_amount = None
    application.staged_reply_by = None


def _open_offer(application, now):
    application = BursaryApplication.objects.select_for_update().get(pk=application.pk)
    if application.status != BursaryStatus.OFFERED:
        raise BursaryError(
            f"This bursary is {application.get_status_display().lower()}, so there is no offer "
            "to answer."
        )
    if now >= application.reply_by:
        raise BursaryError(
            f"The offer ended at {deadline(application.reply_by)} (UK time). If you still need "
            f"help with travel, email us at {settings.CONTACT_EMAIL}."
        )
    return application


def accept(application, *, now=None):
    """The applicant accepts before the reply-by moment: the place held for them is confirmed,
    even after the registration deadline.

    Side effects, in one transaction: status change, the registration confirmed (with its own
    confirmation email), and the acceptance email.
    """
    now = now or timezone.now()
    with transaction.atomic():
        _locked_seminar(application.seminar)
        application = _open_offer(application, now)
        registration = application.registration
        if registration is None or registration.status not in RegistrationStatus.taking_a_place:
            # The held place was cancelled meanwhile (by an organiser, say): hold one again.
            try:
                registration = registration_services.hold_place(
                    application.seminar, name=application.name, email=application.email, now=now
                )
            except registration_services.RegistrationError:
                raise BursaryError(
                    "We are sorry: there is no longer a free place at the seminar. Please email "
                    f"us at {settings.CONTACT_EMAIL} and we will sort it out with you."
                ) from None
            application.registration = registration
            application.save(update_fields=["registration", "updated"])
        application = set_status(application, BursaryStatus.ACCEPTED, now=now)
        registration_services.confirm_held_place(registration)
        emails.queue_accepted(application)
    return application


def decline(application, *, now=None):
    """The applicant declines: the bursary and the held place are free again.

    Side effects, in one transaction: status change, the held place released to the waiting
    list, and a confirmation email.
    """
    now = now or timezone.now()
    with transaction.atomic():
        _locked_seminar(application.seminar)
        application = _open_offer(application, now)
        application = set_status(application, BursaryStatus.DECLINED, now=now)
        _release_place(application, now=now)
        emails.queue_declined(application)
    return application


def lapse_overdue_offers(*, now=None):
    """Mark offers past their reply-by moment as lapsed. Safe to run often and twice.

    Side effects, one transaction per offer: status change, the held place released, and an
    email. Returns how many lapsed.
    """
    now = now or timezone.now()
    overdue = BursaryApplication.objects.filter(
        status=BursaryStatus.OFFERED, reply_by__lte=now
    ).values_list("pk", flat=True)
    count = 0
    for pk in list(overdue):
        with transaction.atomic():
            application = BursaryApplication.objects.select_for_update().get(pk=pk)
            if application.status != BursaryStatus.OFFERED or application.reply_by > now:
                continue
            application = set_status(application, BursaryStatus.LAPSED, now=now)
            _release_place(application, now=now)
            emails.queue_lapsed(application)
            count += 1
    return count


def send_offer_reminders(*, now=None):
    """Remind, once, everyone whose offer ends within OFFER_REMINDER_DAYS and is unanswered.

    Side effects: "Action needed" emails queued and offer_reminder_sent_at set, in one
    transaction. Returns how many were queued.
    """
    now = now or timezone.now()
    soon = now + datetime.timedelta(days=settings.BURSARY_OFFER_REMINDER_DAYS)
    with transaction.atomic():
        due = list(
            BursaryApplication.objects.filter(
                status=BursaryStatus.OFFERED,
                offer_reminder_sent_at__isnull=True,
                reply_by__gt=now,
                reply_by__lte=soon,
            )
            .select_related("seminar")
            .select_for_update(skip_locked=True, of=("self",))
        )
        for application in due:
            emails.queue_offer_reminder(application)
        BursaryApplication.objects.filter(pk__in=[a.pk for a in due]).update(
            offer_reminder_sent_at=now
        )
    return len(due)


STAGED_ACTIONS = {
    BursaryStatus.OFFERED: "Offer",
    BursaryStatus.RESERVE: "Reserve list",
    BursaryStatus.NOT_OFFERED: "Not offered",
}


def stage_decision(application, *, decision, amount=None, reply_by=None, by, now=None):
    """Record a decision to send later with others, after a preview. Nothing is sent here.

    Side effects: the staged fields of one application. Raises BursaryError for a decision the
    application's status does not allow, or an offer without amount or reply-by date.
    """
    now = now or timezone.now()
    if decision not in STAGED_ACTIONS or not application.can_move_to(decision):
        raise BursaryError(
            f"B{application.pk} is {application.get_status_display().lower()}: that decision "
            "is not possible."
        )
    if decision == BursaryStatus.OFFERED and (not amount or amount <= 0):
        raise BursaryError("Enter the amount to offer, in pounds.")
    if decision == BursaryStatus.OFFERED and (not reply_by or reply_by <= now):
        raise BursaryError("Choose a reply-by date in the future.")
    application.staged_decision = decision
    application.staged_amount = amount if decision == BursaryStatus.OFFERED else None
    application.staged_reply_by = reply_by if decision == BursaryStatus.OFFERED else None
    application.save(
        update_fields=["staged_decision", "staged_amount", "staged_reply_by", "updated"]
    )
    return application


def send_staged_decisions(applications, *, by, now=None):
    """Carry out every staged decision, each in its own transaction, in ranking order.

    Returns (sent, problems): problems are messages for the panel, such as a full group, and
    leave that decision staged.
    """
    sent, problems = [], []
    for application in applications:
        decision = application.staged_decision
        try:
            if decision == BursaryStatus.OFFERED:
                offer(
                    application,
                    amount=application.staged_amount,
                    reply_by=application.staged_reply_by,
                    by=by,
                    now=now,
                )
            elif decision == BursaryStatus.RESERVE:
                put_on_reserve(application, by=by, now=now)
            elif decision == BursaryStatus.NOT_OFFERED:
                not_offer(application, by=by, now=now)
            else:
                continue
        except BursaryError as error:
            problems.append(f"B{application.pk}: {error}")
        else:
            sent.append(application)
    return sent, problems


def record_booking(application, *, details, by):
    """The panel booked tickets for the applicant. Side effects: the details, shown to them."""
    with transaction.atomic():
        application = BursaryApplication.objects.select_for_update().get(pk=application.pk)
        if application.status not in BursaryStatus.live_award:
            raise BursaryError("Record bookings only for an offered or accepted bursary.")
        application.booking_details = details.strip()
        application.save(update_fields=["booking_details", "updated"])
    return application


def reserve_prompts():
    """For each seminar and group with a free bursary and someone on the reserve list: a line
    for the panel naming the top of that reserve list (by mean score, then arrival)."""
    prompts = []
    reserves = (
        BursaryApplication.objects.filter(status=BursaryStatus.RESERVE)
        .select_related("seminar")
        .annotate(mean=Avg("reviews__score", filter=Q(reviews__conflict=False)))
        .order_by("seminar__number", "group", F("mean").desc(nulls_last=True), "created", "pk")
    )
    seen = set()
    for application in reserves:
        key = (application.seminar_id, application.group)
        if key in seen:
            continue
        seen.add(key)
        free = bursaries_left(application.seminar, application.group)
        if free:
            prompts.append(
                f"{free} bursar{'y is' if free == 1 else 'ies are'} free for "
                f"{application.get_group_display().lower()} at seminar "
                f"{application.seminar.number}. Top of the reserve list: B{application.pk}."
            )
    return prompts
