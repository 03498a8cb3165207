"""Who took part in a seminar, by stakeholder group, for its public "What happened".

The counting rule is the funder's report's (organising/report.py, `_count_registrations`):
registrations whose details are still held are counted where they are, and GroupCount holds
the rest, so each registration counts once, before and after retention. A place is a
confirmed or held registration; "took part" is a place marked as attended. Before attendance
is recorded, the page counts places instead, and says so. tests/outputs/test_participation.py
checks that the two agree. Two queries, whatever the numbers.
"""

from collections import Counter
from dataclasses import dataclass

from django.db.models import Count, Q, Sum

from registrations.models import GroupCount, ParticipantGroup, Registration, RegistrationStatus

# The groups as a public page names them, in the registration form's order.
GROUP_NAMES = {
    ParticipantGroup.SERVICE_USER: "Service users",
    ParticipantGroup.CARER: "Carers",
    ParticipantGroup.PRACTITIONER: "Practitioners in public services",
    ParticipantGroup.THIRD_SECTOR: "Charity and voluntary sector",
    ParticipantGroup.ACADEMIC: "Academics and researchers",
    ParticipantGroup.EARLY_CAREER: "Early-career researchers",
    ParticipantGroup.STUDENT: "Students",
    ParticipantGroup.POLICY: "Policy makers and commissioners",
    ParticipantGroup.OTHER: "Other",
    ParticipantGroup.PREFER_NOT_TO_SAY: "Preferred not to say",
    "": "Not stated",
}
A_PLACE = RegistrationStatus.taking_a_place


@dataclass
class Participation:
    attended: bool  # True: counts of people marked as attended; False: of places
    groups: list  # [(group name, count)], groups with nobody left out

    @property
    def total(self):
        return sum(count for _, count in self.groups)


def participation(seminar):
    """Participation for `seminar`, or None when nobody had a place."""
    places, came = Counter(), Counter()
    live = (
        Registration.objects.filter(
            seminar=seminar, details_removed_at__isnull=True, status__in=A_PLACE
        )
        .order_by()
        .values("group")
        .annotate(n=Count("pk"), came=Count("pk", filter=Q(attended=True)))
    )
    for row in live:
        places[row["group"]] += row["n"]
        came[row["group"]] += row["came"]
    kept = (
        GroupCount.objects.filter(seminar=seminar, status__in=A_PLACE)
        .order_by()
        .values("group")
        .annotate(n=Sum("registrations"), came=Sum("attended"))
    )
    for row in kept:
        places[row["group"]] += row["n"] or 0
        came[row["group"]] += row["came"] or 0
    counts = came if sum(came.values()) else places
    groups = [(name, counts[group]) for group, name in GROUP_NAMES.items() if counts[group]]
    if not groups:
        return None
    return Participation(attended=counts is came, groups=groups)
