"""Who sees which money on the staff side: the series' budget on the overview and in the
funder's report, and the finance office's files. One home for each rule; the overview, the
report, the finance page and its files ask these.

- Organisers (those who keep the series' budget: ledger's budget permission) see every budget
  line, the travel bursaries' as totals only (no names, no references: the tables are totals).
- The bursary panel sees the travel bursaries' line only, as totals; never fees.
- Finance files: the panel's of bursary payments, the organisers' of involvement fees and
  contributors' expenses; each group only its own. A superuser may take both in one file.
"""

from dataclasses import dataclass

from bursaries.models import BursaryApplication
from bursaries.rules import identities_visible_to, is_panel_member
from ledger.models import BudgetLine


def keeps_the_budget(user):
    """Organisers (and superusers): active staff who may read the series' budget."""
    return bool(user.is_active and user.is_staff and user.has_perm("ledger.view_budget"))


def budget_lines_visible(user):
    """The budget lines whose totals `user` may see, in the budget's order (none: nothing)."""
    if keeps_the_budget(user):
        return list(BudgetLine.values)
    if is_panel_member(user):
        return [BudgetLine.TRAVEL_BURSARIES.value]
    return []


def may_see_budget(user):
    return bool(budget_lines_visible(user))


@dataclass(frozen=True)
class FinanceFile:
    """One of the finance office's files: its address's name, its lines and who may take it."""

    name: str  # the URL's name in the organising namespace, and the file's name
    title: str
    lines: tuple
    may_take: object  # user -> bool


def _superuser(user):
    return bool(user.is_active and user.is_staff and user.is_superuser)


FINANCE_FILES = [
    FinanceFile(
        "bursary-payments",
        "Travel bursary payments",
        (BudgetLine.TRAVEL_BURSARIES.value,),
        is_panel_member,
    ),
    FinanceFile(
        "fees-and-expenses",
        "Involvement fees and contributors' expenses",
        (BudgetLine.INVOLVEMENT.value,),
        keeps_the_budget,
    ),
    FinanceFile(
        "all-payments",
        "Bursary payments, fees and expenses in one file",
        (BudgetLine.TRAVEL_BURSARIES.value, BudgetLine.INVOLVEMENT.value),
        _superuser,
    ),
]


def finance_files(user):
    """The finance files `user` may take (none: the finance page is not theirs)."""
    return [file for file in FINANCE_FILES if file.may_take(user)]


def may_take_finance_file(user, name):
    return any(file.name == name for file in finance_files(user))


HIDDEN_PAYEE = "Hidden: conflict of interest"


def accounts_with_hidden_payee(user, lines):
    """The bursary accounts whose payee `user` may not know (bursaries.rules: a declared
    conflict of interest): their rows stay in the file, so its total still agrees with the
    ledger, with the name hidden. None for fees, or for a superuser."""
    if BudgetLine.TRAVEL_BURSARIES not in lines or user.is_superuser:
        return set()
    hidden = BursaryApplication.objects.filter(account__isnull=False).exclude(
        pk__in=identities_visible_to(user)
    )
    return set(hidden.values_list("account_id", flat=True))
