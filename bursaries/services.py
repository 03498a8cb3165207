"""Every change to a bursary application goes through these functions.

Status changes go through set_status, which checks the TRANSITIONS table and records who made
the change and when. Emails are queued in the same transaction (outbox).
"""

import datetime
import time

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Avg, F, Q
from django.utils import timezone
from django.views.decorators.debug import sensitive_variables

from config.limits import allow_daily
from config.storage import private_storage
from registrations import services as registration_services
from registrations.models import RegistrationStatus
from registrations.services import LINK_EMAILS_PER_DAY
from seminars.dates import deadline, shift_months
from seminars.models import RegistrationState, Seminar, SeminarStatus

from . import emails
from .models import (
    BursaryApplication,
    BursaryGroup,
    BursaryStatus,
    Claim,
    Receipt,
    Review,
    StatusChange,
    new_token,
)
from .permissions import is_panel_member


class BursaryError(Exception):
    """A bursary rule refused the request; str(exc) is safe to show to the person."""


def closed_message(seminar, *, now=None):
    """Why bursary applications are not open now, in plain words; None while they are."""
    now = now or timezone.now()
    if seminar.is_cancelled:
        return "This seminar has been cancelled, so we are not taking bursary applications."
    if seminar.is_postponed:
        return (
            "This seminar has been postponed. We will open bursary applications again when it "
            "has a new date."
        )
    state = seminar.bursary_state(now)
    if state == RegistrationState.OPEN and seminar.bursaries_per_group:
        return None
    if state == RegistrationState.CLOSED or seminar.is_past(now):
        closed_at = seminar.bursary_deadline
        return (
            f"Applications for travel bursaries closed at {deadline(closed_at)} (UK time)."
            if closed_at
            else "Applications for travel bursaries have closed."
        )
    return "We are not taking travel bursary applications for this seminar."


@sensitive_variables()
def apply(
    seminar,
    *,
    name,
    email,
    group,
    travelling_from,
    travel_cost,
    statement,
    organisation="",
    companion_needed=False,
    companion_cost=None,
    prefers_booking=False,
    access_needs="",
    health_consent=False,
    now=None,
):
    """Record a bursary application, or email the existing link if the address already applied.

    Side effects, in one transaction: the application row and one queued email. Returns
    (application, outcome) with outcome "submitted" or "existing"; the public page is the same
    for both.
    """
    now = now or timezone.now()
    email = email.strip()
    with transaction.atomic():
        seminar = Seminar.objects.select_for_update().get(pk=seminar.pk)
        message = closed_message(seminar, now=now)
        if message:
            raise BursaryError(message)
        existing = (
            BursaryApplication.objects.filter(
                seminar=seminar, email__iexact=email, status__in=BursaryStatus.open
            )
            .order_by("created")
            .first()
        )
        if existing:
            if allow_daily("bursary-link-emails", existing.email, limit=LINK_EMAILS_PER_DAY):
                emails.queue_existing_application(existing)
            return existing, "existing"
        health = group == BursaryGroup.SERVICE_USER_CARER or bool(access_needs.strip())
        application = BursaryApplication(
            seminar=seminar,
            name=name.strip(),
            email=email,
            group=group,
            organisation=organisation.strip(),
            travelling_from=travelling_from.strip(),
            travel_cost=travel_cost,
            companion_needed=companion_needed,
            companion_cost=companion_cost if companion_needed else None,
            prefers_booking=prefers_booking,
            access_needs=access_needs.strip(),
            statement=statement.strip(),
            health_consent_at=now if (health and health_consent) else None,
            privacy_agreed_at=now,
            status_changed_at=now,
        )
        try:
            application.full_clean()
        except ValidationError as error:
            raise BursaryError(" ".join(error.messages)) from None
        try:
            with transaction.atomic():
                application.save()
        except IntegrityError:
            raise BursaryError(
                "We could not save your application just now. Please try again."
            ) from None
        emails.queue_application_received(application)
    return application, "submitted"


def set_status(application, new_status, *, by=None, now=None):
    """The one way an application changes status: checks the move, records who and when.

    Side effects, in one transaction that locks the application: the status, a StatusChange
    row. Callers queue the email that goes with the move.
    """
    now = now or timezone.now()
    with transaction.atomic():
        application = BursaryApplication.objects.select_for_update().get(pk=application.pk)
        if not application.can_move_to(new_status):
            raise BursaryError(
                f"An application that is {application.get_status_display().lower()} cannot "
                f"become {BursaryStatus(new_status).label.lower()}."
            )
        StatusChange.objects.create(
            application=application,
            from_status=application.status,
            to_status=new_status,
            by=by,
            at=now,
        )
        application.status = new_status
        application.status_changed_at = now
        application.save(update_fields=["status", "status_changed_at", "updated"])
    return application


def withdraw(application, *, now=None):
    """The applicant withdraws. Side effects: status change, a place held by an offer is
    released, and a confirmation email. A confirmed place stays theirs."""
    with transaction.atomic():
        application = set_status(application, BursaryStatus.WITHDRAWN, now=now)
        _release_place(application, now=now)
        emails.queue_application_withdrawn(application)
    return application


def visible_applications(user):
    """The applications `user` may see: none for non-panel staff, and none with a conflict."""
    if not is_panel_member(user):
        return BursaryApplication.objects.none()
    conflicts = Review.objects.filter(reviewer=user, conflict=True).values("application_id")
    return BursaryApplication.objects.exclude(pk__in=conflicts)


def score(application, *, reviewer, score, comment=""):
    """Record or change `reviewer`'s score. Refused after a declared conflict of interest.

    Side effects: one Review row created or updated.
    """
    with transaction.atomic():
        review = (
            Review.objects.select_for_update()
            .filter(application=application, reviewer=reviewer)
            .first()
        )
        if review and review.conflict:
            raise BursaryError("You have declared a conflict of interest with this applicant.")
        if application.status == BursaryStatus.WITHDRAWN:
            raise BursaryError("This application was withdrawn, so it is not scored.")
        if score not in range(1, 6):
            raise BursaryError("Choose a score from 1 to 5.")
        review = review or Review(application=application, reviewer=reviewer)
        review.score, review.comment = score, comment.strip()
        review.full_clean(exclude=["application", "reviewer"], validate_unique=False)
        review.save()
    return review


def declare_conflict(application, *, reviewer):
    """`reviewer` knows the applicant: their score goes, and the application leaves their view.

    Side effects: the reviewer's Review row becomes a conflict without a score or comment.
    """
    with transaction.atomic():
        review, _ = Review.objects.select_for_update().get_or_create(
            application=application,
            reviewer=reviewer,
            defaults={"conflict": True},
        )
        review.conflict, review.score, review.comment = True, None, ""
        review.save(update_fields=["conflict", "score", "comment", "updated"])
    return review


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


def _release_place(application, *, now):
    if application.registration_id:
        registration_services.release_held_place(application.registration, now=now)


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


def _save_receipts(claim, files):
    for upload, content_type in files:
        receipt = Receipt(claim=claim, content_type=content_type)
        receipt.file.save(upload.name, upload, save=False)
        receipt.save()


@sensitive_variables()
def submit_claim(application, *, amount, reason_over_offer="", files, now=None):
    """An award holder claims what they spent, with receipts, once the seminar has begun.

    Side effects, in one transaction: the claim and its receipt files (stored privately), the
    status change, and a confirmation email. Raises BursaryError when no claim is possible yet.
    """
    now = now or timezone.now()
    with transaction.atomic():
        application = (
            BursaryApplication.objects.select_for_update()
            .select_related("seminar")
            .get(pk=application.pk)
        )
        if application.status != BursaryStatus.ACCEPTED:
            raise BursaryError("There is no accepted bursary to claim for.")
        if not application.seminar.starts_at or now < application.seminar.starts_at:
            raise BursaryError("You can send your claim once the seminar has taken place.")
        if amount > application.offer_amount and not reason_over_offer.strip():
            raise BursaryError("Tell us why the claim is more than the bursary we offered.")
        if not files:
            raise BursaryError("Choose at least one ticket or receipt.")
        claim = Claim(
            application=application, amount=amount, reason_over_offer=reason_over_offer.strip()
        )
        claim.full_clean(exclude=["application"])
        claim.save()
        _save_receipts(claim, files)
        application = set_status(application, BursaryStatus.CLAIMED, now=now)
        emails.queue_claim_received(application)
    return application


def query_claim(application, *, question, by, now=None):
    """The panel asks the applicant about their claim. Side effects: status change, the
    question, and an email asking them to answer on their page."""
    with transaction.atomic():
        application = set_status(application, BursaryStatus.QUERIED, by=by, now=now)
        Claim.objects.filter(application=application).update(question=question.strip())
        emails.queue_claim_queried(application)
    return application


def answer_query(application, *, answer, files=(), now=None):
    """The applicant answers the panel's question, perhaps with more receipts.

    Side effects, in one transaction: the answer, any receipts, and the status back to claimed.
    """
    with transaction.atomic():
        application = set_status(application, BursaryStatus.CLAIMED, now=now)
        claim = Claim.objects.select_for_update().get(application=application)
        claim.answer = answer.strip()
        claim.save(update_fields=["answer", "updated"])
        _save_receipts(claim, files)
    return application


def pay_claim(application, *, amount_paid, paid_on, by, now=None):
    """The panel approves the claim and records the payment. An amount above the offer is the
    panel's approval of the applicant's reason. Side effects: status change, the payment
    recorded, and an email."""
    with transaction.atomic():
        application = set_status(application, BursaryStatus.PAID, by=by, now=now)
        Claim.objects.filter(application=application).update(
            amount_paid=amount_paid, paid_on=paid_on
        )
        emails.queue_claim_paid(application)
    return application


def apply_retention(*, now=None):
    """Remove personal details and receipt files BURSARY_KEEP_MONTHS after each seminar ends.

    Finance records keep amounts, dates, status and group, without names; reviewers' scores
    stay, their comments go. Safe to run daily, and twice. Side effects: rows anonymised and
    receipt files deleted from storage (after the transaction commits). Returns how many
    applications were anonymised.
    """
    now = now or timezone.now()
    cutoff = shift_months(now, -settings.BURSARY_KEEP_MONTHS)
    ended = Q(seminar__ends_at__lt=cutoff) | Q(
        seminar__ends_at__isnull=True, seminar__starts_at__lt=cutoff
    )
    with transaction.atomic():
        applications = list(
            BursaryApplication.objects.filter(ended, anonymised_at__isnull=True).select_for_update(
                of=("self",)
            )
        )
        receipts = Receipt.objects.filter(claim__application__in=applications)
        files = [receipt.file.name for receipt in receipts]
        receipts.delete()
        Review.objects.filter(application__in=applications).update(comment="")
        count = anonymise(applications, now=now)
        delete_files_after_commit(files)
    return count


def anonymise(applications, *, now):
    """Keep amounts, dates, status and group; remove everything that says who it was.

    Claim notes go too; the old private link stops working. Call inside a transaction.
    """
    Claim.objects.filter(application__in=applications).update(
        reason_over_offer="", question="", answer=""
    )
    for application in applications:
        application.name = ""
        application.email = f"removed-{application.pk}@invalid"
        application.organisation = ""
        application.travelling_from = ""
        application.access_needs = ""
        application.statement = ""
        application.booking_details = ""
        application.token = new_token()
        application.anonymised_at = now
        application.save()
    return len(applications)


def delete_files_after_commit(names):
    """Private files go from storage once the rows that named them are gone for good."""
    storage = private_storage()
    transaction.on_commit(lambda: [storage.delete(name) for name in names])
