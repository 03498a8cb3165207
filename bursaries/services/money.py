"""A bursary's money, in the ledger: each award has an account there, opened when the offer is
sent. The status moves that move money (an offer sent, an offer that ends) write their entries
from set_status; the panel's decisions about money left over from an advance, and the promise
to ask nothing back from someone unwell or whose seminar was cancelled, are here.

Every function runs in its caller's transaction, or its own, with the application locked."""

from django.db import transaction
from django.utils import timezone

from common.audit import record
from ledger import services as ledger
from ledger.models import BudgetLine, Purpose, WaiverReason
from ledger.services import LedgerError

from .. import money_emails
from ..models import BursaryStatus, CostLine
from .applications import BursaryError, locked_application
from .changes import holders

# An offer that ends before anything was spent gives its money back to the budget.
ENDS_AN_OFFER = {
    BursaryStatus.DECLINED: "offer declined",
    BursaryStatus.LAPSED: "offer lapsed",
    BursaryStatus.WITHDRAWN: "withdrawn",
}


def on_move(application, new_status, *, by, now):
    """The entries a status move writes (set_status calls this before queueing its email)."""
    if new_status == BursaryStatus.OFFERED:
        _offer(application, by=by, now=now)
    elif new_status in ENDS_AN_OFFER and application.account_id:
        ledger.release(application.account_id, why=ENDS_AN_OFFER[new_status], by=by, now=now)


def on_moves(applications, new_status, *, by, now):
    """on_move for many applications making the same move (set_statuses): an ended offer's
    money goes back to the budget in one pass over all their accounts (ledger.release_all)."""
    if new_status in ENDS_AN_OFFER:
        ledger.release_all(
            [application.account_id for application in applications if application.account_id],
            why=ENDS_AN_OFFER[new_status],
            by=by,
            now=now,
        )
        return
    for application in applications:
        on_move(application, new_status, by=by, now=now)


def _offer(application, *, by, now):
    if application.account_id is None:
        application.account = ledger.open_account(
            seminar=application.seminar,
            line=BudgetLine.TRAVEL_BURSARIES,
            purpose=Purpose.EXPENSES,
            reference=application.reference,
            description="Travel bursary",
        )
        application.save(update_fields=["account", "updated"])
    ledger.offer(
        application.account,
        {line.value: application.offered(line) for line in CostLine},
        by=by,
        now=now,
    )


def _ledger(action, application, *args, **kwargs):
    """A ledger service on the application's account, its refusal in the panel's words."""
    if application.account_id is None:
        raise BursaryError(f"{application.reference} has no bursary money to record.")
    try:
        return action(application.account_id, *args, **kwargs)
    except LedgerError as error:
        raise BursaryError(str(error)) from None


def ask_back(application, *, by, now=None):
    """Ask for what is left over from an advance, once the claim is approved. Side effects:
    the entry, the log, and an email with the amount and how to pay it back (the series'
    instructions: never bank details by email)."""
    now = now or timezone.now()
    with transaction.atomic():
        application = locked_application(application)
        entry = _ledger(ledger.ask_back, application, by=by, now=now)
        record(application, "asked for money left over back", by=by, now=now)
        money_emails.queue_asked_back(application, amount=entry.amount)
    return application


def waive(application, *, reason, note="", by, now=None):
    """Let them keep what is left over. Side effects: the entry with its reason, the log, and
    an email saying they need pay nothing back."""
    now = now or timezone.now()
    if reason not in WaiverReason.values:
        raise BursaryError("Choose why it is waived.")
    with transaction.atomic():
        application = locked_application(application)
        entry = _ledger(ledger.waive, application, reason=reason, note=note.strip(), by=by, now=now)
        record(application, "waived money left over", by=by, now=now)
        money_emails.queue_waived(application, amount=entry.amount)
    return application


def record_return(application, *, amount, paid_on, by, now=None):
    """Money left over came back. Side effects: the entry (its amount back in the budget), the
    log, and an email of thanks with the amount."""
    now = now or timezone.now()
    with transaction.atomic():
        application = locked_application(application)
        entry = _ledger(
            ledger.returned,
            application,
            amount,
            paid_on=paid_on,
            payee=application.name,
            by=by,
            now=now,
        )
        record(application, "money returned", by=by, now=now)
        money_emails.queue_returned(application, amount=entry.amount)
    return application


def ask_nothing_back(application, *, reason, by, now=None):
    """They could not come because they were unwell, or the seminar was cancelled or
    postponed: nothing booked or paid to them is asked back (a waiver with that reason).
    Returns the waiver's entry, or None when nothing was spent on them (or already waived)."""
    now = now or timezone.now()
    with transaction.atomic():
        application = locked_application(application)
        if not application.account_id:
            return None
        waiver = ledger.waive_everything_spent(
            application.account_id, reason=reason, by=by, now=now
        )
        if waiver:
            record(application, f"nothing asked back: {reason}", by=by, now=now)
    return waiver


def unwell(application, *, by, now=None):
    """They told us they could not come because they were unwell: as the pages promise,
    nothing booked or paid to them is asked back. The bursary is settled, and the rest of the
    offer goes back to the budget."""
    from .states import set_status  # states writes a move's entries with this module

    now = now or timezone.now()
    with transaction.atomic():
        application = locked_application(application)
        if application.status not in (BursaryStatus.BOOKED, BursaryStatus.ADVANCE_PAID):
            raise BursaryError(
                "This is for a bursary with travel booked or paid in advance, before any claim."
            )
        ask_nothing_back(application, reason=WaiverReason.UNWELL, by=by, now=now)
        ledger.release(application.account_id, why="settled: they could not come", by=by, now=now)
        application = set_status(application, BursaryStatus.SETTLED, by=by, now=now)
    return application


def called_off(seminar, *, by, now=None):
    """The seminar was cancelled or postponed: for every award where money moved, nothing
    booked or paid is asked back (a waiver with that reason). Holders may still claim costs
    they cannot get back (bursaries.rules.claims_open). Returns how many awards it covered."""
    now = now or timezone.now()
    with transaction.atomic():
        waivers = [
            ask_nothing_back(application, reason=WaiverReason.CANCELLED, by=by, now=now)
            for application in holders(seminar).filter(account__isnull=False)
        ]
    return sum(1 for waiver in waivers if waiver)
