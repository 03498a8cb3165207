"""The "Register for a place" panel on a seminar's public page (registered with
seminars.slots, "page.top"): whether registration is open, and how many places are left.

And the sections that the apps above this one add to a registration's private page (materials,
the certificate, feedback), without this app naming them: each registers a function in its
AppConfig.ready() with an `order`; the page includes what each returns.
"""

from .queries import online_places_left, places_left


def seminar_panel(seminar, *, now):
    if seminar.is_past(now):
        return None
    return (
        "registrations/includes/_seminar_panel.html",
        {
            "state": seminar.registration_state(now),
            "places_left": places_left(seminar),
            # Whether there are online places, and how many are left: never the joining link.
            "online_places_left": online_places_left(seminar),
        },
    )


_private_sections = []


def register_private(section, *, order):
    """`section(registration, *, life)` returns (template name, context dict) or None; `life` is
    the seminar's phase (seminars/phase.py)."""
    _private_sections.append((order, section))
    _private_sections.sort(key=lambda item: item[0])
    return section


def for_registration(registration, *, life):
    """[(template name, context)] for the registration's private page, in order."""
    found = (section(registration, life=life) for _, section in _private_sections)
    return [item for item in found if item]


_move_notices = []


def register_move_notice(notice):
    """`notice(registration, *, to)` returns a sentence the person should read before moving
    to `to` (a Mode), or None: the apps above say what a move changes for them (a bursary's
    travel money), without this app naming them."""
    _move_notices.append(notice)
    return notice


def move_notices(registration, *, to):
    found = (notice(registration, to=to) for notice in _move_notices)
    return [sentence for sentence in found if sentence]
