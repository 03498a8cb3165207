"""The one log of who did what: services call record() inside their transaction.

An entry names the object, the action and the fields changed, never their values (HS-6: every
service takes `by`); a bursary status move keeps its "from" and "to" codes in `data`. Every
logged object's admin page shows its entries (history(), through common.admin.HistoryMixin),
less those a rule hides from the reader: apps above declare their rules here
(declare_rule), since a lower app's page may carry an entry a higher app wrote.
"""

from typing import NamedTuple

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
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


def record_many(objects, action, *, by, fields=(), data=None, now=None):
    """record() for many objects of one model at once, in one INSERT: `action` and `data` are
    functions of each object (their entries read as record()'s would)."""
    objects = list(objects)
    if not objects:
        return []
    content_type = ContentType.objects.get_for_model(objects[0])
    at = now or timezone.now()
    by = by if by is not None and by.is_authenticated else None
    return AuditEntry.objects.bulk_create(
        AuditEntry(
            content_type=content_type,
            object_id=obj.pk,
            action=action(obj),
            fields=sorted(fields),
            data=(data(obj) if data else None) or {},
            by=by,
            at=at,
        )
        for obj in objects
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


_RULES = []


def declare_rule(may_see):
    """Add a rule of who may see which entries: `may_see(user, entry)` is False to hide one.
    The app that writes the entries declares it (in its AppConfig.ready), from its rules.py."""
    _RULES.append(may_see)


class Line(NamedTuple):
    at: object
    who: str
    what: str
    fields: list


def history(obj, user):
    """The entries on `obj` that `user` may see, oldest first: when, who, what, and the
    changed fields' labels (never their values)."""
    return [
        Line(entry.at, entry.who, entry.description, field_labels(type(obj), entry.fields))
        for entry in entries_for(obj)
        if all(may_see(user, entry) for may_see in _RULES)
    ]


def field_labels(model, names):
    """The fields' names as the admin shows them: 'travel cost', 'bookings'."""
    labels = []
    for name in names:
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist:
            labels.append(name.replace("_", " "))
            continue
        labels.append(
            str(
                getattr(field, "verbose_name", None)
                or field.related_model._meta.verbose_name_plural
            )
        )
    return labels
