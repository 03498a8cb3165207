"""Telling bursary holders that their seminar moved or was postponed. Organisers never see who
holds a bursary, so the panel sends these emails: the list of applications prompts it after
each change the seminar admin records (seminars.changes), until a panel member has sent them.
"""

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Count, F, OuterRef, Q, Subquery

from common.audit import record
from common.models import AuditEntry
from seminars.changes import MOVED, latest_change
from seminars.models import Seminar

from .. import emails
from ..models import BursaryStatus
from ..rules import HOLDERS_TOLD


def holders(seminar):
    """Everyone with a live award at `seminar`: offered, accepted, and every later stage."""
    return (
        seminar.bursary_applications.filter(status__in=BursaryStatus.live_award)
        .select_related("seminar", "seminar__venue")
        .order_by("pk")
    )


def changes_to_tell(*, now=None):
    """Seminars still to come, with bursary holders, changed since the panel last emailed their
    holders about a change: (seminar, the latest change's audit entry, how many holders)."""
    entries = AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Seminar), object_id=OuterRef("pk")
    ).order_by("-at", "-pk")
    seminars = (
        Seminar.objects.upcoming(now)
        .annotate(
            changed_at=Subquery(entries.filter(action=MOVED).values("at")[:1]),
            told_at=Subquery(entries.filter(action=HOLDERS_TOLD).values("at")[:1]),
            holder_count=Count(
                "bursary_applications",
                filter=Q(bursary_applications__status__in=BursaryStatus.live_award),
            ),
        )
        .filter(changed_at__isnull=False, holder_count__gt=0)
        .filter(Q(told_at__isnull=True) | Q(told_at__lt=F("changed_at")))
    )
    return [(seminar, latest_change(seminar), seminar.holder_count) for seminar in seminars]


def tell_holders(seminar, *, changed, message, by):
    """Email every bursary holder at `seminar` about its change: what changed (seminars.changes
    names: date, time, venue), what it means for their bursary, and `message`.

    Side effects, in one transaction: one queued email per holder, and an audit entry on the
    seminar that ends the list's prompt. Returns the number queued.
    """
    with transaction.atomic():
        applications = list(holders(seminar))
        for application in applications:
            emails.queue_seminar_changed(application, changed=changed, message=message)
        record(seminar, HOLDERS_TOLD, by=by, fields=changed)
    return len(applications)
