"""Registrations react to seminar changes here: the seminars app sits below and never calls up.
And the apps above hear of what happens to registrations here, without this app naming them.
"""

from django.db.models.signals import post_save
from django.dispatch import Signal, receiver

from seminars.models import Seminar

from .online import SeminarOnline

# An organiser corrected one person's attendance after it was marked complete (services.
# correct_attendance), inside its transaction: registration (as saved), by, reason. The
# certificates app issues or withdraws the certificate.
attendance_corrected = Signal()

# A registration moved between the room and online (services.change_mode), inside its
# transaction: registration (as saved, its `mode` the new one), was (the mode it left), by.
# The bursaries app releases the travel lines of an award whose holder now takes part online.
mode_changed = Signal()


@receiver(post_save, sender=Seminar, dispatch_uid="registrations_fill_freed_places")
def fill_freed_places(sender, instance, created, raw=False, **kwargs):
    """Raising a seminar's capacity frees places: give them to the people waiting, in order."""
    from . import services  # services announce attendance_corrected, so they import this

    if not created and not raw:
        services.promote_waiting(instance)


@receiver(post_save, sender=SeminarOnline, dispatch_uid="registrations_fill_freed_online_places")
def fill_freed_online_places(sender, instance, created, raw=False, **kwargs):
    """Raising a seminar's online places (saved after the seminar, as its inline) gives them
    to the people waiting for one, in order."""
    from . import services

    if not raw:
        services.promote_waiting(instance.seminar)
