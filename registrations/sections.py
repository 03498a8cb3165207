"""The "Register for a place" panel on a seminar's public page (registered with
seminars.sections): whether registration is open, and how many places are left."""

from .models import places_taken


def seminar_panel(seminar, *, now):
    if seminar.is_past(now):
        return None
    return (
        "registrations/includes/_seminar_panel.html",
        {
            "state": seminar.registration_state(now),
            "places_left": max(seminar.capacity - places_taken(seminar), 0),
        },
    )
