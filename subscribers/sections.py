"""The "Tell me when registration opens" panel on a seminar's public page (registered with
seminars.slots, "page.top"): for a seminar to come whose registration is not open yet."""

from .forms import SignUpForm
from .services import wants_alert


def opening_alert_panel(seminar, *, now):
    if not wants_alert(seminar, now=now):
        return None
    return (
        "subscribers/includes/_opening_alert.html",
        {"form": SignUpForm(auto_id="alert-%s")},
    )
