"""The funder's report's spend by budget line: a seeded scenario with known answers (several
accounts, lines, a return, a waiver and a declined offer), exact to the penny, agreeing with the
ledger and with the finance office's file for the same range."""

import csv
import io
from decimal import Decimal as D

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ledger import services
from ledger.models import BudgetLine
from ledger.queries import line_totals
from organising.finance import payment_entries
from organising.report import report
from organising.rules import FINANCE_FILES
from tests.bursaries.conftest import panel_group
from tests.organising.money_scenario import YEAR_2026, account, seed
from tests.utils import text

pytestmark = pytest.mark.django_db

EVERY_LINE = tuple(BudgetLine.values)
TRAVEL = "Travel bursaries"
INVOLVEMENT = "Involvement fees and contributors' expenses"


@pytest.fixture
def scenario():
    return seed()


def spend(part):
    return {row.label: (row.committed, row.spent) for row in part.spend if row.committed}


def test_the_years_spend_by_line_has_the_known_answers(scenario):
    series, (a, b) = report(*YEAR_2026, money_lines=EVERY_LINE)

    assert (a.seminar, b.seminar) == (scenario.a, scenario.b)
    assert spend(a) == {TRAVEL: (D("147.50"), D("147.50")), INVOLVEMENT: (D("150"), D("150"))}
    assert spend(b) == {INVOLVEMENT: (D("120.35"), D("45.35"))}
    assert spend(series) == {
        TRAVEL: (D("147.50"), D("147.50")),
        INVOLVEMENT: (D("270.35"), D("195.35")),
    }
    assert series.spend_total == (D("417.85"), D("342.85"))
    assert [str(amount) for amount in series.spend_total] == ["417.85", "342.85"]


def test_the_finance_files_add_up_to_the_reports_spent_for_the_same_range(scenario):
    series, _ = report(*YEAR_2026, money_lines=EVERY_LINE)
    [both] = [file for file in FINANCE_FILES if file.name == "all-payments"]
    signed = [
        -entry.amount if entry.kind == "returned" else entry.amount
        for entry in payment_entries(both, *YEAR_2026)
    ]

    assert sum(signed, D(0)) == series.spend_total[1] == D("342.85")


def test_the_whole_series_matches_the_ledger_to_the_penny(scenario):
    venue = account(scenario.a, BudgetLine.VENUE, "V1", description="The hall")
    services.offer(venue, {"room": D("300.10")})
    series, parts = report(money_lines=EVERY_LINE)
    ledger = line_totals()

    assert len(parts) == 3
    for row in series.spend:
        assert (row.committed, row.spent) == (
            ledger[row.line].committed,
            ledger[row.line].spent,
        )
    assert spend(series)[TRAVEL] == (D("167.50"), D("167.50"))  # seminar C's £20 too
    assert series.spend_total == (D("737.95"), D("362.85"))


def test_the_report_costs_the_same_queries_with_its_money_for_one_account_or_many(scenario):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            report(money_lines=EVERY_LINE)
        return len(captured)

    few = queries()
    for number in range(4):
        made = account(scenario.b, BudgetLine.CATERING, f"K{number}")
        services.offer(made, {"lunch": D("10.10")})
    assert queries() == few
    series, _ = report(money_lines=EVERY_LINE)
    assert [str(row.committed) for row in series.spend if row.line == "catering"] == ["40.40"]


def test_organisers_read_every_line_and_the_panel_the_travel_bursaries_alone(
    client, organiser, django_user_model, scenario
):
    page = text(client.get("/staff/report/", {"start": "2026-04-01", "end": "2027-03-31"}))
    assert "Spend by budget line" in page
    assert f"{TRAVEL} £147.50 £147.50" in page
    assert f"{INVOLVEMENT} £270.35 £195.35" in page
    assert "All budget lines £417.85 £342.85" in page

    panel = django_user_model.objects.create_user("pat", is_staff=True)
    panel.groups.add(panel_group())
    client.force_login(panel)
    page = text(client.get("/staff/report/", {"start": "2026-04-01", "end": "2027-03-31"}))
    assert f"{TRAVEL} £147.50 £147.50" in page
    assert "Involvement" not in page


def test_the_reports_csv_has_the_spend_rows_as_plain_amounts(client, organiser, scenario):
    response = client.get("/staff/report.csv", {"start": "2026-04-01", "end": "2027-03-31"})
    body = b"".join(response.streaming_content).decode("utf-8")
    rows = list(csv.reader(io.StringIO(body.removeprefix("\ufeff"))))

    assert rows[0][-2:] == ["Committed (GBP)", "Spent (GBP)"]
    assert {len(row) for row in rows} == {len(rows[0])}
    series = [row for row in rows if row[0] == "All seminars" and row[2] == "Spend"]
    assert [(row[3], row[-2], row[-1]) for row in series] == [
        (TRAVEL, "147.50", "147.50"),
        (INVOLVEMENT, "270.35", "195.35"),
        ("Venue", "0.00", "0.00"),
        ("Catering", "0.00", "0.00"),
        ("Other", "0.00", "0.00"),
        ("All budget lines", "417.85", "342.85"),
    ]
