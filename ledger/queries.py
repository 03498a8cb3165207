"""How much: what each budget line has committed and spent, for the series and for a seminar,
summed in the database by kind and made exact by ledger.balances."""

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Case, Q, Sum, When

from .balances import Balance, balance
from .models import PAYMENTS, Budget, BudgetLine, Entry, Kind, Purpose
from .money import ZERO, pence


def totals(entries):
    """The Balance of many accounts' entries, summed in the database: committed, spent and
    outstanding are meaningful; what is owed either way is each account's own."""
    return balance(entries.values_list("kind").annotate(total=Sum("amount")).order_by())


def line_totals(*, seminar_id=None):
    """{budget line: Balance}, for the series, or for one seminar."""
    entries = Entry.objects.all()
    if seminar_id is not None:
        entries = entries.filter(account__seminar_id=seminar_id)
    rows = entries.values_list("account__line", "kind").annotate(total=Sum("amount")).order_by()
    by_line = {}
    for line, kind, amount in rows:
        by_line.setdefault(line, []).append((kind, amount))
    return {line: balance(by_line.get(line, ())) for line in BudgetLine.values}


@dataclass(frozen=True)
class LineRow:
    line: str
    label: str
    budget: Decimal | None
    money: Balance

    @property
    def remaining(self):
        return None if self.budget is None else pence(self.budget) - self.money.committed

    @property
    def over(self):
        return self.remaining is not None and self.remaining < 0


def budget_rows(*, seminar=None):
    """One row per budget line: its budget (the seminar's, or the series'), what is committed
    and spent on it, and what remains. Two queries."""
    budgets = {row.line: row.amount for row in Budget.objects.filter(seminar=seminar)}
    money = line_totals(seminar_id=seminar.pk if seminar else None)
    return [
        LineRow(line, BudgetLine(line).label, budgets.get(line), money[line])
        for line in BudgetLine.values
    ]


def line_totals_by_seminar(seminar_ids=None):
    """{seminar id: {budget line: Balance}} for the seminars with any entries (of
    `seminar_ids`, or all): one query, each sum made exact to the penny."""
    entries = Entry.objects.all()
    if seminar_ids is not None:
        entries = entries.filter(account__seminar_id__in=list(seminar_ids))
    rows = (
        entries.values_list("account__seminar_id", "account__line", "kind")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    grouped = defaultdict(lambda: defaultdict(list))
    for seminar_id, line, kind, amount in rows:
        grouped[seminar_id][line].append((kind, amount))
    return {
        seminar_id: {line: balance(by_line.get(line, ())) for line in BudgetLine.values}
        for seminar_id, by_line in grouped.items()
    }


def add_up(balances):
    """The sum of {line: Balance} mappings, line by line."""
    summed = {line: Balance() for line in BudgetLine.values}
    for by_line in balances:
        for line in BudgetLine.values:
            summed[line] = summed[line] + by_line[line]
    return summed


def budget_table(*, lines=BudgetLine.values):
    """The series' rows and, for each seminar with a budget of its own, that seminar's rows
    (the lines it has a budget for or money on): ([LineRow], {seminar id: [LineRow]}), only
    for `lines`. Two queries, however many seminars and accounts."""
    budgets = {(b.seminar_id, b.line): b.amount for b in Budget.objects.all()}
    money = line_totals_by_seminar()
    series_money = add_up(money.values())
    series = [
        LineRow(line, BudgetLine(line).label, budgets.get((None, line)), series_money[line])
        for line in lines
    ]
    seminars = {}
    for seminar_id in sorted({seminar_id for seminar_id, _ in budgets if seminar_id}):
        own = money.get(seminar_id) or {line: Balance() for line in BudgetLine.values}
        rows = [
            LineRow(line, BudgetLine(line).label, budgets.get((seminar_id, line)), own[line])
            for line in lines
        ]
        seminars[seminar_id] = [
            row for row in rows if row.budget is not None or row.money.offered or row.money.spent
        ]
    return series, seminars


def payments(*, lines, start=None, end=None):
    """The finance office's rows: every payment entry (booked, advanced, paid, returned) on
    `lines`, paid between `start` and `end` (inclusive), fees before expenses, then by day,
    account and entry (so the same range gives the same rows in the same order)."""
    entries = Entry.objects.filter(kind__in=PAYMENTS, account__line__in=list(lines))
    if start:
        entries = entries.filter(paid_on__gte=start)
    if end:
        entries = entries.filter(paid_on__lte=end)
    fees_first = Case(When(account__purpose=Purpose.FEE, then=0), default=1)
    return entries.select_related("account").order_by(
        fees_first, "paid_on", "account__reference", "account_id", "pk"
    )


def signed(entry):
    """A payment's amount as finance counts it: money out positive, money back negative."""
    amount = pence(entry.amount)
    return -amount if entry.kind == Kind.RETURNED else amount


def overrun(seminar_id, line, extra):
    """What promising `extra` more on `line` at this seminar would take over budget: the
    seminar's budget for the line, or the series', as (budget, committed after), or None when
    it fits (no budget set means no limit)."""
    extra = pence(extra)
    if extra <= ZERO:
        return None
    budgets = Budget.objects.filter(Q(seminar_id=seminar_id) | Q(seminar__isnull=True), line=line)
    for budget in budgets.order_by("seminar_id"):
        entries = Entry.objects.filter(account__line=line)
        if budget.seminar_id is not None:
            entries = entries.filter(account__seminar_id=seminar_id)
        after = totals(entries).committed + extra
        if after > pence(budget.amount):
            return Overrun(budget, after)
    return None


def over_budget(seminar_id, line, extra):
    return overrun(seminar_id, line, extra) is not None


@dataclass(frozen=True)
class Overrun:
    budget: Budget
    committed_after: Decimal

    @property
    def by(self):
        return self.committed_after - pence(self.budget.amount)

    def __str__(self):
        where = (self.budget.seminar and f"seminar {self.budget.seminar.number}") or "the series"
        return (
            f"This takes the {self.budget.get_line_display().lower()} budget for {where} over by "
            f"£{self.by:,}: £{self.committed_after:,} committed of £{pence(self.budget.amount):,}."
        )
