"""An application's history on the panel's page: status changes and recorded changes, with who
made them and the names of the fields, never their values."""

from django.core.exceptions import FieldDoesNotExist

from common.audit import entries_for

from ..models import BursaryApplication


def history(application):
    """Status changes and other recorded changes, oldest first: who, what, which fields."""
    return [
        (entry.at, entry.who, entry.description, _field_labels(entry.fields))
        for entry in entries_for(application)
    ]


def _field_labels(names):
    """The fields' names as the admin shows them: 'travel cost', 'bookings'."""
    labels = []
    for name in names:
        try:
            field = BursaryApplication._meta.get_field(name)
        except FieldDoesNotExist:
            labels.append(name.replace("_", " "))
            continue
        labels.append(
            getattr(field, "verbose_name", None) or field.related_model._meta.verbose_name_plural
        )
    return labels
