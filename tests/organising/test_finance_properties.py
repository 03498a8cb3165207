"""Property test: after any sequence of money events on a bursary's and a fee's accounts, the
finance office's file lists exactly what was spent, and the funder's report agrees to the penny."""

import contextlib
from decimal import Decimal

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ledger import services
from ledger.models import BudgetLine, Purpose
from ledger.services import LedgerError, current
from organising.finance import payment_entries, rows
from organising.report import report
from organising.rules import FINANCE_FILES
from tests.factories import SeminarFactory
from tests.ledger.test_properties import DAY, amounts, apply
from tests.organising.finance_helpers import AMOUNT

pytestmark = pytest.mark.django_db

EVENTS = ["offer", "release", "book", "advance", "claim", "approve", "pay", "ask_back"]
EVENTS += ["waive", "waive_all", "returned", "leftover_returned"]
sequences = st.lists(
    st.tuples(st.sampled_from(["bursary", "fee"]), st.sampled_from(EVENTS), amounts),
    max_size=16,
)


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(sequence=sequences)
def test_the_finance_file_adds_up_to_what_was_spent_and_to_the_report(sequence):
    with transaction.atomic():  # each example starts from an empty ledger
        check(sequence)
        transaction.set_rollback(True)


def leftover_returned(account, amount):
    """Random events seldom reach a return: an advance, a smaller approval, the rest back."""
    services.offer(account, {"travel": amount})
    services.advance(account, amount, payee="A Person", paid_on=DAY)
    services.approve(account, (amount / 3).quantize(Decimal("0.01")))
    services.returned(account, current(account).left_over, paid_on=DAY)


def check(sequence):
    seminar = SeminarFactory()
    accounts = {
        "bursary": services.open_account(
            seminar=seminar,
            line=BudgetLine.TRAVEL_BURSARIES,
            purpose=Purpose.EXPENSES,
            reference="B1",
            description="Travel bursary",
        ),
        "fee": services.open_account(
            seminar=seminar,
            line=BudgetLine.INVOLVEMENT,
            purpose=Purpose.FEE,
            reference="F1",
            description="Involvement fee",
        ),
    }
    for which, event, amount in sequence:
        with contextlib.suppress(LedgerError):
            if event == "leftover_returned":
                leftover_returned(accounts[which], amount)
            else:
                apply(accounts[which], event, amount)

    [both] = [file for file in FINANCE_FILES if file.name == "all-payments"]
    listed = sum((Decimal(row[AMOUNT]) for row in rows(payment_entries(both, None, None))), 0)
    spent = sum((current(account).spent for account in accounts.values()), Decimal(0))
    series, _ = report(money_lines=both.lines)

    assert listed == spent == series.spend_total[1]
