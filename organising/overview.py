"""The overview: the first page staff see. How each seminar is going, and what needs someone.

Everything is counted in a fixed number of queries, however many seminars and people. What a
person sees follows what they may do: registration counts for those who may see registrations,
bursary counts for organisers and the panel (the panel's with links to the applications),
door lists for those who check people in; the budget's totals, and the finance office's files,
for those whose money it is (organising/rules.py).
"""

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef
from django.urls import reverse
from django.utils import timezone

from bursaries.models import (
    BURSARY_GROUP_OF,
    BursaryApplication,
    BursaryGroup,
    BursaryPolicy,
    BursaryStatus,
    SeminarBursaries,
)
from bursaries.permissions import is_panel_member
from bursaries.queries import overdue_claims, waiting_for_score
from bursaries.services import changes_to_tell, nobody_may_decide, visible_applications
from outbox import kinds
from outbox.models import Email, EmailStatus
from registrations import venue_check
from registrations.counts import Attendance, by_group
from registrations.groups import GROUP_NAMES
from registrations.models import Mode, Registration, RegistrationStatus
from registrations.queries import left
from registrations.rules import visible_call_backs
from seminars.dates import deadline, opening
from seminars.models import AccessFeature, ProgrammeItem, Seminar, WindowState

from . import rules
from .budget import budget_for

SOON = datetime.timedelta(weeks=4)  # a seminar this close should have its access and programme
LAPSING = datetime.timedelta(days=3)  # offers whose reply is due this soon


@dataclass
class Role:
    registrations: bool
    panel: bool
    bursary_counts: bool
    door: bool

    @classmethod
    def of(cls, user):
        panel = is_panel_member(user)
        registrations = user.has_perm("registrations.view_registration")
        return cls(
            registrations=registrations,
            panel=panel,
            bursary_counts=panel or registrations,
            door=user.has_perm("registrations.check_in"),
        )


@dataclass
class SeminarLine:
    seminar: Seminar
    days_to_go: int | None
    is_past: bool
    places_taken: int = 0
    held: int = 0
    waiting: int = 0
    online_taken: int = 0  # places and the waiting list above are the room's
    online_waiting: int = 0
    by_group: list = field(default_factory=list)  # (label, count)
    bursaries: list = field(default_factory=list)  # (bursary group, {status bucket: count})
    attended: int = 0
    did_not_come: int = 0
    not_recorded: int = 0

    registration: str = ""

    @property
    def places_left(self):
        return left(self.seminar.capacity, self.places_taken)

    @property
    def when_words(self):
        days = self.days_to_go
        if days is None:
            return "date not fixed yet"
        if days in (-1, 0, 1):
            return {-1: "yesterday", 0: "today", 1: "tomorrow"}[days]
        return f"in {days} days" if days > 0 else f"{-days} days ago"


# What the overview counts bursaries as, from the journey's statuses.
BURSARY_BUCKETS = [
    ("applied", "Applied", BursaryStatus.not_withdrawn),
    ("to_decide", "To decide", ("submitted", "reserve")),
    ("offered", "Offered, no reply yet", ("offered",)),
    ("awarded", "Accepted", BursaryStatus.awarded),
]


def overview(user, *, now=None):
    now = now or timezone.now()
    role = Role.of(user)
    seminars = sorted(
        Seminar.objects.select_related("venue", "bursaries").annotate(
            has_programme=Exists(ProgrammeItem.objects.filter(seminar=OuterRef("pk")))
        ),
        key=in_date_order,
    )
    lines = {seminar.pk: _line(seminar, now) for seminar in seminars}
    if role.registrations:
        _count_registrations(lines)
    if role.bursary_counts:
        _count_bursaries(lines)
    upcoming = [line for line in lines.values() if not line.is_past]
    past = sorted(
        (line for line in lines.values() if line.is_past),
        key=lambda line: line.seminar.starts_at,
        reverse=True,
    )
    return {
        "role": role,
        "upcoming": upcoming,
        "past": past,
        "attention": needs_attention(user, role, seminars, now),
        "bursary_groups": BursaryGroup.choices,
        "bursary_buckets": [(key, label) for key, label, _ in BURSARY_BUCKETS],
        "budget": budget_for(user, seminars),
        "finance_files": rules.finance_files(user),
    }


def in_date_order(seminar):
    """Dated seminars by their start, then those with only a month, then the rest."""
    if seminar.starts_at:
        return (0, timezone.localdate(seminar.starts_at), seminar.number)
    if seminar.tentative_month:
        return (1, seminar.tentative_month, seminar.number)
    return (2, datetime.date.min, seminar.number)


def _line(seminar, now):
    is_past = bool(seminar.starts_at) and seminar.is_past(now)
    days = None
    if seminar.starts_at:
        days = (timezone.localtime(seminar.starts_at).date() - timezone.localdate(now)).days
    return SeminarLine(
        seminar=seminar,
        days_to_go=days,
        is_past=is_past,
        registration=registration_words(seminar, now),
    )


def registration_words(seminar, now):
    state = seminar.registration_state(now)
    if state == WindowState.OPEN:
        return f"Registration open until {deadline(seminar.registration_deadline)}"
    if state == WindowState.NOT_OPEN:
        return f"Registration opens at {opening(seminar.registration_opens_at)}"
    if state == WindowState.CLOSED:
        return "Registration closed"
    return "Registration not open (no deadline, or the seminar is not published)"


def _count_registrations(lines):
    rows = (
        Registration.objects.filter(seminar__in=lines)
        .values("seminar", "group", "status", "mode")
        .annotate(count=Count("pk"))
    )
    groups = defaultdict(Counter)
    labels = GROUP_NAMES  # staff words, as the report's
    for row in rows:
        line, count, status = lines[row["seminar"]], row["count"], row["status"]
        if row["mode"] == Mode.ONLINE:
            line.online_taken += count if status in RegistrationStatus.taking_a_place else 0
            line.online_waiting += count if status == RegistrationStatus.WAITING else 0
        elif status in RegistrationStatus.taking_a_place:
            line.places_taken += count
            line.held += count if status == RegistrationStatus.HELD else 0
        elif status == RegistrationStatus.WAITING:
            line.waiting += count
        if status in RegistrationStatus.active:
            groups[line.seminar.pk][labels.get(row["group"], "Not known")] += count
    for pk, counter in groups.items():
        lines[pk].by_group = sorted(counter.items(), key=lambda item: -item[1])
    _count_attendance(lines)


def _count_attendance(lines):
    """Came, did not come, not recorded: the funder's report's one rule (registrations/counts.py),
    so both pages give the same numbers, before and after personal details go."""
    for seminar_id, groups in by_group(list(lines)).items():
        total = sum(groups.values(), Attendance())
        line = lines[seminar_id]
        line.attended, line.did_not_come = total.attended, total.not_attended
        line.not_recorded = total.unrecorded


def _count_bursaries(lines):
    rows = (
        BursaryApplication.objects.filter(seminar__in=lines)
        .values("seminar", "group", "status")
        .annotate(count=Count("pk"))
    )
    counts = defaultdict(lambda: defaultdict(Counter))
    for row in rows:
        bursary_group = BURSARY_GROUP_OF.get(row["group"])
        if not bursary_group:
            continue
        for key, _, statuses in BURSARY_BUCKETS:
            if row["status"] in statuses:
                counts[row["seminar"]][bursary_group][key] += row["count"]
    for line in lines.values():
        if SeminarBursaries.of(line.seminar).offered:
            line.bursaries = [
                (group, label, [counts[line.seminar.pk][group][key] for key, *_ in BURSARY_BUCKETS])
                for group, label in BursaryGroup.choices
            ]


def needs_attention(user, role, seminars, now):
    """Lines of what needs someone, each with where to go: (words, link or None)."""
    items = []
    # The emails this person may read in the outbox, by the same rule as the outbox's admin.
    failed = Email.objects.filter(kinds.readable_by(user), status=EmailStatus.FAILED)
    if (role.registrations or role.panel) and (count := failed.count()):
        items.append(
            (
                f"{count} email{plural(count)} could not be sent",
                reverse("admin:outbox_email_changelist") + "?status__exact=failed",
            )
        )
    calls = visible_call_backs(user).filter(called_at__isnull=True)
    if role.registrations and (count := calls.count()):
        asked = "person asked" if count == 1 else "people asked"
        items.append(
            (
                f"{count} {asked} us to phone them about what would help",
                reverse("organising:call-backs"),
            )
        )
    if role.registrations:
        items += _venue_gaps(seminars, now)
        for seminar in seminars:
            if not seminar.starts_at or seminar.is_past(now) or seminar.starts_at - now > SOON:
                continue
            missing = []
            venue = seminar.venue
            if venue is None:
                missing.append("a venue")
            elif AccessFeature.UNKNOWN in (
                venue.step_free_access,
                venue.lift,
                venue.accessible_toilets,
                venue.hearing_loop,
                venue.quiet_room,
            ):
                missing.append("confirmed access details")
            if not seminar.has_programme:
                missing.append("a programme")
            if missing:
                items.append(
                    (
                        f"Seminar {seminar.number} is less than four weeks away and has no "
                        f"{' or '.join(missing)} yet",
                        reverse("admin:seminars_seminar_change", args=[seminar.pk]),
                    )
                )
    if role.panel:
        items += _panel_attention(user, now)
    return items


def _venue_gaps(seminars, now):
    """The venue check (registrations/venue_check.py) for each seminar still to come: what
    people with a place need that nothing recorded meets, as counts, each linking to where it
    is recorded (the venue, or the seminar's own bookings)."""
    coming = [s for s in seminars if not s.is_cancelled and not (s.starts_at and s.is_past(now))]
    found = venue_check.gaps(coming) if coming else {}
    items = []
    for seminar in coming:
        for gap in found[seminar.pk]:
            if gap.booked_by_seminar:
                link = reverse("admin:seminars_seminar_change", args=[seminar.pk])
            else:
                link = reverse("admin:seminars_venue_change", args=[seminar.venue_id])
            items.append((f"Seminar {seminar.number}: {gap}", link))
    return items


def _panel_attention(user, now):
    applications = reverse("admin:bursaries_bursaryapplication_changelist")
    mine = visible_applications(user)
    to_score = waiting_for_score(user).count()
    lapsing = mine.filter(status=BursaryStatus.OFFERED, reply_by__lte=now + LAPSING).count()
    policy_days = BursaryPolicy.current().payment_days
    overdue = overdue_claims(mine, now=now).count()
    nobody = nobody_may_decide().count()
    lines = [
        (to_score, f"{to_score} application{plural(to_score)} to score", "?mine=todo"),
        (
            lapsing,
            f"{lapsing} offer{plural(lapsing)} lapse{'s' if lapsing == 1 else ''} within "
            "three days without a reply",
            "?status__exact=offered",
        ),
        (
            overdue,
            f"{overdue} claim{plural(overdue)} waiting longer than {policy_days} working days",
            "?claims=overdue",
        ),
        (
            nobody,
            f"{nobody} application{plural(nobody)} that nobody on the panel may decide "
            "(everyone has declared a conflict of interest): a superuser must",
            "?nobody_may_decide=yes",
        ),
    ]
    told = [
        (
            f"Seminar {seminar.number} changed: tell its {holders} bursary holder{plural(holders)}",
            reverse("organising:bursary-tell-holders", args=[seminar.pk]),
        )
        for seminar, _, holders in changes_to_tell(now=now)
    ]
    return [(words, applications + query) for count, words, query in lines if count] + told


def plural(count):
    return "" if count == 1 else "s"
