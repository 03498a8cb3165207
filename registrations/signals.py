"""Registrations react to seminar changes here: the seminars app sits below and never calls up."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from seminars.models import Seminar

from . import services


@receiver(post_save, sender=Seminar, dispatch_uid="registrations_fill_freed_places")
def fill_freed_places(sender, instance, created, raw=False, **kwargs):
    """Raising a seminar's capacity frees places: give them to the people waiting, in order."""
    if not created and not raw:
        services.promote_waiting(instance)
