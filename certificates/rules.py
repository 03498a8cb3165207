"""Who may have a certificate: the one rule that services, views, emails and templates ask."""

from django.core.exceptions import ObjectDoesNotExist


def issued_certificate(registration):
    """The register's row of `registration`'s certificate, or None before it is first issued."""
    if registration.pk is None:
        return None
    try:
        return registration.issued_certificate
    except ObjectDoesNotExist:
        return None


def may_have_certificate(registration):
    """Marked as attended, once an organiser has said the seminar's attendance is complete (a
    tick at the door may still be undone until then, and the CPD hours are given then), and
    not withdrawn by an organiser since (nor its name erased from the register at the person's
    request: it would be printed again)."""
    if registration.attended is not True or not registration.seminar.attendance_completed_at:
        return False
    issued = issued_certificate(registration)
    return issued is None or not (issued.is_withdrawn or issued.name_erased_at)
