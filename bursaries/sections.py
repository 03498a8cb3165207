"""The travel-bursary box on a seminar's public page (seminars.slots, "page.top")."""

from .models import BursaryPolicy


def seminar_box(seminar, *, now):
    """Who can apply, what a bursary pays for, when you hear and how you are paid: shown while a
    seminar that offers bursaries (it has a bursary deadline) is still to come."""
    if not seminar.offers_bursaries:
        return None
    if seminar.is_cancelled or seminar.is_postponed or seminar.is_past(now):
        return None
    return (
        "bursaries/includes/_seminar_box.html",
        {"policy": BursaryPolicy.current(), "state": seminar.bursary_state(now)},
    )
