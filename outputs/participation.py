"""Who took part in a seminar, by stakeholder group, for its public "What happened".

Counted by the funder's report's rule (registrations.counts.by_group), so the two always agree,
before and after retention. "Took part" is a place marked as attended; before attendance is
recorded, the page counts places instead, and says so. A public page must not single anyone
out: a group of fewer than SMALL_GROUP is counted only within "Other groups". Two queries,
whatever the numbers.
"""

from dataclasses import dataclass

from registrations.counts import GROUP_NAMES, by_group

SMALL_GROUP = 5


@dataclass
class Participation:
    attended: bool  # True: counts of people marked as attended; False: of places
    groups: list  # [(group name, count)], groups with nobody left out

    @property
    def total(self):
        return sum(count for _, count in self.groups)


def participation(seminar):
    """Participation for `seminar`, or None when nobody had a place."""
    groups = by_group([seminar]).get(seminar.pk, {})
    came = {group: counts.attended for group, counts in groups.items()}
    places = {group: counts.registered for group, counts in groups.items()}
    counts = came if sum(came.values()) else places
    if not sum(counts.values()):
        return None
    named = [(name, counts.get(group, 0)) for group, name in GROUP_NAMES.items()]
    groups = [(name, count) for name, count in named if count >= SMALL_GROUP]
    if others := sum(count for _, count in named if count < SMALL_GROUP):
        groups.append(("Other groups", others))
    return Participation(attended=counts is came, groups=groups)
