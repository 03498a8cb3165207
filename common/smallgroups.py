"""The small-group rule: the one algorithm for every figure that counts people by group, on
public pages (outputs' "Who took part") and in feedback results alike.

No figure may describe fewer than SMALL_GROUP people, neither shown on its own nor left to be
worked out by subtraction:

1. A group of fewer than SMALL_GROUP is never shown on its own; it is counted only with the
   rest ("Other groups", or the total).
2. Because the total is shown too, the rest (total minus the groups shown) is itself a figure:
   while it holds between 1 and SMALL_GROUP - 1 people, the smallest group shown joins it
   (ties: the one named first in `counts` stays), until the rest is empty, or at least
   SMALL_GROUP, or every group has joined it.
3. The whole is a block like any other: it may be described only when it holds at least
   SMALL_GROUP people (`whole_shown`). Whether a bare headcount ("7 people came") describes
   anyone is the caller's to say; figures about what people said or chose are never shown for
   a whole of fewer than SMALL_GROUP.

A pure function of counts, with no database and no app above `common`, so every app can ask it.
"""

from dataclasses import dataclass

SMALL_GROUP = 5


@dataclass(frozen=True)
class Breakdown:
    """What may be shown of some counts by group."""

    shown: dict  # {group: count}: the groups shown on their own, in the order given
    rest: int  # counted only together: 0, at least SMALL_GROUP, or everyone (nothing shown)
    total: int

    @property
    def whole_shown(self):
        return whole_shown(self.total)


def whole_shown(total, *, minimum=SMALL_GROUP):
    """Whether figures about all of `total` people may be shown (rule 3)."""
    return total >= minimum


def breakdown(counts, *, minimum=SMALL_GROUP):
    """Apply the small-group rule to `counts`, a mapping {group: how many}. Groups counted 0
    are left out; negative counts are refused (ValueError)."""
    if any(n < 0 for n in counts.values()):
        raise ValueError("A count of people cannot be negative.")
    order = {group: i for i, group in enumerate(counts)}
    total = sum(counts.values())
    shown = {group: n for group, n in counts.items() if n >= minimum}
    while shown and 0 < total - sum(shown.values()) < minimum:
        del shown[min(shown, key=lambda g: (shown[g], -order[g]))]
    return Breakdown(shown=shown, rest=total - sum(shown.values()), total=total)
