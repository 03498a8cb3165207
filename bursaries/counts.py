"""How far each bursary application got, counted by seminar and group for the funder's report.

An application counts once for every milestone it reached, now or before: one withdrawn after
accepting still counts as offered and accepted (its status history says so). Erasure counts the
applications it deletes into BursaryCount first; retention keeps applications (anonymised, with
their group and history), so they are counted where they are.
"""

from collections import Counter, defaultdict

from django.db.models import BooleanField, Exists, ExpressionWrapper, F, OuterRef, Q

from ledger.models import Entry, Kind

from .models import (
    BURSARY_GROUP_OF,
    BursaryApplication,
    BursaryCount,
    BursaryStatus,
    Claim,
)
from .queries import status_moves

S = BursaryStatus
MILESTONES = ["applied", "offered", "accepted", "claimed", "paid"]


def _reached(status, *statuses_now):
    """Reached `status`: is in it or a later one now, or its history passed through it."""
    history = status_moves().filter(object_id=OuterRef("pk"), data__to=status)
    return Q(status__in=[status, *statuses_now]) | Q(Exists(history))


REACHED = {
    "offered": _reached(S.OFFERED, S.DECLINED, S.LAPSED, *S.awarded),
    "accepted": _reached(S.ACCEPTED, *S.awarded),
    "claimed": _reached(S.CLAIMED, S.QUERIED, S.APPROVED, S.PAID)
    | Q(Exists(Claim.objects.filter(application=OuterRef("pk")))),
    # Money reached them: a claim paid, or an advance before they travelled.
    "paid": _reached(S.PAID)
    | Q(Exists(Entry.objects.filter(account=OuterRef("account"), kind=Kind.ADVANCED))),
}


def milestone_counts(applications):
    """{(seminar id, bursary group): Counter of milestones} for a queryset of applications, in one
    query
    (a row for each application: a series has hundreds, not millions)."""
    rows = applications.order_by().annotate(
        **{name: ExpressionWrapper(reached, BooleanField()) for name, reached in REACHED.items()}
    )
    counts = defaultdict(Counter)
    for row in rows.values("seminar_id", "group", *REACHED):
        counts[row["seminar_id"], BURSARY_GROUP_OF[row["group"]]].update(
            ["applied", *(name for name in REACHED if row[name])]
        )
    return dict(counts)


def frozen_counts(seminars):
    """The same, for applications erased from `seminars` (a queryset or list of ids)."""
    rows = BursaryCount.objects.filter(seminar__in=seminars)
    return {
        (row.seminar_id, row.group): Counter({name: getattr(row, name) for name in MILESTONES})
        for row in rows
    }


def count_before_erasing(applications):
    """Add `applications` (a queryset about to be deleted) to BursaryCount. Call inside the
    transaction that deletes them."""
    for (seminar_id, group), counts in milestone_counts(applications).items():
        row, _ = BursaryCount.objects.get_or_create(seminar_id=seminar_id, group=group)
        BursaryCount.objects.filter(pk=row.pk).update(
            **{name: F(name) + counts[name] for name in MILESTONES}
        )


def counts_for(seminars):
    """Live and erased applications together: {(seminar id, group): Counter}."""
    live = milestone_counts(BursaryApplication.objects.filter(seminar__in=seminars))
    for key, counts in frozen_counts(seminars).items():
        live[key] = live.get(key, Counter()) + counts
    return live
