"""How much: each fee's balances from the ledger, and what an offer would do to the budget."""

from django.db.models import Prefetch

from ledger.balances import balance
from ledger.models import BudgetLine, Entry
from ledger.queries import overrun

from .models import InvolvementFee


def budget_overrun(seminar, amount):
    """What offering `amount` more at `seminar` would take over the involvement line's budget
    (ledger.queries.Overrun), or None when it fits."""
    return overrun(seminar.pk, BudgetLine.INVOLVEMENT, amount)


def money(fee):
    """The fee's Balance and its expenses' (or None), from prefetched entries when there."""
    return _balance(fee.account), fee.expenses_account and _balance(fee.expenses_account)


def fee_balance(fee):
    """The fee's own Balance (not its expenses'): one query, or none when prefetched."""
    return _balance(fee.account)


def _balance(account):
    cached = getattr(account, "_prefetched_objects_cache", {}).get("entries")
    entries = cached if cached is not None else account.entries.only("account_id", "kind", "amount")
    return balance(entries)


def with_money(fees=None):
    """Fees with their accounts and entries fetched together: a fixed number of queries."""
    fees = InvolvementFee.objects.all() if fees is None else fees
    entries = Entry.objects.only("account_id", "kind", "amount")
    return fees.select_related("seminar", "account", "expenses_account").prefetch_related(
        Prefetch("account__entries", queryset=entries),
        Prefetch("expenses_account__entries", queryset=entries),
    )
