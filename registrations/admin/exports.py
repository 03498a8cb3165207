"""The registrations admin's spreadsheets: every row names its seminar as people know it
("Seminar 3: Title") and gives its dates in words, in UK time."""

from django.contrib.humanize.templatetags.humanize import ordinal
from django.db.models.functions import Lower

from common.spreadsheets import csv_download
from seminars import dates

from ..groups import GROUP_NAMES
from ..models import RegistrationStatus


def when(moment):
    """'Tuesday 5 January 2027, 10:00' in UK time; empty when there is no moment."""
    if moment is None:
        return ""
    moment = dates.local(moment)
    return f"{dates.day(moment)}, {moment:%H:%M}"


def place_in_line(registration):
    """'3rd' for the third person waiting; empty for anyone not waiting."""
    position = getattr(registration, "place_in_line", None)
    return ordinal(position) if position else ""


def registrations_csv(registrations):
    """`registrations` (annotated with_place_in_line) as a download, by seminar, then by the
    person's sort name (the last word of the name unless an organiser set another), as the
    door list and the sheets are; case aside, in the database (so the rows stream)."""
    groups = GROUP_NAMES  # staff words
    statuses = dict(RegistrationStatus.choices)
    rows = (
        (
            str(registration.seminar),
            registration.name,
            registration.email,
            registration.organisation,
            groups.get(registration.group, registration.group),
            statuses.get(registration.status, registration.status),
            place_in_line(registration),
            when(registration.created),
            dates.seminar_when(registration.seminar),
            registration.access_requirements,
            registration.dietary_requirements,
            {True: "Yes", False: "No"}.get(registration.attended, ""),
            registration.get_mode_display(),
        )
        for registration in registrations.select_related("seminar")
        .order_by("seminar__number", Lower("sort_name"), Lower("name"), "pk")
        .iterator(chunk_size=500)
    )
    header = [
        "Seminar",
        "Name",
        "Email",
        "Organisation",
        "Group",
        "Status",
        "Place on the waiting list",
        "Registered",
        "Seminar date",
        "Access requirements",
        "Dietary requirements",
        "Attended",
        "Where",
    ]
    return csv_download("registrations.csv", header, rows)


def future_seminars_csv(subscribers):
    """The mailing list (`subscribers`, a query of confirmed ones): each address, since when,
    and until when for someone carried over from the old tick box who has not confirmed again.
    Read as it is written, a chunk at a time."""
    rows = (
        (
            subscriber.email,
            when(subscriber.confirmed_at),
            when(subscriber.keep_until) or "Until they unsubscribe",
        )
        for subscriber in subscribers.only("email", "confirmed_at", "keep_until").iterator(
            chunk_size=2000
        )
    )
    header = ["Email", "On the list since", "Kept until"]
    return csv_download("mailing-list.csv", header, rows)
