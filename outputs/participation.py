"""Who took part in a seminar, by stakeholder group, for its public "What happened".

Counted by the funder's report's rule (registrations.counts.by_group), so the two always agree,
before and after retention. "Took part" is a place marked as attended; before attendance is
recorded, the page counts places instead, and says so. A public page must not single anyone
out: groups are shown by the small-group rule (common.smallgroups, the same rule as feedback
results), so a group of fewer than five is counted only within "Other groups", and "Other
groups" itself never holds fewer than five (a small group named alone would join it). When no
group can be shown on its own, the page gives only the headcount, which says nothing about
anyone's group. Two queries, whatever the numbers.
"""

from dataclasses import dataclass

from common.smallgroups import breakdown
from registrations.counts import by_group
from registrations.groups import GROUP_NAMES

OTHER_GROUPS = "Other groups"


@dataclass
class Participation:
    attended: bool  # True: counts of people marked as attended; False: of places
    total: int
    groups: list  # [(group name, count)]; empty when no group may be shown on its own
    small_groups: bool = False  # some people are counted only in "Other groups" or the total


def participation(seminar):
    """Participation for `seminar`, or None when nobody had a place."""
    groups = by_group([seminar]).get(seminar.pk, {})
    came = {group: counts.attended for group, counts in groups.items()}
    places = {group: counts.registered for group, counts in groups.items()}
    counts = came if sum(came.values()) else places
    if not sum(counts.values()):
        return None
    shown = breakdown({name: counts.get(group, 0) for group, name in GROUP_NAMES.items()})
    named = list(shown.shown.items())
    if named and shown.rest:
        named.append((OTHER_GROUPS, shown.rest))
    return Participation(
        attended=counts is came, total=shown.total, groups=named, small_groups=bool(shown.rest)
    )
