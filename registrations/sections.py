"""The "Register for a place" panel on a seminar's public page (registered with
seminars.sections): whether registration is open, and how many places are left."""

from .queries import places_left


def seminar_panel(seminar, *, now):
    if seminar.is_past(now):
        return None
    return (
        "registrations/includes/_seminar_panel.html",
        {
            "state": seminar.registration_state(now),
            "places_left": places_left(seminar),
        },
    )
