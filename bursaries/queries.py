"""How many, and which: the bursary querysets that more than one page counts or lists. Each page
asks these, so a count and the list it links to never disagree."""

from django.db.models import Sum, prefetch_related_objects
from django.utils import timezone

from common.models import AuditEntry
from ledger.balances import Balance, balance
from ledger.models import BudgetLine, Entry
from ledger.money import pence
from ledger.queries import overrun
from seminars.dates import working_days_between

from .models import BursaryApplication, BursaryPolicy, BursaryStatus, Review
from .rules import visible_applications


def status_moves(application=None):
    """The log's status moves of bursary applications (of `application`, if given): each entry's
    data holds the move's "from" and "to" codes. The content type is joined, not looked up, so
    a report's query count stays the same."""
    moves = AuditEntry.objects.filter(
        content_type__app_label="bursaries",
        content_type__model="bursaryapplication",
        data__has_key="to",
    )
    return moves if application is None else moves.filter(object_id=application.pk)


def waiting_for_score(user):
    """Applications waiting for `user`'s score: undecided, visible to them (no conflict of
    interest declared), and not yet scored by them. The overview's "N applications to score"
    counts exactly this, and the list it links to ("Waiting for my score") shows exactly this."""
    return (
        visible_applications(user)
        .filter(status__in=BursaryStatus.undecided)
        .exclude(reviews__reviewer=user, reviews__score__isnull=False)
    )


def my_conflicts(user):
    """The applications `user` declared a conflict of interest with (out of their view): the
    list of applications counts them, and the page of their conflicts lists them."""
    return (
        Review.objects.filter(reviewer=user, conflict=True)
        .select_related("application__seminar__bursaries")
        .order_by("application__seminar__number", "application_id")
    )


def claim_wait(claimed_at, *, now=None):
    """Working days a claim has waited: from the UK day it arrived to today (seminars.dates)."""
    return working_days_between(timezone.localdate(claimed_at), timezone.localdate(now))


def claim_is_overdue(claimed_at, *, payment_days, now=None):
    """Waiting longer than the series promises (BursaryPolicy.payment_days working days)."""
    return claim_wait(claimed_at, now=now) > payment_days


def overdue_claims(applications, *, now=None):
    """Those of `applications` whose claim waits for approval or payment longer than promised:
    the overview's count and the list's "Waiting longer than we promise" are this. Two queries
    (the policy and the waiting claims, which are few)."""
    payment_days = BursaryPolicy.current().payment_days
    waiting = applications.filter(status__in=BursaryStatus.claim_pending).values_list(
        "pk", "claim__created"
    )
    late = [
        pk
        for pk, claimed_at in waiting
        if claimed_at and claim_is_overdue(claimed_at, payment_days=payment_days, now=now)
    ]
    return applications.filter(pk__in=late)


def money_of(application):
    """The award's balance (ledger.balances), from its account's entries: nothing anywhere
    before an offer is sent. Every page, email and export of a bursary's money asks this."""
    if application.account_id is None:
        return Balance()
    return balance(ledger_entries(application))


def ledger_entries(application):
    """The award's money events, oldest first (none before an offer is sent)."""
    if application.account_id is None:
        return Entry.objects.none()
    account = application._state.fields_cache.get("account")
    if account is not None and "entries" in getattr(account, "_prefetched_objects_cache", {}):
        return account.entries.all()  # read for many awards at once (emails.with_money)
    return Entry.objects.filter(account_id=application.account_id)


def with_money(applications):
    """Read the ledger entries of every one of `applications` in one query, for money_facts
    (ledger_entries reads them from there): an email written for each, say."""
    prefetch_related_objects(
        [application for application in applications if application.account_id],
        "account__entries",
    )


def money_facts(application):
    """For a page or an email: the award's balance, its entries and the day of each kind of
    payment (the latest), from one query."""
    entries = list(ledger_entries(application))
    return {
        "ledger_entries": entries,
        "money": balance(entries),
        "paid_on": {entry.kind: entry.paid_on for entry in entries if entry.paid_on},
    }


def offer_overrun(application, amount):
    """What staging an offer of `amount` would take over the travel bursaries' budget (the
    seminar's or the series'), counting the offers already staged at the seminar, which are
    sent together: a ledger.queries.Overrun, or None when it fits."""
    staged = (
        BursaryApplication.objects.filter(
            seminar_id=application.seminar_id, staged_decision=BursaryStatus.OFFERED
        )
        .exclude(pk=application.pk)
        .aggregate(total=Sum("offer_amount"))["total"]
    )
    return overrun(application.seminar_id, BudgetLine.TRAVEL_BURSARIES, amount + pence(staged))
