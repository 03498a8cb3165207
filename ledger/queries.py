"""How much: what each budget line has committed and spent, for the series and for a seminar,
summed in the database by kind and made exact by ledger.balances."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q, Sum

from .balances import Balance, balance
from .models import Budget, BudgetLine, Entry
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
