"""Property tests: random sequences of money events, through the ledger's services, never leave
a balance negative, and every pound offered is in exactly one state."""

import contextlib
import datetime
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ledger import services
from ledger.balances import balance
from ledger.models import PAYMENTS, BudgetLine, Entry, Kind, WaiverReason
from ledger.money import ZERO
from ledger.services import LedgerError
from tests.factories import SeminarFactory

pytestmark = pytest.mark.django_db

DAY = datetime.date(2026, 12, 1)
amounts = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("400"), places=2)
events = st.lists(
    st.one_of(
        st.tuples(st.just("offer"), amounts),
        st.tuples(st.just("release"), amounts),
        st.tuples(st.just("book"), amounts),
        st.tuples(st.just("advance"), amounts),
        st.tuples(st.just("claim"), amounts),
        st.tuples(st.just("approve"), st.decimals(min_value=0, max_value=400, places=2)),
        st.tuples(st.just("pay"), st.none()),
        st.tuples(st.just("ask_back"), st.none()),
        st.tuples(st.just("waive"), st.none()),
        st.tuples(st.just("waive_all"), st.none()),
        st.tuples(st.just("returned"), amounts),
    ),
    max_size=14,
)


def apply(account, event, amount):
    match event:
        case "offer":
            services.offer(account, {"travel": amount})
        case "release":
            services.release(account, amount=amount, why="given up")
        case "book":
            services.book(account, amount, payee="A Person", what="tickets", paid_on=DAY)
        case "advance":
            services.advance(account, amount, payee="A Person", paid_on=DAY)
        case "claim":
            services.claim(account, amount)
        case "approve":
            services.approve(account, amount)
        case "pay":
            services.pay(account, payee="A Person", paid_on=DAY)
        case "ask_back":
            services.ask_back(account)
        case "waive":
            services.waive(account, reason=WaiverReason.SMALL)
        case "waive_all":
            services.waive_everything_spent(account, reason=WaiverReason.UNWELL)
        case "returned":
            services.returned(account, amount, paid_on=DAY)


def signed_payments(account):
    """What the finance office's rows add up to: out, less what came back."""
    total = ZERO
    for entry in Entry.objects.filter(account=account, kind__in=PAYMENTS):
        total += -entry.amount if entry.kind == Kind.RETURNED else entry.amount
    return total


@pytest.fixture
def seminar():
    return SeminarFactory()


@settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(events=events)
def test_no_sequence_of_money_events_breaks_a_balance(seminar, events):
    account = services.open_account(
        seminar=seminar,
        line=BudgetLine.TRAVEL_BURSARIES,
        purpose="expenses",
        reference="B1",
        description="Travel bursary",
    )
    for event, amount in events:
        with contextlib.suppress(LedgerError):
            apply(account, event, amount)
        money = balance(Entry.objects.filter(account=account))
        states = {
            "released": money.released,
            "spent": money.spent,
            "outstanding": money.outstanding,
        }
        assert all(value >= 0 for value in states.values()), (event, states)
        assert sum(states.values()) == money.offered  # each pound offered in one state
        assert money.owed_to_person >= 0
        assert money.left_over >= 0
        assert 0 <= money.awaiting_return <= money.left_over
        assert signed_payments(account) == money.spent
        if money.has_approval and money.booked + money.approved >= money.spent:
            # Once approved, what is left to spend is exactly what is owed to them.
            assert money.outstanding == money.owed_to_person
