"""Offers: the panel's staged decisions (sent once applications have closed, unless the seminar
decides as they arrive), offers within each group's limit and the maximum award (under the
seminar's lock, holding a place), replies, lapses, reminders and the reserve list."""

import datetime
from collections import Counter

from django.conf import settings
from django.db import transaction
from django.db.models import Avg, Count, F, Q
from django.utils import timezone

from common import race
from registrations import services as registration_services
from registrations.models import Registration, RegistrationStatus
from seminars.dates import deadline
from seminars.models import Seminar, SeminarStatus

from .. import emails
from ..models import (
    BURSARY_GROUP_OF,
    COST_FIELDS,
    ZERO,
    BursaryApplication,
    BursaryStatus,
    CostLine,
    PaymentMethod,
    SeminarBursaries,
    participant_groups,
)
from .applications import (
    DECISION_FIELDS,
    BursaryError,
    clear_offer,
    locked_application,
    release_place,
)
from .states import check_move, set_status, set_statuses


def live_awards(seminar, bursary_group):
    """Offers and every later stage of an award: all count against the group's bursaries."""
    return BursaryApplication.objects.filter(
        seminar=seminar,
        group__in=participant_groups(bursary_group),
        status__in=BursaryStatus.live_award,
    ).count()


def bursaries_left(seminar, bursary_group):
    per_group = SeminarBursaries.of(seminar).per_group
    return max(per_group - live_awards(seminar, bursary_group), 0)


def decisions_wait_message(seminar, *, now=None):
    """Why decisions cannot be sent yet, in words for the panel; None once they can.

    Applicants are told that the panel reads every application after applications close, so
    decisions go out only then, unless the seminar is set to decide as applications arrive.
    """
    now = now or timezone.now()
    bursaries = SeminarBursaries.of(seminar)
    closes = bursaries.deadline
    if bursaries.rolling_decisions or not closes or now >= closes:
        return None
    return (
        f"Decisions for seminar {seminar.number} can be sent once applications close at "
        f"{deadline(closes)} (UK time): applicants are told that the panel reads every "
        "application after that. Stage decisions now and send them then."
    )


def set_offer_lines(application, lines, reply_by, now):
    """Check an offer's lines against the seminar's maximum award, and write them."""
    amounts = {CostLine(line): amount for line, amount in (lines or {}).items() if amount}
    if any(amount < 0 for amount in amounts.values()):
        raise BursaryError("Enter amounts of £0 or more.")
    total = sum(amounts.values(), ZERO)
    if total <= 0:
        raise BursaryError("Enter the amount to offer for at least one cost, in pounds.")
    most = SeminarBursaries.of(application.seminar).max_award
    if total > most:
        raise BursaryError(
            f"The offer adds up to £{total}, more than the £{most} one bursary can pay at "
            f"seminar {application.seminar.number}. Lower an amount, or raise the seminar's "
            "maximum."
        )
    if reply_by is None or reply_by <= now:
        raise BursaryError("Choose a reply-by date in the future.")
    for line, (_, offered) in COST_FIELDS.items():
        setattr(application, offered, amounts.get(line))
    application.offer_amount = total
    application.reply_by = reply_by


def offer(application, *, lines, reply_by, by, note="", now=None):
    """Offer a bursary: its amounts by line (`lines`, {CostLine: pounds}), within the group's
    limit and the seminar's maximum award, holding a place at the seminar.

    Side effects, in one transaction that locks the seminar row: a place held (or the
    applicant's existing place linked), the offer recorded, the status change, and the offer
    email. Raises BursaryError when decisions cannot be sent yet, the group's bursaries are all
    awarded, or no place is free: nothing is saved then.
    """
    now = now or timezone.now()
    with transaction.atomic():
        seminar = race.locked(Seminar, application.seminar_id)
        application = locked_application(application)
        if not application.can_move_to(BursaryStatus.OFFERED):
            raise BursaryError(
                f"{application.reference} is {application.get_status_display().lower()}, so it "
                "cannot be offered a bursary."
            )
        if seminar.status != SeminarStatus.PUBLISHED or seminar.is_past(now):
            raise BursaryError(
                f"Seminar {seminar.number} is not going ahead, or is over: no offers now."
            )
        if message := decisions_wait_message(seminar, now=now):
            raise BursaryError(message)
        set_offer_lines(application, lines, reply_by, now)
        taken = live_awards(seminar, application.bursary_group)
        race.pause()
        per_group = SeminarBursaries.of(seminar).per_group
        if taken >= per_group:
            raise BursaryError(
                f"All {per_group} bursaries for "
                f"{application.get_bursary_group_display().lower()} at seminar {seminar.number} "
                f"are offered or awarded. Put {application.reference} on the reserve list instead."
            )
        try:
            registration = registration_services.hold_place(
                seminar, name=application.name, email=application.email, by=by, now=now
            )
        except registration_services.RegistrationError as error:
            raise BursaryError(str(error)) from None
        application.registration = registration
        application.staged_decision = ""
        application.decision_note = note.strip()
        application.save(update_fields=[*DECISION_FIELDS, "registration"])
        application = set_status(application, BursaryStatus.OFFERED, by=by, now=now)
    return application


def put_on_reserve(application, *, by, note="", now=None):
    """Side effects: status change and the reserve-list email, in one transaction."""
    return _decide(application, BursaryStatus.RESERVE, by, note, now)


def not_offer(application, *, by, note="", now=None):
    """Side effects: status change and the not-offered email, in one transaction."""
    return _decide(application, BursaryStatus.NOT_OFFERED, by, note, now)


def _decide(application, status, by, note, now):
    now = now or timezone.now()
    with transaction.atomic():
        application = locked_application(application)
        if message := decisions_wait_message(application.seminar, now=now):
            raise BursaryError(message)
        check_move(application, status)  # before the note is written over
        clear_offer(application)
        application.staged_decision = ""
        application.decision_note = note.strip()  # the panel's own line, in the email
        application.save(update_fields=DECISION_FIELDS)
        application = set_status(application, status, by=by, now=now)
    return application


def _open_offer(application, now):
    application = locked_application(application)
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


def accept(application, *, payment_method, now=None):
    """The applicant accepts before the reply-by moment, choosing how we pay: the place held
    for them is confirmed (even after the registration deadline) and carries what they told us.

    The registration gets the group, organisation and access needs from the application where
    it has none of its own, under the consent given on the bursary form (see
    registrations.services.complete_details). Side effects, in one transaction: the payment
    method, status change (its record says who and when), the registration confirmed and
    completed, and one email (the acceptance, with the place's link and calendar file).
    """
    now = now or timezone.now()
    if payment_method not in PaymentMethod.values:
        raise BursaryError("Choose how you would like us to pay for your travel.")
    with transaction.atomic():
        race.locked(Seminar, application.seminar_id)
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
        application.payment_method = payment_method
        application.save(update_fields=["registration", "payment_method", "updated"])
        registration = registration_services.confirm_held_place(registration, notify=False)
        registration_services.complete_details(registration, **application.details_for_place())
        # Last: the acceptance email carries the confirmed place.
        application = set_status(application, BursaryStatus.ACCEPTED, now=now)
    return application


def decline(application, *, now=None):
    """The applicant declines: the bursary and the held place are free again.

    Side effects, in one transaction: status change, the held place released to the waiting
    list, and a confirmation email.
    """
    now = now or timezone.now()
    with transaction.atomic():
        race.locked(Seminar, application.seminar_id)
        application = _open_offer(application, now)
        release_place(application, now=now)
        application = set_status(application, BursaryStatus.DECLINED, now=now)
    return application


def lapse_overdue_offers(*, now=None):
    """Mark offers past their reply-by moment as lapsed. Safe to run often and twice.

    One pass per seminar, in one transaction that locks the seminar, then its overdue offers
    (the order offers and replies lock in): each offer's status change and log entry, its
    money back in the budget, its held place released (and the waiting list moving up), and
    its email, in a fixed number of queries however many lapse there. Returns how many lapsed.
    """
    now = now or timezone.now()
    seminars = (
        BursaryApplication.objects.filter(status=BursaryStatus.OFFERED, reply_by__lte=now)
        .values_list("seminar_id", flat=True)
        .distinct()
        .order_by("seminar_id")
    )
    return sum(_lapse_at(seminar_id, now) for seminar_id in list(seminars))


def _lapse_at(seminar_id, now):
    with transaction.atomic():
        seminar = race.locked(Seminar, seminar_id)  # the seminar first, as offers and replies do
        overdue = list(
            BursaryApplication.objects.select_for_update(of=("self",))
            .filter(seminar=seminar, status=BursaryStatus.OFFERED, reply_by__lte=now)
            .select_related("seminar", "account")
            .order_by("pk")
        )
        if not overdue:
            return 0  # answered or lapsed meanwhile
        held = [application.registration_id for application in overdue]
        registration_services.release_held_places(
            seminar, [Registration(pk=pk) for pk in held if pk], now=now
        )
        set_statuses(overdue, BursaryStatus.LAPSED, now=now)
    return len(overdue)


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


def reserve_prompts():
    """For each seminar and group with a free bursary and someone on the reserve list: a line
    for the panel naming the top of that reserve list (by mean score, then arrival). Three
    queries, however many seminars and groups."""
    reserves = list(
        BursaryApplication.objects.filter(status=BursaryStatus.RESERVE)
        .select_related("seminar__bursaries")
        .annotate(mean=Avg("reviews__score", filter=Q(reviews__conflict=False)))
        .order_by("seminar__number", F("mean").desc(nulls_last=True), "created", "pk")
    )
    awarded = Counter()
    for row in (
        BursaryApplication.objects.filter(
            seminar__in={a.seminar_id for a in reserves}, status__in=BursaryStatus.live_award
        )
        .values("seminar", "group")
        .annotate(count=Count("pk"))
    ):
        awarded[row["seminar"], BURSARY_GROUP_OF[row["group"]]] += row["count"]
    prompts, seen = [], set()
    for application in reserves:
        key = (application.seminar_id, application.bursary_group)
        if key in seen:
            continue
        seen.add(key)
        free = max(SeminarBursaries.of(application.seminar).per_group - awarded[key], 0)
        if free:
            prompts.append(
                f"{free} bursar{'y is' if free == 1 else 'ies are'} free for "
                f"{application.get_bursary_group_display().lower()} at seminar "
                f"{application.seminar.number}. Top of the reserve list: "
                f"{application.reference}."
            )
    return prompts
