"""Bursaries 0018 gives existing awards their ledger entries: on any old data its arithmetic
keeps each kind's total (the property test below), and on a real database it runs forward and
back with the fields restored (tests/bursaries/test_migrations.py)."""

import datetime
import importlib
from decimal import Decimal
from types import SimpleNamespace

from hypothesis import given, settings
from hypothesis import strategies as st

from ledger.balances import balance
from ledger.money import ZERO

migration = importlib.import_module("bursaries.migrations.0018_money_entries")
AT = datetime.datetime(2016, 1, 5, 12, tzinfo=datetime.UTC)
pounds = st.decimals(min_value=Decimal("0.00"), max_value=Decimal("500"), places=2)
some = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("500"), places=2)


@st.composite
def old_awards(draw):
    lines = {field: draw(st.none() | pounds) for _, field in migration.LINES}
    if not sum(amount or ZERO for amount in lines.values()):
        lines["offer_travel"] = draw(some)
    offer = sum((amount or ZERO for amount in lines.values()), ZERO)
    status = draw(st.sampled_from(sorted(migration.LIVE | migration.ENDED)))
    money_moved = status in migration.LIVE and status not in ("offered", "accepted")
    bookings = draw(st.lists(some, max_size=3)) if money_moved else []
    advance = draw(st.none() | st.decimals(Decimal("0.01"), offer, places=2))
    advance = advance if money_moved else None
    claim = None
    # A claim came for every status from "claimed" on; a settled bursary may have had none.
    if status in ("claimed", "queried", "approved", "paid") or (
        status == "settled" and draw(st.booleans())
    ):
        amount = draw(some)
        approved = (
            draw(st.decimals(ZERO, amount, places=2))
            if status in ("approved", "paid", "settled")
            else None
        )
        due = max((approved or ZERO) - (advance or ZERO), ZERO)
        claim = SimpleNamespace(
            amount=amount,
            amount_approved=approved,
            amount_paid=due if status == "paid" and due > 0 else None,
            paid_on=datetime.date(2016, 2, 1) if status == "paid" and due > 0 else None,
            created=AT,
            updated=AT,
        )
    award = SimpleNamespace(
        status=status,
        name="Sam",
        created=AT,
        updated=AT,
        status_changed_at=AT,
        offer_amount=offer,
        advance_amount=advance,
        advance_paid_on=advance and datetime.date(2016, 1, 1),
        **lines,
    )
    booking_rows = [
        SimpleNamespace(cost=cost, created=AT, journey="York to Leeds") for cost in bookings
    ]
    return award, booking_rows, claim


def total(entries, kind):
    return sum((entry["amount"] for entry in entries if entry["kind"] == kind), ZERO)


@settings(max_examples=300)
@given(old=old_awards())
def test_the_migration_keeps_every_total_and_leaves_no_balance_negative(old):
    award, bookings, claim = old

    entries = migration.entries_for(award, bookings, claim)
    money = balance((entry["kind"], entry["amount"]) for entry in entries)

    assert total(entries, "booked") == sum((b.cost for b in bookings), ZERO)
    assert total(entries, "advanced") == (award.advance_amount or ZERO)
    assert total(entries, "claimed") == (claim.amount if claim else ZERO)
    if claim and claim.amount_approved is not None:
        assert total(entries, "approved") == claim.amount_approved
    assert total(entries, "paid") == ((claim and claim.amount_paid) or ZERO)
    assert min(money.released, money.spent, money.outstanding, money.owed_to_person) >= 0
    assert money.released + money.spent + money.outstanding == money.offered
    if award.status in migration.ENDED:
        assert money.committed == 0
    if award.status == "paid":
        assert (money.owed_to_person, money.outstanding) == (0, 0)
    if award.status == "settled" and claim is None:
        assert money.left_over == 0  # no claim came: the advance stood as spent
