"""Retention: personal details go after a seminar, anonymous counts stay."""

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from common import audit
from seminars.dates import shift_months
from seminars.models import ended_before

from ..models import CallBack, GroupCount, Registration
from ..needs import Need


def apply_retention(*, now=None):
    """Delete personal details after the seminar, keeping anonymous counts.

    REGISTRATION_DETAILS_KEEP_MONTHS after the seminar's end, the stated group and the access
    and dietary requirements, the needs ticked on the checklist and any call-back (its phone
    number) go (counted first into GroupCount); after REGISTRATION_KEEP_MONTHS,
    whole registrations go. Safe to run daily, and twice: removed details are not counted again.
    Side effects: rows updated, counted and deleted in one transaction. Returns
    (details removed, registrations deleted).
    """
    now = now or timezone.now()
    details_cutoff = shift_months(now, -settings.REGISTRATION_DETAILS_KEEP_MONTHS)
    delete_cutoff = shift_months(now, -settings.REGISTRATION_KEEP_MONTHS)
    with transaction.atomic():
        to_redact = Registration.objects.filter(
            ended_before(details_cutoff, via="seminar__")
            | ended_before(delete_cutoff, via="seminar__"),
            details_removed_at__isnull=True,
        ).select_for_update()
        rows = list(to_redact)
        count_as_details_go(rows)
        redacted = Registration.objects.filter(pk__in=[r.pk for r in rows]).update(
            group="",
            access_requirements="",
            dietary_requirements="",
            needs=[],
            details_removed_at=now,
        )
        CallBack.objects.filter(registration__in=[r.pk for r in rows]).delete()
        gone = Registration.objects.filter(ended_before(delete_cutoff, via="seminar__"))
        audit.delete_for(Registration, gone.values_list("pk", flat=True))
        deleted, _ = gone.delete()
    return redacted, deleted


def count_as_details_go(registrations):
    """Count `registrations` into GroupCount, by seminar, group, status and where (in the room
    or online), just before their
    details are removed or they are deleted: each registration is counted once, so the funder's
    report (live rows plus these counts) stays true. Call inside a transaction."""
    totals = {}
    for registration in registrations:
        key = (registration.seminar_id, registration.group, registration.status, registration.mode)
        counts = totals.setdefault(key, [0, 0, 0, 0, 0])
        counts[0] += 1
        counts[1] += registration.attended is True
        counts[2] += registration.attended is False
        needs = set(registration.needs)
        counts[3] += bool(registration.access_requirements or needs & set(Need.access))
        counts[4] += bool(registration.dietary_requirements or needs & set(Need.food))
    for (seminar_id, group, status, mode), counts in totals.items():
        total, came, missed, access, dietary = counts
        row, _ = GroupCount.objects.get_or_create(
            seminar_id=seminar_id, group=group, status=status, mode=mode
        )
        GroupCount.objects.filter(pk=row.pk).update(
            registrations=F("registrations") + total,
            attended=F("attended") + came,
            not_attended=F("not_attended") + missed,
            with_access_requirements=F("with_access_requirements") + access,
            with_dietary_requirements=F("with_dietary_requirements") + dietary,
        )
