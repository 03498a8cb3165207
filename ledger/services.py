"""Every money event goes through these functions: each locks the account, works out its
balance from the entries (ledger.balances), refuses what would make a balance wrong, and
writes entries, never changes them. The apps above (bursaries, fees) call them inside their own
transactions, with their own rules about who and when."""

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from .balances import balance
from .models import Account, Entry, Kind
from .money import ZERO, pence, shown
from .queries import over_budget


class LedgerError(Exception):
    """A money event that cannot happen: the message says why, in words for staff."""


def open_account(*, seminar, line, purpose, reference, description):
    return Account.objects.create(
        seminar=seminar, line=line, purpose=purpose, reference=reference, description=description
    )


def locked(account):
    """The account (or the account of that id), re-read holding its row lock."""
    return Account.objects.select_for_update().get(pk=getattr(account, "pk", account))


def current(account):
    return balance(Entry.objects.filter(account=account).only("kind", "amount"))


def _write(account, kind, amount, *, by=None, now=None, **details):
    entry = _entry(account.pk, kind, amount, by=by, now=now, **details)
    entry.account = account
    entry.save(force_insert=True)
    return entry


def _entry(account_id, kind, amount, *, by=None, now=None, **details):
    return Entry(
        account_id=account_id,
        kind=kind,
        amount=pence(amount),
        by=by if by is not None and by.is_authenticated else None,
        at=now or timezone.now(),
        **details,
    )


def _still_open(money):
    if money.has_approval:
        raise LedgerError(
            "The claim is approved: what is owed follows from it. Record a payment, or ask "
            "for a question to be answered and approve again."
        )
    return money


def _positive(amount, what):
    if amount is None or pence(amount) <= ZERO:
        raise LedgerError(f"Enter {what} in pounds, more than £0.")
    return pence(amount)


def offer(account, parts, *, by=None, now=None, note=""):
    """Promise `parts` ({cost line: amount}); amounts of £0 are left out. Entries that take
    their budget line over are marked so (the person offering was warned before)."""
    with transaction.atomic():
        account = locked(account)
        _still_open(current(account))
        amounts = {part: pence(amount) for part, amount in parts.items() if pence(amount) > 0}
        over = over_budget(account.seminar_id, account.line, sum(amounts.values(), ZERO))
        return [
            _write(
                account,
                Kind.OFFERED,
                amount,
                part=part,
                note=note,
                over_budget=over,
                by=by,
                now=now,
            )
            for part, amount in amounts.items()
        ]


def release(account, *, why, amount=None, part="", by=None, now=None):
    """Give back to the budget what is promised, not spent and not owed (all of it, or
    `amount`)."""
    with transaction.atomic():
        account = locked(account)
        money = current(account)
        free = money.outstanding - money.owed_to_person  # what is owed stays promised
        amount = free if amount is None else min(pence(amount), free)
        if amount <= 0:
            return None
        return _write(account, Kind.RELEASED, amount, part=part, note=why, by=by, now=now)


def release_all(accounts, *, why, by=None, now=None):
    """release() for many accounts at once (all they have free, each): the accounts locked in
    one query (in pk order, as every lock here is taken), their balances summed in one, and
    the entries written in one INSERT, however many accounts. Returns the entries written."""
    with transaction.atomic():
        ids = list(
            Account.objects.select_for_update()
            .filter(pk__in=[getattr(account, "pk", account) for account in accounts])
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        totals = {pk: [] for pk in ids}
        for pk, kind, amount in (
            Entry.objects.filter(account_id__in=ids)
            .values("account_id", "kind")
            .annotate(amount=Sum("amount"))
            .order_by()
            .values_list("account_id", "kind", "amount")
        ):
            totals[pk].append((kind, amount))
        entries = []
        for pk in ids:
            money = balance(totals[pk])
            free = money.outstanding - money.owed_to_person  # what is owed stays promised
            if free > 0:
                entries.append(_entry(pk, Kind.RELEASED, free, note=why, by=by, now=now))
        return Entry.objects.bulk_create(entries)


def _top_up(account, needed, *, note, by, now):
    """Promise more when a booking or an approval goes beyond what is left of the offer."""
    if needed > 0:
        over = over_budget(account.seminar_id, account.line, needed)
        _write(account, Kind.OFFERED, needed, note=note, over_budget=over, by=by, now=now)


def book(account, amount, *, payee, what, paid_on, by=None, now=None):
    """We bought something for the person (tickets, a room)."""
    amount = _positive(amount, "the cost")
    with transaction.atomic():
        account = locked(account)
        needed = amount - _still_open(current(account)).outstanding
        _top_up(account, needed, note="booked beyond the offer", by=by, now=now)
        return _write(
            account,
            Kind.BOOKED,
            amount,
            note=what[:300],
            payee=payee,
            paid_on=paid_on,
            by=by,
            now=now,
        )


def advance(account, amount, *, payee, paid_on, reference="", by=None, now=None):
    """Paid to the person before they travel: at most what is left of the offer."""
    amount = _positive(amount, "the advance")
    with transaction.atomic():
        account = locked(account)
        outstanding = _still_open(current(account)).outstanding
        if amount > outstanding:
            raise LedgerError(f"An advance is at most the {shown(outstanding)} left of the offer.")
        return _write(
            account,
            Kind.ADVANCED,
            amount,
            payee=payee,
            paid_on=paid_on,
            payment_reference=reference,
            by=by,
            now=now,
        )


def claim(account, amount, *, now=None):
    amount = _positive(amount, "the amount claimed")
    with transaction.atomic():
        return _write(locked(account), Kind.CLAIMED, amount, now=now)


def approve(account, amount, *, by=None, now=None):
    """Approve what the claim will be paid on (0 or more). The offer follows: what will not be
    needed is released, and an approval beyond it is promised (and marked if over budget)."""
    amount = pence(amount)
    if amount < 0:
        raise LedgerError("Enter the amount approved, in pounds (0 or more).")
    with transaction.atomic():
        account = locked(account)
        entry = _write(account, Kind.APPROVED, amount, by=by, now=now)
        after = current(account)
        needed = max(after.booked + after.approved, after.spent)
        if after.committed > needed:
            _write(
                account, Kind.RELEASED, after.committed - needed, note="not claimed", by=by, now=now
            )
        _top_up(account, needed - after.committed, note="approved beyond the offer", by=by, now=now)
        return entry


def pay(account, *, payee, paid_on, reference="", by=None, now=None):
    """Pay what the approval made due."""
    with transaction.atomic():
        account = locked(account)
        owed = current(account).owed_to_person
        if owed <= 0:
            raise LedgerError("Nothing is owed: approve a claim first.")
        return _write(
            account,
            Kind.PAID,
            owed,
            payee=payee,
            paid_on=paid_on,
            payment_reference=reference,
            by=by,
            now=now,
        )


def ask_back(account, *, by=None, now=None):
    """Ask for what is left over (and undecided) to be returned."""
    with transaction.atomic():
        account = locked(account)
        amount = current(account).left_undecided
        if amount <= 0:
            raise LedgerError("Nothing is left over to ask back.")
        return _write(account, Kind.TO_RETURN, amount, by=by, now=now)


def waive(account, *, reason, note="", by=None, now=None):
    """Let the person keep what is left over (asked back or not)."""
    with transaction.atomic():
        account = locked(account)
        amount = current(account).left_over
        if amount <= 0:
            raise LedgerError("Nothing is left over to waive.")
        return _write(account, Kind.WAIVED, amount, reason=reason, note=note, by=by, now=now)


def waive_everything_spent(account, *, reason, note="", by=None, now=None):
    """The seminar was cancelled, or the person could not come because they were unwell:
    nothing booked or paid to them is asked back. (They may still claim costs they cannot get
    back.)"""
    with transaction.atomic():
        account = locked(account)
        now_balance = current(account)
        amount = now_balance.spent - now_balance.waived
        if amount <= 0:
            return None
        return _write(account, Kind.WAIVED, amount, reason=reason, note=note, by=by, now=now)


def returned(account, amount, *, paid_on, payee="", by=None, now=None):
    """Money came back (from `payee`); it returns to the budget."""
    amount = _positive(amount, "the amount returned")
    with transaction.atomic():
        account = locked(account)
        money = current(account)
        left = money.left_over
        if amount > left:
            raise LedgerError(f"At most {shown(left)} is left over to return.")
        if (unasked := amount - money.awaiting_return) > ZERO:
            # Paid back before we asked: that part counts as asked and returned, so what is
            # still awaited (asked back, less returned) stays right when we ask for the rest.
            _write(
                account, Kind.TO_RETURN, unasked, note="paid back before we asked", by=by, now=now
            )
        entry = _write(account, Kind.RETURNED, amount, paid_on=paid_on, payee=payee, by=by, now=now)
        _write(account, Kind.RELEASED, amount, note="returned", by=by, now=now)
        return entry
