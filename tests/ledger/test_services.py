"""The ledger's services on the journeys the panel meets, with known answers."""

import datetime
from decimal import Decimal as D

import pytest

from ledger import services
from ledger.models import Budget, BudgetLine, Entry, Kind, WaiverReason
from ledger.queries import budget_rows, overrun
from ledger.services import LedgerError, current
from tests.factories import SeminarFactory

pytestmark = pytest.mark.django_db
DAY = datetime.date(2026, 12, 1)


@pytest.fixture
def account():
    return services.open_account(
        seminar=SeminarFactory(),
        line=BudgetLine.TRAVEL_BURSARIES,
        purpose="expenses",
        reference="B7",
        description="Travel bursary",
    )


def test_an_advance_of_60_with_52_claimed_leaves_8_over_to_ask_back_and_return(account):
    services.offer(account, {"travel": D("60")})
    services.advance(account, D("60"), payee="Sam", paid_on=DAY)
    services.claim(account, D("52"))
    services.approve(account, D("52"))

    money = current(account)
    assert (money.left_over, money.left_undecided, money.owed_to_person) == (D("8"), D("8"), 0)
    assert not money.settled

    services.ask_back(account)
    assert (current(account).awaiting_return, current(account).left_undecided) == (D("8"), 0)

    services.returned(account, D("8"), paid_on=DAY)
    money = current(account)
    assert (money.left_over, money.spent, money.committed) == (0, D("52"), D("52"))
    assert money.settled


def test_the_8_left_over_can_be_waived_instead(account):
    services.offer(account, {"travel": D("60")})
    services.advance(account, D("60"), payee="Sam", paid_on=DAY)
    services.approve(account, D("52"))
    services.waive(account, reason=WaiverReason.SMALL)

    money = current(account)
    assert (money.left_over, money.waived, money.spent) == (0, D("8"), D("60"))
    assert money.settled
    with pytest.raises(LedgerError):
        services.ask_back(account)


def test_an_approval_below_the_offer_releases_the_rest_and_above_it_promises_more(account):
    services.offer(account, {"travel": D("40.00"), "care": D("20.10")})
    services.approve(account, D("31.20"))
    assert current(account).committed == D("31.20")
    assert Entry.objects.get(kind=Kind.RELEASED).amount == D("28.90")

    services.approve(account, D("10"))  # after a question: more approved
    assert (current(account).committed, current(account).owed_to_person) == (D("41.20"),) * 2
    services.pay(account, payee="Sam", paid_on=DAY, reference="P1")
    assert current(account).settled


def test_a_cancelled_seminar_asks_nothing_back_and_unrefundable_costs_can_be_claimed(account):
    services.offer(account, {"travel": D("60")})
    services.book(account, D("25"), payee="Sam", what="tickets", paid_on=DAY)
    services.advance(account, D("20"), payee="Sam", paid_on=DAY)
    services.waive_everything_spent(account, reason=WaiverReason.CANCELLED)
    services.claim(account, D("30"))
    services.approve(account, D("30"))

    money = current(account)
    assert money.left_over == 0
    assert money.owed_to_person == D("10")  # 30 approved, 20 already advanced
    assert Entry.objects.get(kind=Kind.WAIVED).reason == WaiverReason.CANCELLED


def test_an_offer_over_budget_is_marked_and_the_warning_says_by_how_much(account):
    Budget.objects.create(line=BudgetLine.TRAVEL_BURSARIES, amount=D("100"))
    services.offer(account, {"travel": D("90")})

    warning = overrun(account.seminar_id, BudgetLine.TRAVEL_BURSARIES, D("10.01"))
    assert warning is not None
    assert warning.by == D("0.01")
    assert overrun(account.seminar_id, BudgetLine.TRAVEL_BURSARIES, D("10")) is None

    services.offer(account, {"companion": D("20")})
    assert list(Entry.objects.values_list("over_budget", flat=True)) == [False, True]
    row = next(row for row in budget_rows() if row.line == BudgetLine.TRAVEL_BURSARIES)
    assert (row.money.committed, row.remaining, row.over) == (D("110"), D("-10"), True)


def test_a_seminar_budget_is_checked_as_well_as_the_series(account):
    Budget.objects.create(line=BudgetLine.TRAVEL_BURSARIES, amount=D("1000"))
    Budget.objects.create(line=BudgetLine.TRAVEL_BURSARIES, seminar=account.seminar, amount=D("50"))
    assert overrun(account.seminar_id, BudgetLine.TRAVEL_BURSARIES, D("50")) is None
    assert overrun(account.seminar_id, BudgetLine.TRAVEL_BURSARIES, D("50.01")).budget.seminar


def test_sums_are_exact_to_the_penny_on_every_database(account):
    for amount in ("10.10", "10.10", "11.00"):
        services.offer(account, {"travel": D(amount)})
    row = next(row for row in budget_rows() if row.line == BudgetLine.TRAVEL_BURSARIES)
    assert str(row.money.committed) == "31.20"


def test_money_paid_back_before_we_asked_still_leaves_the_rest_awaited_once_asked(account):
    services.offer(account, {"travel": D("60")})
    services.advance(account, D("60"), payee="Sam", paid_on=DAY)
    services.claim(account, D("52"))
    services.approve(account, D("52"))

    services.returned(account, D("3"), paid_on=DAY)  # before we asked
    money = current(account)
    assert (money.left_over, money.awaiting_return, money.left_undecided) == (D("5"), 0, D("5"))

    services.ask_back(account)
    services.returned(account, D("3"), paid_on=DAY)
    money = current(account)
    assert (money.left_over, money.awaiting_return, money.left_undecided) == (D("2"), D("2"), 0)
