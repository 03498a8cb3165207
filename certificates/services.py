"""After a seminar: an organiser marks its attendance complete, and everyone who had a place
hears from us once (thanks and a certificate, or "sorry we missed you").

The follow-up of a seminar is recorded by its FollowUp row, written in the same transaction as
its emails (outbox), under a lock on the seminar: it goes once, however often the admin action
or `manage.py send_follow_ups` runs, and whichever runs first.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from common import audit
from common.validators import validate_name_characters
from registrations import services as registration_services
from registrations.models import Registration, RegistrationStatus
from seminars.dates import shift_months
from seminars.models import Seminar

from . import emails, pdf, rules
from .models import FollowUp, IssuedCertificate, NameChangeRequest, SeminarCertificate


class CertificateError(Exception):
    """A rule about certificates or follow-up refused the request; str(exc) is safe to show."""


def attendees(seminar):
    """Who is thanked for coming: everyone marked as attended (each gets a certificate, unless
    an organiser withdrew it: rules.may_have_certificate)."""
    return seminar.registrations.filter(attended=True).select_related(
        "seminar__venue", "issued_certificate"
    )


def missed(seminar):
    """Who gets "sorry we missed you": a place (confirmed, or held), not marked as attended."""
    return (
        seminar.registrations.filter(status__in=RegistrationStatus.taking_a_place)
        .exclude(attended=True)
        .select_related("seminar__venue")
    )


NOT_ELIGIBLE = "Certificates are for people marked as attended, once attendance is complete."


def certificate_for(registration, *, now=None):
    """The certificate of someone who may have one (rules.may_have_certificate), as PDF bytes,
    printed from the register: issued now if it was not before, reissued under its code if an
    organiser corrected the name or hours since. Raises CertificateError for anyone else."""
    issued = issue_certificate(registration, now=now)
    return pdf.render(registration, issued=issued, now=now)


def issue_certificate(registration, *, now=None):
    """The register's row of `registration`'s certificate: recorded when the certificate is
    first made (the follow-up email or a download; certificates made before the register
    existed are recorded when next downloaded), with the name and hours as printed.

    When an organiser has corrected the registration's name or the seminar's CPD hours since
    (after attendance is complete, nobody else can), it is reissued under the same code
    (reissue_certificate). Side effects, in one transaction under a lock on the registration:
    the row, and an audit entry when reissued. Raises CertificateError for anyone who may not
    have a certificate, a withdrawn one included.
    """
    now = now or timezone.now()
    with transaction.atomic():
        locked = (
            Registration.objects.select_for_update(of=("self",))
            .select_related("seminar__venue", "seminar__certificate")
            .get(pk=registration.pk)
        )
        if not rules.may_have_certificate(locked):
            raise CertificateError(NOT_ELIGIBLE)
        hours = SeminarCertificate.of(locked.seminar).cpd_hours
        if hours is None:
            # Refused when attendance is marked complete; an organiser may empty it later.
            raise CertificateError(
                f"Give the CPD hours of {locked.seminar} again: every certificate prints them."
            )
        issued = rules.issued_certificate(locked)
        if issued is None:
            issued = IssuedCertificate(
                registration=locked,
                seminar=locked.seminar,
                name_printed=locked.name,
                hours=hours,
                issued_at=now,
            )
            issued.full_clean()
            issued.save()
        elif (issued.name_printed, issued.hours) != (locked.name, hours):
            issued = _reissue(issued, locked, by=None, now=now)
    registration.issued_certificate = issued
    return issued


def issue_certificates(registrations, *, now=None):
    """Record in the register, at once, the certificates of those among `registrations` who
    may have one (rules.may_have_certificate) and have none yet, with their name and their
    seminar's CPD hours as they are now (the follow-up's thanks; each PDF is drawn later, from
    its row, when the email is sent or the certificate downloaded).

    In the caller's transaction, which holds locks on the registrations: one query for rows
    recorded since they were read, one for each seminar's hours, and one INSERT, however many
    people came. Raises CertificateError, recording nothing, when a seminar's hours are missing.
    """
    now = now or timezone.now()
    eligible = [r for r in registrations if rules.may_have_certificate(r)]
    if not eligible:
        return []
    recorded = set(
        IssuedCertificate.objects.filter(
            registration__seminar__in={r.seminar_id for r in eligible}
        ).values_list("registration_id", flat=True)
    )
    hours = {}
    rows = []
    for registration in eligible:
        if registration.pk in recorded:
            continue
        seminar = registration.seminar
        if seminar.pk not in hours:
            hours[seminar.pk] = SeminarCertificate.of(seminar).cpd_hours
        if hours[seminar.pk] is None:
            raise CertificateError(
                f"Give the CPD hours of {seminar} again: every certificate prints them."
            )
        issued = IssuedCertificate(
            registration=registration,
            seminar=seminar,
            name_printed=registration.name,
            hours=hours[seminar.pk],
            issued_at=now,
        )
        # The registration and seminar were just read under lock, and the unique code and
        # registration and the check constraint are the database's to enforce: validating
        # them here would cost queries for each row.
        issued.full_clean(
            exclude=["registration", "seminar"], validate_unique=False, validate_constraints=False
        )
        rows.append(issued)
    return IssuedCertificate.objects.bulk_create(rows)


def _reissue(issued, registration, *, by, now):
    hours = SeminarCertificate.of(registration.seminar).cpd_hours
    changed = [
        field
        for field, value in (("name_printed", registration.name), ("hours", hours))
        if getattr(issued, field) != value
    ]
    issued.name_printed = registration.name
    issued.hours = hours
    issued.reissued_at = now
    issued.withdrawn_at, issued.withdrawn_by, issued.withdrawn_reason = None, None, ""
    issued.full_clean()
    issued.save()
    audit.record(issued, "reissued", by=by, fields=changed, now=now)
    return issued


def reissue_certificate(issued, *, by, now=None):
    """An organiser's correction: the certificate again, under the same code, with the
    registration's name and the seminar's CPD hours as they are now; a withdrawn one becomes
    valid again. Refused (CertificateError) when the registration is gone or no longer marked
    as attended. Side effects, in one transaction: the row and an audit entry."""
    now = now or timezone.now()
    with transaction.atomic():
        issued = IssuedCertificate.objects.select_for_update().get(pk=issued.pk)
        registration = (
            Registration.objects.select_related("seminar").filter(pk=issued.registration_id).first()
        )
        if registration is None:
            raise CertificateError(
                "The registration behind this certificate has been deleted, so it cannot be "
                "issued again. It can only be withdrawn."
            )
        if registration.attended is not True:
            raise CertificateError(
                f"{registration.name} is not marked as attended, so their certificate cannot be "
                "issued again. Correct their attendance first."
            )
        return _reissue(issued, registration, by=by, now=now)


def withdraw_certificate(issued, *, by, reason, now=None):
    """An organiser withdraws a certificate (given in error, say): its verification page says
    so from now on, with the date, and it can no longer be downloaded. `reason` is kept for the
    organisers. Side effects, in one transaction: the row and an audit entry. Raises
    CertificateError when already withdrawn or without a reason."""
    now = now or timezone.now()
    reason = reason.strip()
    if not reason:
        raise CertificateError("Say why the certificate is withdrawn.")
    with transaction.atomic():
        issued = IssuedCertificate.objects.select_for_update().get(pk=issued.pk)
        if issued.is_withdrawn:
            raise CertificateError(f"{issued} was already withdrawn.")
        issued.withdrawn_at = now
        issued.withdrawn_by = by if by is not None and by.is_authenticated else None
        issued.withdrawn_reason = reason
        issued.full_clean()
        issued.save(update_fields=["withdrawn_at", "withdrawn_by", "withdrawn_reason", "updated"])
        audit.record(issued, "withdrawn", by=by, fields=["withdrawn_at"], now=now)
    return issued


def request_name_change(registration, *, name, now=None):
    """The person asks, after attendance is complete, for the name on their certificate to
    change: an organiser decides (approve_name_change). A request still waiting is replaced.
    Side effects, in one transaction: the request, and an audit entry on the registration
    (by nobody: the person acted). Raises CertificateError for anyone without a certificate,
    an empty name, a name with refused characters, or their name as it is."""
    name = " ".join(name.split())
    if not name:
        raise CertificateError("Enter your full name.")
    try:
        validate_name_characters(name)
    except ValidationError as error:
        raise CertificateError(error.messages[0]) from None
    with transaction.atomic():
        locked = (
            Registration.objects.select_for_update()
            .select_related("seminar")
            .get(pk=registration.pk)
        )
        if not rules.may_have_certificate(locked):
            raise CertificateError(NOT_ELIGIBLE)
        if name == locked.name:
            raise CertificateError("This is the name on your certificate already.")
        locked.name_change_requests.filter(decided_at__isnull=True).delete()
        request = NameChangeRequest(registration=locked, name=name)
        request.full_clean()
        request.save()
        audit.record(locked, "asked to change the name on their certificate", by=None, now=now)
    return request


def approve_name_change(request, *, by, now=None):
    """An organiser approves a name change asked for after attendance is complete: the
    registration's name is corrected (an organiser's recorded correction) and the certificate
    reissued under its code. Side effects, in one transaction: the request decided, the
    registration corrected, the register's row reissued, audit entries for each, and an email
    telling the person."""
    now = now or timezone.now()
    with transaction.atomic():
        request = NameChangeRequest.objects.select_for_update().get(pk=request.pk)
        if request.decided_at:
            raise CertificateError("This request has already been decided.")
        registration = request.registration
        try:
            registration_services.correct_details(registration, by=by, name=request.name)
        except registration_services.RegistrationError as error:
            raise CertificateError(str(error)) from None
        registration.refresh_from_db()
        issued = rules.issued_certificate(registration)
        if issued is not None:
            _reissue(issued, registration, by=by, now=now)
        request.decided_at, request.decided_by, request.approved = now, by, True
        request.save(update_fields=["decided_at", "decided_by", "approved", "updated"])
        audit.record(request, "approved", by=by, fields=["approved"], now=now)
        emails.queue_name_change_decided(registration, approved=True)
    return request


def decline_name_change(request, *, by, now=None):
    """An organiser declines a name change: nothing else changes. Side effects, in one
    transaction: the request decided, an audit entry, and an email telling the person."""
    now = now or timezone.now()
    with transaction.atomic():
        request = NameChangeRequest.objects.select_for_update().get(pk=request.pk)
        if request.decided_at:
            raise CertificateError("This request has already been decided.")
        request.decided_at, request.decided_by, request.approved = now, by, False
        request.save(update_fields=["decided_at", "decided_by", "approved", "updated"])
        audit.record(request, "declined", by=by, fields=["approved"], now=now)
        emails.queue_name_change_decided(request.registration, approved=False)
    return request


def erase_name(issued, *, by, now=None):
    """Erase the name from the register before its time, when the person asks us to: the code,
    seminar, hours and dates stay, and the verification page can no longer confirm a name.
    Side effects, in one transaction: the row and an audit entry. Returns the row."""
    now = now or timezone.now()
    with transaction.atomic():
        issued = IssuedCertificate.objects.select_for_update().get(pk=issued.pk)
        if issued.name_erased_at is None:
            issued.name_printed, issued.name_erased_at = "", now
            issued.save(update_fields=["name_printed", "name_erased_at", "updated"])
            audit.record(issued, "name erased on request", by=by, fields=["name_printed"], now=now)
    return issued


def erase_old_names(*, now=None):
    """Retention of the register: CERTIFICATE_NAME_KEEP_YEARS after a certificate was issued,
    the name printed on it is erased from the register; its code, seminar, hours and dates
    stay, so the verification page still answers. Safe to run daily. Side effects: rows
    updated in one transaction. Returns how many names were erased."""
    now = now or timezone.now()
    cutoff = shift_months(now, -12 * settings.CERTIFICATE_NAME_KEEP_YEARS)
    with transaction.atomic():
        return IssuedCertificate.objects.filter(
            issued_at__lt=cutoff, name_erased_at__isnull=True
        ).update(name_printed="", name_erased_at=now)


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
        if not SeminarCertificate.of(seminar).is_ready:
            raise CertificateError(
                f"Give the CPD hours and what was covered for {seminar} first (under "
                "'Certificates of attendance'): every certificate prints them."
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

    Side effects, in one transaction under a lock on the seminar and then on its attendees
    (the order issue_certificate's lock follows): a FollowUp row, each emailed attendee's
    certificate recorded in the register (issue_certificates), and the outbox rows, in a
    number of queries that does not grow with the seminar. No PDF is drawn here: the email
    worker draws each as it sends the email. Returns the FollowUp, or None when it was sent
    before or attendance is not complete (nothing is written then).
    """
    now = now or timezone.now()
    with transaction.atomic():
        # FOR NO KEY UPDATE: follow-ups still go one at a time, but a first download holding
        # its registration's lock can still record its certificate (whose foreign key to the
        # seminar takes a KEY SHARE lock), instead of the two waiting for each other.
        seminar = Seminar.objects.select_for_update(no_key=True).get(pk=seminar.pk)
        if not seminar.attendance_completed_at or FollowUp.objects.filter(seminar=seminar).exists():
            return None
        came = list(attendees(seminar).select_for_update(of=("self",)))
        did_not = list(missed(seminar))
        follow_up = FollowUp(
            seminar=seminar,
            sent_at=now,
            sent_by=by if by is not None and by.is_authenticated else None,
            thanked=sum(1 for r in came if r.email),
            missed=sum(1 for r in did_not if r.email),
        )
        follow_up.full_clean()
        follow_up.save()
        # Those without an address get no email, and their certificate is recorded when first
        # downloaded, as before.
        issue_certificates([r for r in came if r.email], now=now)
        emails.queue_thanks(came)
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
