"""Registrations counted by seminar and stakeholder group, for the funder's report and each
seminar's public "What happened": one rule for both.

Registrations whose details are still held are counted where they are; retention and erasure
count the rest into GroupCount as they remove them (services.count_as_details_go), so each
registration is counted exactly once, before and after its details go. Two queries, however many
seminars and people.
"""

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, Q, Sum

from .models import (
    GroupCount,
    Mode,
    Registration,
    RegistrationStatus,
)
from .queries import counted_on_page

A_PLACE = RegistrationStatus.taking_a_place
CANCELLED = RegistrationStatus.CANCELLED
WAITING = RegistrationStatus.WAITING


@dataclass
class Attendance:
    """Registrations with a place (confirmed, or held for a bursary), whether they came, and
    those who cancelled or were still waiting."""

    registered: int = 0
    attended: int = 0
    not_attended: int = 0
    cancelled: int = 0
    waiting: int = 0
    not_held_yet: int = 0  # places at seminars still to come: nobody could record them yet

    @property
    def unrecorded(self):
        return self.registered - self.attended - self.not_attended - self.not_held_yet

    def __add__(self, other):
        return Attendance(
            *(
                getattr(self, name) + getattr(other, name)
                for name in [*ATTENDANCE_FIELDS, "not_held_yet"]
            )
        )

    def still_to_come(self):
        """The same counts for a seminar not held yet: its places are not "not recorded"."""
        return self + Attendance(not_held_yet=self.registered - self.attended - self.not_attended)


ATTENDANCE_FIELDS = ["registered", "attended", "not_attended", "cancelled", "waiting"]


# Where people took part, as reports name it.
WHERE_NAMES = {Mode.ROOM: "In the room", Mode.ONLINE: "Online"}


def by_group(seminars):
    """{seminar id: {group: Attendance}} for `seminars` (a list of seminars or their ids), in
    the room and online together."""
    counts = defaultdict(lambda: defaultdict(Attendance))
    for seminar_id, modes in by_group_and_mode(seminars).items():
        for groups in modes.values():
            for group, attendance in groups.items():
                counts[seminar_id][group] += attendance
    return counts


def by_group_and_mode(seminars):
    """{seminar id: {mode: {group: Attendance}}}: the same counts, in the room and online
    apart (Mode)."""
    counted_on_page(seminars)  # a seminar's public "What happened" shows them
    counts = defaultdict(lambda: defaultdict(lambda: defaultdict(Attendance)))
    live = (
        Registration.objects.filter(seminar__in=seminars, details_removed_at__isnull=True)
        .order_by()
        .values("seminar_id", "group", "mode")
        .annotate(
            n_registered=Count("pk", filter=Q(status__in=A_PLACE)),
            n_attended=Count("pk", filter=Q(status__in=A_PLACE, attended=True)),
            n_not_attended=Count("pk", filter=Q(status__in=A_PLACE, attended=False)),
            n_cancelled=Count("pk", filter=Q(status=CANCELLED)),
            n_waiting=Count("pk", filter=Q(status=WAITING)),
        )
    )
    for row in live:
        counts[row["seminar_id"]][row["mode"]][row["group"]] += Attendance(
            *(row[f"n_{name}"] for name in ATTENDANCE_FIELDS)
        )
    kept = (
        GroupCount.objects.filter(seminar__in=seminars)
        .order_by()
        .values("seminar_id", "group", "status", "mode")
        .annotate(n=Sum("registrations"), came=Sum("attended"), missed=Sum("not_attended"))
    )
    for row in kept:
        status = row["status"]
        counts[row["seminar_id"]][row["mode"]][row["group"]] += Attendance(
            registered=row["n"] if status in A_PLACE else 0,
            attended=row["came"] if status in A_PLACE else 0,
            not_attended=row["missed"] if status in A_PLACE else 0,
            cancelled=row["n"] if status == CANCELLED else 0,
            waiting=row["n"] if status == WAITING else 0,
        )
    return counts
