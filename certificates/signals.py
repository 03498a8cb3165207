"""Certificates follow corrections made in the registrations app, which sits below and never
calls up: a registration no longer marked as attended loses its certificate."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from registrations.models import Registration

from . import services
from .models import IssuedCertificate

NO_LONGER_ATTENDED = "The attendance record was corrected: no longer marked as attended."


@receiver(post_save, sender=Registration, dispatch_uid="certificates_follow_attendance")
def withdraw_when_attendance_is_corrected(sender, instance, created, raw=False, **kwargs):
    """An organiser's correction of attendance (recorded on the registration) withdraws the
    certificate in the same transaction; issuing it again is the organisers' decision."""
    if raw or created or instance.attended is True:
        return
    issued = IssuedCertificate.objects.filter(
        registration_id=instance.pk, withdrawn_at__isnull=True
    ).first()
    if issued is not None:
        services.withdraw_certificate(issued, by=None, reason=NO_LONGER_ATTENDED)
