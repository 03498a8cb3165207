"""Recording who did what: services call record() inside their transaction.

An entry names the object, the action and the fields changed, never their values (HS-6: every
service takes `by`). The bursary services record their staff actions, shown on an
application's admin page; the registration services are to follow.
"""

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from .models import AuditEntry


def record(obj, action, *, by, fields=(), data=None, now=None):
    """One audit entry for `obj`. `by` is the staff member, or None for the person or system;
    `data` holds codes (a status move's "from" and "to"), never personal values."""
    return AuditEntry.objects.create(
        content_type=ContentType.objects.get_for_model(obj),
        object_id=obj.pk,
        action=action,
        fields=sorted(fields),
        data=data or {},
        by=by if by is not None and by.is_authenticated else None,
        at=now or timezone.now(),
    )


def entries_for(obj):
    return AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk
    ).select_related("by")


def delete_for(model, pks):
    """Remove the entries of objects that are being deleted (retention, erasure)."""
    AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(model), object_id__in=list(pks)
    ).delete()
