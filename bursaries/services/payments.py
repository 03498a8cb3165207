"""Paying an accepted bursary, by the way the applicant chose: tickets we book, an advance
before they travel, or a claim afterwards with receipts (also for what remains after a booking
or an advance); then the panel's questions, approval and payment.

The states are BursaryStatus's: accepted → booked or advance paid → claim submitted →
approved → paid, or settled when nothing more is due.
"""

from contextlib import contextmanager

from django.db import transaction
from django.utils import timezone
from django.views.decorators.debug import sensitive_variables

from common.audit import record
from common.storage import private_storage
from ledger import services as ledger

from .. import emails
from ..models import (
    PAYMENT_WORDS,
    ZERO,
    Booking,
    BursaryStatus,
    Claim,
    PaymentMethod,
    Receipt,
    TicketDelivery,
)
from ..queries import money_of
from ..rules import claims_open
from .applications import BursaryError, locked_application
from .money import _ledger
from .states import check_move, set_status


def left_to_claim(application):
    """What the applicant may still claim without giving a reason: what we promised, less what
    we booked for them. (An advance is their own money to spend: they claim all they spent.)"""
    money = money_of(application)
    return max(money.committed - money.booked, ZERO)


def change_payment_method(application, *, method, by, now=None):
    """The applicant asked (by email or phone) to be paid another way, before anything was
    booked or paid. Side effects: the method and an audit entry."""
    with transaction.atomic():
        application = locked_application(application)
        if application.status != BursaryStatus.ACCEPTED:
            raise BursaryError(
                "How we pay can change only before anything is booked or paid (while the "
                "bursary is accepted)."
            )
        if method not in PaymentMethod.values:
            raise BursaryError("Choose how we pay.")
        application.payment_method = method
        application.save(update_fields=["payment_method", "updated"])
        record(application, "changed how we pay", by=by, fields=["payment_method"], now=now)
    return application


@sensitive_variables()
def record_booking(
    application, *, journey, details, cost, delivery, postal_address="", by, now=None
):
    """The panel booked and paid for tickets (or a room) for someone who asked us to.

    Side effects, in one transaction: a Booking row, the status moved to booked (the first
    time), an audit entry, and an email listing everything booked so far.
    """
    with transaction.atomic():
        application = locked_application(application)
        if application.payment_method != PaymentMethod.BOOK:
            raise BursaryError(
                f"{application.reference} chose: {PAYMENT_WORDS[application.payment_method]}. "
                "Change how we pay first, if they asked us to book."
            )
        if application.status not in BursaryStatus.bookable:
            raise BursaryError("Record bookings once the bursary is accepted, before any claim.")
        if delivery == TicketDelivery.POST and not postal_address.strip():
            raise BursaryError("Give the postal address for tickets sent by post.")
        booking = Booking(
            application=application,
            journey=journey.strip(),
            details=details.strip(),
            cost=cost,
            delivery=delivery,
            postal_address=postal_address.strip() if delivery == TicketDelivery.POST else "",
            by=by,
        )
        booking.full_clean(exclude=["application", "by"])
        booking.save()
        _ledger(
            ledger.book,
            application,
            booking.cost,
            payee=application.name,
            what=booking.journey,
            paid_on=timezone.localdate(now),
            by=by,
            now=now,
        )
        if application.status == BursaryStatus.ACCEPTED:
            set_status(application, BursaryStatus.BOOKED, by=by, now=now)  # with its email
        else:
            emails.queue_booked(application)  # each later booking: the list so far
        record(application, "booking recorded", by=by, fields=["bookings"], now=now)
    return booking


def record_advance(application, *, amount, paid_on, by, now=None):
    """The panel paid the applicant before they travel, as they asked.

    Side effects, in one transaction: the advance, the status moved to advance paid, and an
    email saying what was paid and what to do after the seminar.
    """
    with transaction.atomic():
        application = locked_application(application)
        if application.payment_method != PaymentMethod.ADVANCE:
            raise BursaryError(
                f"{application.reference} chose: {PAYMENT_WORDS[application.payment_method]}. "
                "Change how we pay first, if they asked for an advance."
            )
        if application.status != BursaryStatus.ACCEPTED:
            raise BursaryError("Record an advance once the bursary is accepted, and only once.")
        _ledger(
            ledger.advance,
            application,
            amount,
            payee=application.name,
            paid_on=paid_on,
            by=by,
            now=now,
        )
        application = set_status(application, BursaryStatus.ADVANCE_PAID, by=by, now=now)
    return application


def _save_receipts(claim, files, saved):
    for upload, content_type in files:
        receipt = Receipt(claim=claim, content_type=content_type)
        receipt.file.save(upload.name, upload, save=False)
        saved.append(receipt.file.name)
        receipt.save()


@contextmanager
def _receipts_kept_only_on_success():
    """Receipt files are stored before their rows commit: if the transaction fails (the
    database going away, say), the files go too, so nothing is half-saved."""
    saved = []
    try:
        yield saved
    except BaseException:
        storage = private_storage()
        for name in saved:
            storage.delete(name)
        raise


@sensitive_variables()
def submit_claim(application, *, amount, reason_over_offer="", files, now=None):
    """An award holder claims what they spent themselves, with receipts, once the seminar has
    begun: all of it when we pay back, what remains after our bookings, or everything they
    spent (set against the advance) when we paid in advance.

    Side effects, in one transaction: the claim and its receipt files (stored privately), the
    status change, a confirmation email, and an email to each panel member who may see the
    application. Raises BursaryError when no claim is possible yet.
    """
    now = now or timezone.now()
    with _receipts_kept_only_on_success() as saved, transaction.atomic():
        application = locked_application(application)
        if not application.can_claim:
            raise BursaryError("There is no accepted bursary to claim for.")
        if not claims_open(application.seminar, now):
            raise BursaryError("You can send your claim once the seminar has taken place.")
        if amount > left_to_claim(application) and not reason_over_offer.strip():
            raise BursaryError("Tell us why the claim is more than the bursary we offered.")
        if not files:
            raise BursaryError("Choose at least one ticket or receipt.")
        claim = Claim(
            application=application, amount=amount, reason_over_offer=reason_over_offer.strip()
        )
        claim.full_clean(exclude=["application"])
        claim.save()
        _save_receipts(claim, files, saved)
        _ledger(ledger.claim, application, claim.amount, now=now)
        application = set_status(application, BursaryStatus.CLAIMED, now=now)
    return application


def query_claim(application, *, question, by, now=None):
    """The panel asks the applicant about their claim. Side effects: status change, the
    question, and an email asking them to answer on their page."""
    with transaction.atomic():
        application = locked_application(application)
        check_move(application, BursaryStatus.QUERIED)
        Claim.objects.filter(application=application).update(question=question.strip())
        application = set_status(application, BursaryStatus.QUERIED, by=by, now=now)
    return application


def answer_query(application, *, answer, files=(), now=None):
    """The applicant answers the panel's question, perhaps with more receipts.

    Side effects, in one transaction: the answer, any receipts, the status back to claimed,
    and an email to each panel member who may see the application.
    """
    with _receipts_kept_only_on_success() as saved, transaction.atomic():
        application = locked_application(application)
        if application.status != BursaryStatus.QUERIED:
            raise BursaryError("There is no question to answer now.")
        claim = Claim.objects.select_for_update().get(application=application)
        claim.answer = answer.strip()
        claim.save(update_fields=["answer", "updated"])
        _save_receipts(claim, files, saved)
        application = set_status(application, BursaryStatus.CLAIMED, now=now)
    return application


def approve_claim(application, *, amount_approved, by, now=None):
    """The panel approves what the claim will be paid on (an amount above the offer is its
    approval of the applicant's reason). What is due is that less any advance: when nothing is
    due the bursary is settled, otherwise it waits for payment.

    Side effects, in one transaction: the approved amount, the status change, and an email
    saying what we will pay, and when.
    """
    with transaction.atomic():
        application = locked_application(application)
        if application.status not in (BursaryStatus.CLAIMED, BursaryStatus.QUERIED):
            raise BursaryError("Only a claim that has arrived can be approved.")
        if amount_approved is None or amount_approved < 0:
            raise BursaryError("Enter the amount approved, in pounds (0 or more).")
        claim = Claim.objects.select_for_update().get(application=application)
        if amount_approved > claim.amount:
            raise BursaryError(
                f"Approve at most the £{claim.amount} claimed. If they are owed more, ask them "
                "to say so in answer to a question."
            )
        _ledger(ledger.approve, application, amount_approved, by=by, now=now)
        owed = money_of(application).owed_to_person
        status = BursaryStatus.APPROVED if owed > 0 else BursaryStatus.SETTLED
        application = set_status(application, status, by=by, now=now)
    return application


def pay_claim(application, *, paid_on, reference="", by, now=None):
    """The finance office has paid what the approval made due. Side effects: the payment
    recorded, status change, and an email."""
    with transaction.atomic():
        application = locked_application(application)
        if application.status != BursaryStatus.APPROVED:
            raise BursaryError("Approve the claim first: then record its payment.")
        _ledger(
            ledger.pay,
            application,
            payee=application.name,
            paid_on=paid_on,
            reference=reference,
            by=by,
            now=now,
        )
        application = set_status(application, BursaryStatus.PAID, by=by, now=now)
    return application


def settle(application, *, by, now=None):
    """Nothing more to pay, after the seminar: everything was booked, or the advance covered
    it and no claim is coming. Side effects: status change and a thank-you email."""
    now = now or timezone.now()
    with transaction.atomic():
        application = locked_application(application)
        if application.status not in (BursaryStatus.BOOKED, BursaryStatus.ADVANCE_PAID):
            raise BursaryError("Only a booked or advanced bursary, with no claim, is settled.")
        if not claims_open(application.seminar, now):
            raise BursaryError("A bursary can be settled once the seminar has taken place.")
        # No claim is coming: what was booked and any advance stand as spent, and the rest of
        # the offer goes back to the budget.
        money = money_of(application)
        _ledger(ledger.approve, application, money.paid_to_person, by=by, now=now)
        application = set_status(application, BursaryStatus.SETTLED, by=by, now=now)
    return application
