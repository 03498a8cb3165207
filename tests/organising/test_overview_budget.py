"""The budget on the staff overview: totals per line, for the series and each seminar with a
budget of its own; all lines for organisers, the travel bursaries' alone for the panel; no
names; over budget said in words; the same queries however many accounts."""

from decimal import Decimal as D

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ledger import services
from ledger.models import Budget, BudgetLine
from organising import rules
from organising.budget import budget_for
from tests.bursaries.conftest import panel_group
from tests.factories import SeminarFactory
from tests.organising.money_scenario import account, day, seed
from tests.organising.test_overview import door_helpers
from tests.test_groups import organisers_group
from tests.utils import text

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(django_user_model):
    def make(username, *groups, superuser=False):
        user = django_user_model.objects.create_user(
            username, is_staff=True, is_superuser=superuser
        )
        user.groups.add(*groups)
        return user

    return make


def rows(table):
    return {row.label: (row.budget, row.committed, row.spent, row.remaining) for row in table}


def test_organisers_see_every_line_for_the_series_and_a_seminar_with_its_own_budget(staff):
    scenario = seed()
    seminars = [scenario.c, scenario.a, scenario.b]

    budget = budget_for(staff("ann", organisers_group()), seminars)

    assert rows(budget.series) == {
        "Travel bursaries": ("£200.00", "£167.50", "£167.50", "£32.50"),
        "Involvement fees and contributors' expenses": (
            "£250.00",
            "£270.35",
            "£195.35",
            "Over budget by £20.35",
        ),
        "Venue": ("No budget set", "£0.00", "£0.00", "No limit"),
        "Catering": ("No budget set", "£0.00", "£0.00", "No limit"),
        "Other": ("No budget set", "£0.00", "£0.00", "No limit"),
    }
    [(caption, seminar_rows)] = budget.seminars
    assert caption == f"Seminar {scenario.a.number}: {scenario.a.title}"
    # Seminar A's own budget, and the lines with money on them there.
    assert rows(seminar_rows) == {
        "Travel bursaries": ("£120.00", "£147.50", "£147.50", "Over budget by £27.50"),
        "Involvement fees and contributors' expenses": (
            "No budget set",
            "£150.00",
            "£150.00",
            "No limit",
        ),
    }
    assert budget.any_over


def test_the_panel_sees_the_travel_bursaries_line_only_and_others_see_no_budget(staff):
    scenario = seed()
    panel = staff("pat", panel_group())

    budget = budget_for(panel, [scenario.a])

    assert [row.label for row in budget.series] == ["Travel bursaries"]
    assert [[row.label for row in table] for _, table in budget.seminars] == [["Travel bursaries"]]
    assert budget_for(staff("dee", door_helpers()), [scenario.a]) is None
    assert budget_for(staff("nob"), [scenario.a]) is None


def test_may_see_budget_follows_the_groups(staff):
    assert rules.budget_lines_visible(staff("ann", organisers_group())) == BudgetLine.values
    assert rules.budget_lines_visible(staff("pat", panel_group())) == ["travel_bursaries"]
    assert rules.budget_lines_visible(staff("su", superuser=True)) == BudgetLine.values
    assert not rules.may_see_budget(staff("dee", door_helpers()))
    assert not rules.may_see_budget(staff("nob"))


def test_the_page_shows_totals_in_words_and_no_names_or_references(client, staff):
    seed()
    client.force_login(staff("ann", organisers_group()))
    client.get("/admin/")
    page = text(client.get("/admin/"))

    assert "Budget" in page
    assert "Travel bursaries £200.00 £167.50 £167.50 £32.50" in page, (
        "the series' travel bursaries line, as totals"
    )
    assert "Over budget by £20.35" in page
    assert "At least one line is over budget." in page
    for private in ("Siân Jones", "Kim Lee", "ADV-1", "B1", "PAY-9"):
        assert private not in page


def test_the_panels_overview_names_no_fee(client, staff):
    seed()
    client.force_login(staff("pat", panel_group()))
    page = text(client.get("/admin/"))

    assert "Travel bursaries £200.00 £167.50 £167.50 £32.50" in page
    assert "Involvement" not in page


def _more_accounts(count):
    for number in range(count):
        seminar = SeminarFactory()
        Budget.objects.create(line=BudgetLine.VENUE, seminar=seminar, amount=D("100"))
        made = account(seminar, BudgetLine.TRAVEL_BURSARIES, f"M{number}")
        services.offer(made, {"travel": D("12.34")})
        services.advance(made, D("12.34"), payee="Someone", paid_on=day(5, 1))


@pytest.mark.parametrize("role", ["organiser", "panel"])
def test_the_budget_costs_the_same_queries_for_one_account_or_many(client, staff, role):
    group = organisers_group() if role == "organiser" else panel_group()
    client.force_login(staff("ann", group))
    client.get("/admin/")  # a staff session's first request writes the session once
    counts = []
    for size in (1, 6):
        _more_accounts(size)
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/admin/").status_code == 200
        counts.append(len(queries))

    assert counts[0] == counts[1]
    assert "£86.38" in text(client.get("/admin/"))  # 7 times £12.34, exact on every database
