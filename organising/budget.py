"""Money on the staff pages, as each person may see it (organising/rules.py): the budget on the
overview (budget, committed, spent and what remains, per line, for the series and each seminar
with a budget of its own) and the spend by line in the funder's report. Totals only, from the
ledger's queries, each exact to the penny; a fixed number of queries however many accounts."""

from dataclasses import dataclass
from decimal import Decimal

from ledger.models import BudgetLine
from ledger.money import ZERO, pence, shown
from ledger.queries import add_up, budget_table, line_totals_by_seminar

from . import rules


@dataclass(frozen=True)
class BudgetLineShown:
    """One line of a budget table, in words."""

    label: str
    budget: str
    committed: str
    spent: str
    remaining: str
    over: bool

    @classmethod
    def of(cls, row):
        if row.budget is None:
            budget, remaining = "No budget set", "No limit"
        elif row.over:
            budget, remaining = shown(row.budget), f"Over budget by {shown(-row.remaining)}"
        else:
            budget, remaining = shown(row.budget), shown(row.remaining)
        return cls(
            row.label,
            budget,
            shown(row.money.committed),
            shown(row.money.spent),
            remaining,
            row.over,
        )


@dataclass(frozen=True)
class BudgetSection:
    series: list  # [BudgetLineShown]
    seminars: list  # [(caption, [BudgetLineShown])], in the overview's order

    @property
    def any_over(self):
        return any(row.over for row in self.series) or any(
            row.over for _, rows in self.seminars for row in rows
        )


def budget_for(user, seminars):
    """The overview's budget section for `user` (None when the budget is not theirs to see),
    with a table for each of `seminars` that has a budget of its own. Two queries."""
    lines = rules.budget_lines_visible(user)
    if not lines:
        return None
    series, by_seminar = budget_table(lines=lines)
    return BudgetSection(
        [BudgetLineShown.of(row) for row in series],
        [
            (
                f"Seminar {seminar.number}: {seminar.title}",
                [BudgetLineShown.of(row) for row in by_seminar[seminar.pk]],
            )
            for seminar in seminars
            if by_seminar.get(seminar.pk)
        ],
    )


@dataclass(frozen=True)
class Spend:
    """What one budget line committed and spent (for a seminar, or the series)."""

    line: str
    label: str
    committed: Decimal
    spent: Decimal

    @property
    def shown(self):
        """(committed, spent) as £1,234.50."""
        return shown(self.committed), shown(self.spent)


def spend_rows(by_line, lines):
    return [
        Spend(line, BudgetLine(line).label, by_line[line].committed, by_line[line].spent)
        for line in lines
    ]


def spend_total(rows):
    """(committed, spent) of all the lines shown, exact to the penny."""
    return (
        pence(sum((row.committed for row in rows), ZERO)),
        pence(sum((row.spent for row in rows), ZERO)),
    )


def spend_by_seminar(seminar_ids, lines):
    """({seminar id: [Spend]}, [Spend] for them all) on `lines`: one query (none without
    lines)."""
    if not lines:
        return {pk: [] for pk in seminar_ids}, []
    money = line_totals_by_seminar(seminar_ids)
    empty = add_up([])
    seminars = {pk: spend_rows(money.get(pk, empty), lines) for pk in seminar_ids}
    return seminars, spend_rows(add_up(money.values()), lines)
