"""Places and the waiting list on the seminar admin: this app counts them, so it adds them,
through the seminar admin's slots (seminars/slots.py)."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html

from common.staff_pages import staff_url
from seminars import slots

from ..online import SeminarOnline, online_capacity
from ..queries import left, with_place_counts


class SeminarOnlineInline(admin.StackedInline):
    """This app's part of a seminar: its online places and the joining link (seminars/slots.py
    "admin.inlines")."""

    model = SeminarOnline
    can_delete = False
    extra = 1
    max_num = 1
    fields = ["capacity", "joining_link"]


@admin.display(description="Places taken", ordering="places_taken")
def places_taken(seminar):
    return getattr(seminar, "places_taken", 0)  # a seminar being added has no count yet


@admin.display(description="Of them held for bursary offers")
def places_held(seminar):
    """An anonymous count: who holds them is the bursary panel's to know."""
    return getattr(seminar, "held_count", 0)


@admin.display(description="Places left")
def places_left(seminar):
    return left(seminar.capacity, places_taken(seminar))


@admin.display(description="Waiting list", ordering="waiting_count")
def waiting(seminar):
    return getattr(seminar, "waiting_count", 0)


@admin.display(description="Online places taken")
def online_taken(seminar):
    return getattr(seminar, "online_taken", 0)


@admin.display(description="Online places left")
def online_left(seminar):
    return left(online_capacity(seminar), online_taken(seminar))


@admin.display(description="Online waiting list")
def online_waiting(seminar):
    return getattr(seminar, "online_waiting", 0)


@admin.display(description="Who joined online")
def online_attendance_link(seminar):
    if not seminar.pk or not online_capacity(seminar):
        return "—"
    return format_html(
        '<a href="{}">Tick who joined, or paste the meeting\'s list</a>',
        staff_url("online-attendance", seminar.pk),
    )


@admin.display(description="Registrations")
def registration_links(seminar):
    if not seminar.pk:
        return "—"
    return format_html(
        '<a href="{}?seminar__id__exact={}">See who is registered</a> · '
        '<a href="{}?seminar={}">Register someone</a>',
        reverse("admin:registrations_registration_changelist"),
        seminar.pk,
        staff_url("register-someone"),
        seminar.pk,
    )


slots.fill("admin.inlines", SeminarOnlineInline, order=5)
slots.fill("admin.queryset", with_place_counts)
# The list keeps to taken, left and waiting; the seminar's page adds those held.
for column in (places_taken, places_left, waiting, registration_links):
    slots.fill("admin.columns", column)
slots.fill(
    "admin.facts",
    (
        "Registration",
        "capacity",
        [
            (places_taken, places_held, places_left, waiting),
            (online_taken, online_left, online_waiting),
            online_attendance_link,
            registration_links,
        ],
    ),
)
