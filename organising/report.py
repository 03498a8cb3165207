"""The funder's report: who took part, by stakeholder group, for the series and each seminar.

Counts stay true after personal data is deleted. Registrations whose details are still held are
counted where they are; retention and erasure count the rest into GroupCount as they remove
them, so each registration is counted exactly once. Bursary applications are kept (anonymised)
by retention, and erasure counts the ones it deletes into BursaryCount (bursaries.counts).
Everything is counted in a fixed number of queries, however many seminars and people.
"""

import datetime
import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django import forms
from django.utils import timezone

from bursaries.counts import MILESTONES, counts_for
from bursaries.models import BursaryGroup, Claim
from common.date_inputs import NativeDateInput
from ledger.models import Kind
from ledger.money import pence, shown
from registrations.counts import WHERE_NAMES, Attendance, by_group_and_mode
from registrations.groups import GROUP_NAMES
from seminars.dates import seminar_short_when
from seminars.models import Seminar, SeminarStatus

from .budget import spend_by_seminar, spend_total


@dataclass
class Part:
    """The report for one seminar, or for the whole series (seminar None)."""

    seminar: Seminar | None
    started: bool = True
    groups: dict = field(default_factory=lambda: defaultdict(Attendance))  # group → Attendance
    # mode (in the room, online) → group → Attendance
    where: dict = field(default_factory=lambda: defaultdict(lambda: defaultdict(Attendance)))
    bursaries: dict = field(default_factory=lambda: defaultdict(Counter))  # group → Counter
    days_to_pay: list = field(default_factory=list)
    spend: list = field(default_factory=list)  # [budget.Spend], on the lines the reader may see

    @property
    def attendance(self):
        """(name, Attendance) for each group with anyone in it, in the form's order."""
        return [(GROUP_NAMES[g], self.groups[g]) for g in GROUP_NAMES if g in self.groups]

    @property
    def total(self):
        return sum(self.groups.values(), Attendance())

    @property
    def has_online(self):
        online = self.where.get("online", {})
        return any(a.registered or a.cancelled or a.waiting for a in online.values())

    @property
    def by_where(self):
        """[(name of the group, {mode: Attendance})] for each group with anyone in it, then
        ("All groups", totals): in the room and online side by side. Empty when nobody took
        part online (the report then shows no split)."""
        if not self.has_online:
            return []
        rows = [
            (GROUP_NAMES[g], {mode: self.where[mode][g] for mode in WHERE_NAMES})
            for g in GROUP_NAMES
            if g in self.groups
        ]
        totals = {mode: sum(self.where[mode].values(), Attendance()) for mode in WHERE_NAMES}
        return [*rows, ("All groups", totals)]

    @property
    def bursary_lines(self):
        return [
            (label, [self.bursaries[group][m] for m in MILESTONES])
            for group, label in BursaryGroup.choices
        ]

    @property
    def bursary_total(self):
        return [sum(self.bursaries[g][m] for g in BursaryGroup.values) for m in MILESTONES]

    @property
    def spend_total(self):
        """(committed, spent) of the lines shown, exact to the penny."""
        return spend_total(self.spend)

    @property
    def spend_total_shown(self):
        return tuple(shown(amount) for amount in self.spend_total)

    @property
    def median_days_to_pay(self):
        if not self.days_to_pay:
            return None
        median = statistics.median(self.days_to_pay)
        return int(median) if median == int(median) else median


class PeriodForm(forms.Form):
    """An optional date range: the seminars that start within it."""

    start = forms.DateField(
        label="From",
        required=False,
        widget=NativeDateInput(attrs={"class": "form-control"}),
    )
    end = forms.DateField(
        label="To",
        required=False,
        widget=NativeDateInput(attrs={"class": "form-control"}),
    )

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            raise forms.ValidationError(
                "The “To” date is before the “From” date: swap them, or clear one."
            )
        return data


def seminars_in(start=None, end=None):
    """Seminars on the public site (not drafts) that start within the range, in the series'
    order (its numbers; a seminar known only by its month has no start to sort by)."""
    seminars = Seminar.objects.exclude(status=SeminarStatus.DRAFT)
    zone = timezone.get_current_timezone()
    if start:
        moment = datetime.datetime.combine(start, datetime.time(), zone)
        seminars = seminars.filter(starts_at__gte=moment)
    if end:
        moment = datetime.datetime.combine(end + datetime.timedelta(days=1), datetime.time(), zone)
        seminars = seminars.filter(starts_at__lt=moment)
    return seminars.order_by("number")


def report(start=None, end=None, *, now=None, money_lines=()):
    """(the series' Part, [each seminar's Part]) for seminars starting within the range, with
    what each budget line of `money_lines` committed and spent on them (the ledger's totals,
    exact to the penny)."""
    now = now or timezone.now()
    seminars = list(seminars_in(start, end))
    parts = {s.pk: Part(s, started=bool(s.starts_at and s.starts_at <= now)) for s in seminars}
    _count_registrations(parts)
    for (seminar_id, group), counts in counts_for(list(parts)).items():
        parts[seminar_id].bursaries[group] += counts
    _days_to_pay(parts)
    by_seminar, series_spend = spend_by_seminar(list(parts), money_lines)
    for seminar_id, spend in by_seminar.items():
        parts[seminar_id].spend = spend
    series = Part(None, spend=series_spend)
    for part in parts.values():
        for group, attendance in part.groups.items():
            # A seminar still to come adds its places, never to "not recorded".
            series.groups[group] += attendance if part.started else attendance.still_to_come()
        for mode, groups in part.where.items():
            for group, attendance in groups.items():
                series.where[mode][group] += (
                    attendance if part.started else attendance.still_to_come()
                )
        for group, counts in part.bursaries.items():
            series.bursaries[group] += counts
        series.days_to_pay += part.days_to_pay
    return series, list(parts.values())


def _count_registrations(parts):
    for seminar_id, modes in by_group_and_mode(list(parts)).items():
        for mode, groups in modes.items():
            for group, attendance in groups.items():
                parts[seminar_id].groups[group] += attendance
                parts[seminar_id].where[mode][group] += attendance


def _days_to_pay(parts):
    """Days from each claim's arrival (UK date) to its payment."""
    paid = Claim.objects.filter(
        application__seminar__in=list(parts), application__account__entries__kind=Kind.PAID
    ).values_list("application__seminar_id", "created", "application__account__entries__paid_on")
    for seminar_id, created, paid_on in paid:
        parts[seminar_id].days_to_pay.append((paid_on - timezone.localdate(created)).days)


def _attendance(a, part):
    unrecorded = a.unrecorded if part.started else ""
    return [a.registered, a.attended, a.not_attended, unrecorded, a.cancelled, a.waiting]


CSV_HEADER = [
    "Seminar",
    "Date",
    "Counting",
    "Group",
    "Registered",
    "Attended",
    "Did not come",
    "Not recorded",
    "Cancelled",
    "Still on the waiting list",
    "Applied",
    "Offered",
    "Accepted",
    "Claimed",
    "Paid",
    "Median days from claim to payment",
    "Committed (GBP)",
    "Spent (GBP)",
]


def csv_rows(series, seminars):
    """Each seminar's rows, then the series': registrations by group (the first columns), then
    bursaries by group, each with a line for all groups, then what each budget line committed
    and spent (the last two, as 31.20), with a line for all of them."""
    for part in [*seminars, series]:
        if part.seminar:
            heading = [f"Seminar {part.seminar.number}: {part.seminar.title}"]
            heading.append(seminar_short_when(part.seminar))
        else:
            heading = ["All seminars", ""]
        for name, a in [*part.attendance, ("All groups", part.total)]:
            yield [*heading, "Registrations", name, *_attendance(a, part), *[""] * 8]
        # Where people took part, when anyone took part online: the same columns, by group.
        for mode, words in WHERE_NAMES.items():
            for name, where in part.by_where:
                counting = f"Registrations: {words.lower()}"
                yield [*heading, counting, name, *_attendance(where[mode], part), *[""] * 8]
        for name, counts in [*part.bursary_lines, ("All groups", part.bursary_total)]:
            median = part.median_days_to_pay if name == "All groups" else ""
            yield [
                *heading,
                "Bursaries",
                name,
                *[""] * 6,
                *counts,
                "" if median is None else median,
                "",
                "",
            ]
        if part.spend:
            committed, spent = part.spend_total
            for name, amounts in [
                *((row.label, (row.committed, row.spent)) for row in part.spend),
                ("All budget lines", (committed, spent)),
            ]:
                yield [*heading, "Spend", name, *[""] * 12, *(pence(a) for a in amounts)]
