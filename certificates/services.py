"""After a seminar: an organiser marks its attendance complete, and everyone who had a place
hears from us once (thanks and a certificate, or "sorry we missed you").

The follow-up of a seminar is recorded by its FollowUp row, written in the same transaction as
its emails (outbox), under a lock on the seminar: it goes once, however often the admin action
or `manage.py send_follow_ups` runs, and whichever runs first.
"""

from django.db import transaction
from django.utils import timezone

from common import audit
from registrations.models import RegistrationStatus
from seminars.models import Seminar

from . import emails, pdf
from .models import FollowUp


class CertificateError(Exception):
    """A rule about certificates or follow-up refused the request; str(exc) is safe to show."""


def attendees(seminar):
    """Who gets a certificate: everyone marked as attended."""
    return seminar.registrations.filter(attended=True).select_related("seminar__venue")


def missed(seminar):
    """Who gets "sorry we missed you": a place (confirmed, or held), not marked as attended."""
    return (
        seminar.registrations.filter(status__in=RegistrationStatus.taking_a_place)
        .exclude(attended=True)
        .select_related("seminar__venue")
    )


def has_certificate(registration):
    """Marked as attended, once an organiser has said the seminar's attendance is complete
    (a tick at the door may still be undone, and the CPD hours are given then)."""
    return registration.attended is True and bool(registration.seminar.attendance_completed_at)


def certificate_for(registration, *, now=None):
    """The certificate of someone marked as attended, made now from current data (so a
    corrected name gives a corrected certificate). Raises CertificateError for anyone else."""
    if not has_certificate(registration):
        raise CertificateError(
            "Certificates are for people marked as attended, once attendance is complete."
        )
    return pdf.render(registration, now=now)


def mark_attendance_complete(seminar, *, by, now=None):
    """An organiser says everyone's attendance at `seminar` is marked.

    Refused (CertificateError) before the seminar has happened, when it was already marked,
    or while the CPD hours or what was covered (which every certificate prints) are missing.
    Side effects, in one transaction under a lock on the seminar: `attendance_completed_at`,
    an audit entry, and the follow-up emails (send_follow_up). Returns the FollowUp.
    """
    now = now or timezone.now()
    with transaction.atomic():
        seminar = Seminar.objects.select_for_update().get(pk=seminar.pk)
        if seminar.attendance_completed_at:
            raise CertificateError(f"Attendance at {seminar} is already marked as complete.")
        if not seminar.is_past(now):
            raise CertificateError(
                f"{seminar} has not happened yet. Mark attendance as complete after it."
            )
        if seminar.cpd_hours is None or not seminar.learning.strip():
            raise CertificateError(
                f"Give the CPD hours and what was covered for {seminar} first (under 'After "
                "the seminar'): every certificate prints them."
            )
        seminar.attendance_completed_at = now
        seminar.save(update_fields=["attendance_completed_at", "updated"])
        audit.record(
            seminar, "attendance marked complete", by=by, fields=["attendance_completed_at"]
        )
        return send_follow_up(seminar, by=by, now=now)


def send_follow_up(seminar, *, by=None, now=None):
    """Queue the follow-up of `seminar`, once, after its attendance is complete: thanks, the
    materials, the private link and the certificate (attached) for everyone marked as
    attended; "sorry we missed you" with the materials for the other confirmed places;
    nothing for cancelled, waiting or held ones (nor anyone without an email address).

    Side effects, in one transaction under a lock on the seminar: a FollowUp row and the
    outbox rows. Returns the FollowUp, or None when it was sent before or attendance is not
    complete (nothing is written then).
    """
    now = now or timezone.now()
    with transaction.atomic():
        seminar = Seminar.objects.select_for_update().get(pk=seminar.pk)
        if not seminar.attendance_completed_at or FollowUp.objects.filter(seminar=seminar).exists():
            return None
        came, did_not = list(attendees(seminar)), list(missed(seminar))
        follow_up = FollowUp(
            seminar=seminar,
            sent_at=now,
            sent_by=by if by is not None and by.is_authenticated else None,
            thanked=sum(1 for r in came if r.email),
            missed=sum(1 for r in did_not if r.email),
        )
        follow_up.full_clean()
        follow_up.save()
        signatory = pdf.principal_investigator()
        emails.queue_thanks(came, signatory=signatory, now=now)
        emails.queue_sorry_we_missed_you(did_not)
    return follow_up


def send_due_follow_ups(*, now=None):
    """The follow-ups of every seminar whose attendance is complete and whose follow-up has
    not gone (for the scheduled job). Each seminar in its own transaction. Returns them."""
    due = Seminar.objects.filter(
        attendance_completed_at__isnull=False, follow_up__isnull=True
    ).order_by("number")
    sent = [send_follow_up(seminar, now=now) for seminar in due]
    return [follow_up for follow_up in sent if follow_up]
