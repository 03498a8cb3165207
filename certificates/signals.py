"""Certificates follow corrections made in the registrations app, which sits below and never
calls up: it announces an organiser's correction of attendance (registrations.signals), and the
certificate follows in the same transaction."""

import contextlib

from django.dispatch import receiver

from registrations.signals import attendance_corrected

from . import emails, services
from .models import IssuedCertificate


@receiver(attendance_corrected, dispatch_uid="certificates_follow_attendance")
def follow_corrected_attendance(sender, registration, by, reason, **kwargs):
    """No longer marked as attended: the certificate is withdrawn (its verification page says
    so). Marked as attended now: a withdrawn certificate is reissued under its code, and the
    person is sent the thanks email with their certificate, as everyone who came was."""
    issued = IssuedCertificate.objects.filter(registration_id=registration.pk).first()
    if registration.attended is not True:
        if issued is not None and not issued.is_withdrawn:
            services.withdraw_certificate(
                issued, by=by, reason=f"The attendance record was corrected: {reason}"
            )
        return
    if issued is not None and issued.is_withdrawn:
        services.reissue_certificate(issued, by=by)
    if issued is None or issued.is_withdrawn:
        # If the CPD hours were emptied since, the correction stands, and the certificate is
        # theirs to download from their link once the hours are given again.
        with contextlib.suppress(services.CertificateError):
            services.issue_certificates([registration] if registration.email else [])
            emails.queue_thanks([registration])
