"""The finance office's files: each group its own, one row per payment, amounts exact, the
same range giving the same rows, and a range form that says what to fix."""

import csv
import datetime
import io
from decimal import Decimal as D

import pytest
import time_machine

from bursaries.models import Review
from ledger import services
from organising.finance import HEADER, financial_year
from tests.bursaries.conftest import panel_group
from tests.factories import BursaryApplicationFactory
from tests.factories.bursaries import advance_paid
from tests.organising.money_scenario import YEAR_2026, account, day, seed
from tests.test_groups import organisers_group
from tests.utils import london, text

pytestmark = pytest.mark.django_db

BURSARIES = "/staff/finance/bursary-payments.csv"
INVOLVEMENT = "/staff/finance/fees-and-expenses.csv"
BOTH = "/staff/finance/all-payments.csv"
RANGE_2026 = {"start": "2026-04-01", "end": "2027-03-31"}


@pytest.fixture
def scenario():
    return seed()


@pytest.fixture
def sign_in(client, django_user_model):
    def as_(role):
        user = django_user_model.objects.create_user(role, is_staff=True)
        if role == "superuser":
            user.is_superuser = True
            user.save()
        groups = {"organiser": [organisers_group()], "panel": [panel_group()]}
        user.groups.add(*groups.get(role, []))
        client.force_login(user)
        return user

    return as_


def download(client, url, data=RANGE_2026):
    response = client.get(url, data)
    assert response.status_code == 200, response.content[:300]
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(body.removeprefix("\ufeff"))))
    assert rows[0] == HEADER
    return rows[1:]


def column(rows, name):
    return [row[HEADER.index(name)] for row in rows]


def test_the_panels_file_lists_each_bursary_payment_with_returns_negative(
    client, sign_in, scenario
):
    sign_in("panel")
    rows = download(client, BURSARIES)

    assert [(r[0], r[3], r[4], r[5], r[6], r[7]) for r in rows] == [
        ("2026-05-01", "60.00", "Siân Jones", "B1", "ADV-1", "Paid in advance"),
        ("2026-05-02", "40.00", "Kim Lee", "B3", "ADV-3", "Paid in advance"),
        ("2026-05-03", "25.50", "Ola Adé", "B2", "", "Booked by us"),
        ("2026-05-20", "30.00", "Ola Adé", "B2", "P-2", "Paid"),
        ("2026-06-01", "-8.00", "", "B1", "", "Returned"),
    ]
    assert set(column(rows, "Budget line")) == {"Travel bursaries"}
    assert set(column(rows, "Taxable (payroll)")) == {"No"}
    assert sum(D(amount) for amount in column(rows, "Amount (GBP)")) == D("147.50")
    assert column(rows, "Note")[2] == "Train tickets"
    assert column(rows, "Seminar")[0] == str(scenario.a.number)


def test_the_organisers_file_lists_fees_first_marked_taxable_then_expenses(
    client, sign_in, scenario
):
    sign_in("organiser")
    rows = download(client, INVOLVEMENT)

    assert [(r[1], r[2], r[3], r[4], r[10]) for r in rows] == [
        ("Involvement fee", "Yes", "150.00", "Siân Jones", "Involvement fee: speaking"),
        ("Expenses", "No", "45.35", "Ray Moss", "A contributor's travel"),
    ]


def test_each_group_takes_only_its_own_file_and_a_superuser_both_in_one(client, sign_in, scenario):
    sign_in("panel")
    assert client.get(INVOLVEMENT).status_code == 403
    assert client.get(BOTH).status_code == 403
    sign_in("organiser")
    assert client.get(BURSARIES).status_code == 403
    assert client.get(BOTH).status_code == 403
    sign_in("superuser")
    rows = download(client, BOTH)
    assert column(rows, "Account reference") == ["F1", "B1", "B3", "B2", "B2", "B1", "E1"]
    assert sum(D(amount) for amount in column(rows, "Amount (GBP)")) == D("342.85")


def test_a_regenerated_file_for_the_same_range_has_the_same_rows(client, sign_in, scenario):
    sign_in("superuser")
    first = download(client, BOTH)
    later = account(scenario.b, "travel_bursaries", "B9")
    services.offer(later, {"travel": D("10")})
    services.advance(later, D("10"), payee="Later", paid_on=day(4, 1, 2027))

    assert download(client, BOTH) == first


def test_the_range_includes_both_of_its_days(client, sign_in, scenario):
    sign_in("panel")
    rows = download(client, BURSARIES, {"start": "2026-05-02", "end": "2026-05-03"})
    assert column(rows, "Payment date") == ["2026-05-02", "2026-05-03"]


def test_sums_on_the_database_never_reach_the_file_as_a_long_decimal(client, sign_in):
    sign_in("panel")
    seminar = seed().a
    for reference, amount in (("X1", "10.10"), ("X2", "21.10")):
        made = account(seminar, "travel_bursaries", reference)
        services.offer(made, {"travel": D(amount)})
        services.advance(made, D(amount), payee="A", paid_on=day(7, 1))
    rows = download(client, BURSARIES, {"start": "2026-07-01", "end": "2026-07-01"})
    assert column(rows, "Amount (GBP)") == ["10.10", "21.10"]


@time_machine.travel(london(2027, 3, 31, 23, 59))
def test_the_range_is_this_financial_year_unless_chosen(client, sign_in, scenario):
    assert financial_year(datetime.date(2027, 3, 31)) == YEAR_2026
    assert financial_year(datetime.date(2027, 4, 1)) == (
        datetime.date(2027, 4, 1),
        datetime.date(2028, 3, 31),
    )
    sign_in("panel")
    assert len(download(client, BURSARIES, {})) == 5
    page = client.get("/staff/finance/")
    assert 'value="2026-04-01"' in page.content.decode()
    assert 'value="2027-03-31"' in page.content.decode()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {"start": "2026-06-01", "end": "2026-05-01"},
            "The “To” date is before the “From” date: swap them",
        ),
        ({"start": "2026-13-01", "end": "2026-05-01"}, "Enter the first day as a real date"),
        ({"start": "2026-04-01", "end": ""}, "Enter the last day of the range"),
    ],
)
def test_a_bad_range_says_what_to_do_and_gives_no_file(client, sign_in, scenario, data, message):
    sign_in("panel")
    response = client.get(BURSARIES, data)

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert message in text(response)


def test_the_page_explains_and_offers_each_person_their_own_files(client, sign_in):
    sign_in("organiser")
    page = text(client.get("/staff/finance/"))
    assert "Money returned to us is a row of its own, with a negative amount." in page
    assert "Involvement fees and contributors' expenses (CSV)" in page
    assert "Travel bursary payments (CSV)" not in page

    sign_in("superuser")
    page = text(client.get("/staff/finance/"))
    assert "Travel bursary payments (CSV)" in page
    assert "Bursary payments, fees and expenses in one file (CSV)" in page


def test_the_overview_links_to_the_page_for_those_who_may(client, sign_in, django_user_model):
    sign_in("panel")
    assert "Payments for the finance office" in text(client.get("/admin/"))
    door = django_user_model.objects.create_user("nobody", is_staff=True)
    client.force_login(door)
    assert "Payments for the finance office" not in text(client.get("/admin/"))
    assert client.get("/staff/finance/").status_code == 403


def test_a_panel_member_with_a_conflict_sees_the_payment_but_not_the_payee(
    client, sign_in, django_user_model
):
    award = BursaryApplicationFactory(
        name="Known Person",
        status="advance_paid",
        payment_method="advance",
        offer_amount=D("50"),
        reply_by=london(2026, 5, 1, 12),
    )
    advance_paid(award, D("50.00"), datetime.date(2026, 5, 2))
    conflicted = sign_in("panel")
    Review.objects.create(application=award, reviewer=conflicted, conflict=True)

    hidden = download(client, BURSARIES)
    other = django_user_model.objects.create_user("other", is_staff=True)
    other.groups.add(panel_group())
    client.force_login(other)
    shown = download(client, BURSARIES)

    assert column(hidden, "Paid to") == ["Hidden: conflict of interest"]
    assert column(hidden, "Amount (GBP)") == ["50.00"]  # the total still agrees
    assert column(shown, "Paid to") == ["Known Person"]
