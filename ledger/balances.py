"""Balances, computed from entries by one function (HS-M): nothing here is stored.

Every pound offered is in exactly one state: released (the offer lapsed, was declined or
withdrawn, or a part was not needed), spent (booked by us or paid to the person, less what came
back), or still to spend (`outstanding`). Once a claim is approved, what the person holds beyond
what they spent is `left_over`: asked back, waived, or still to decide."""

from dataclasses import dataclass, fields
from decimal import Decimal

from .models import Kind
from .money import ZERO, pence


@dataclass(frozen=True)
class Balance:
    offered: Decimal = ZERO
    released: Decimal = ZERO
    booked: Decimal = ZERO
    advanced: Decimal = ZERO
    claimed: Decimal = ZERO
    approved: Decimal = ZERO
    paid: Decimal = ZERO
    to_return: Decimal = ZERO
    returned: Decimal = ZERO
    waived: Decimal = ZERO
    has_approval: bool = False

    @property
    def committed(self):
        """What the series has promised: offered, less what was released."""
        return self.offered - self.released

    @property
    def paid_to_person(self):
        return self.advanced + self.paid - self.returned

    @property
    def spent(self):
        """Money that left the series (bookings and payments), less what came back."""
        return self.booked + self.paid_to_person

    @property
    def outstanding(self):
        """Promised and not yet spent."""
        return self.committed - self.spent

    @property
    def owed_to_person(self):
        """Approved and not yet paid to them."""
        if not self.has_approval:
            return ZERO
        return max(self.approved - self.paid_to_person, ZERO)

    @property
    def left_over(self):
        """Paid to them (an advance) beyond what they spent, once the claim is approved, less
        what was waived."""
        if not self.has_approval:
            return ZERO
        return max(self.paid_to_person - self.approved - self.waived, ZERO)

    @property
    def awaiting_return(self):
        """Of what is left over, what we asked back and has not come back yet."""
        return min(max(self.to_return - self.returned, ZERO), self.left_over)

    @property
    def left_undecided(self):
        """Left over, neither asked back nor waived: the panel has to decide."""
        return self.left_over - self.awaiting_return

    @property
    def settled(self):
        """Nothing owed either way and nothing left to spend."""
        return not (self.owed_to_person or self.left_over or self.outstanding)

    def __add__(self, other):
        """Balances of several accounts, for totals: committed, spent and outstanding add up;
        what is owed either way is each account's own and is not meaningful in a sum."""
        sums = {
            field.name: getattr(self, field.name) + getattr(other, field.name)
            for field in fields(self)
            if field.name != "has_approval"
        }
        return Balance(**sums)


_FIELD = {
    Kind.OFFERED: "offered",
    Kind.RELEASED: "released",
    Kind.BOOKED: "booked",
    Kind.ADVANCED: "advanced",
    Kind.CLAIMED: "claimed",
    Kind.APPROVED: "approved",
    Kind.PAID: "paid",
    Kind.TO_RETURN: "to_return",
    Kind.RETURNED: "returned",
    Kind.WAIVED: "waived",
}


def balance(entries):
    """The balance of one account's entries (or of kind totals: (kind, amount) pairs from a
    database sum, each quantised here to the penny)."""
    sums = dict.fromkeys(_FIELD.values(), ZERO)
    approval = False
    for entry in entries:
        kind, amount = (entry.kind, entry.amount) if hasattr(entry, "kind") else entry
        sums[_FIELD[kind]] += pence(amount)
        approval = approval or kind == Kind.APPROVED
    return Balance(**sums, has_approval=approval)
