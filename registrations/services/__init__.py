"""Every change to a registration goes through these functions: public pages, admin and commands.

Each one runs in one transaction that locks the seminar row first ("lock what you use"), so
capacity checks and waiting-list promotions never race. Emails are queued in the same
transaction (outbox), so they are sent if and only if the change commits.
"""

from ..needs import kept as kept_needs
from ..queries import online_places_left, places_left
from .attendance import (
    add_walk_in,
    correct_attendance,
    mark_attendance,
    note_companion,
)
from .callbacks import PHONE_MISSING, change_call_request, clean_phone, mark_called
from .details import (
    NAME_FROZEN,
    NO_CONSENT_FOR_ACCESS,
    ORGANISER_FIELDS,
    change_email,
    complete_details,
    correct_details,
    correct_own_name,
    may_correct_own_name,
    resend_confirmation,
    update_requirements,
)
from .held import confirm_held_place, hold_place, release_held_place, release_held_places
from .mailings import (
    CHANGE_REASONS,
    announce_seminar,
    future_seminar_subscribers,
    mailing_list,
    notify_registrants,
    registered_addresses,
    send_manage_link,
    send_reminders,
    stop_future_seminar_emails,
)
from .online import change_mode
from .online_attendance import match_addresses, online_places, record_online_attendance
from .places import (
    LINK_EMAILS_PER_DAY,
    RegistrationError,
    cancel_registration,
    closed_message,
    may_send_link,
    promote_registration,
    promote_waiting,
    register,
)
from .retention import apply_retention, count_as_details_go

__all__ = [
    "CHANGE_REASONS",
    "LINK_EMAILS_PER_DAY",
    "NAME_FROZEN",
    "NO_CONSENT_FOR_ACCESS",
    "ORGANISER_FIELDS",
    "PHONE_MISSING",
    "RegistrationError",
    "add_walk_in",
    "announce_seminar",
    "apply_retention",
    "cancel_registration",
    "change_call_request",
    "change_email",
    "change_mode",
    "clean_phone",
    "closed_message",
    "complete_details",
    "confirm_held_place",
    "correct_attendance",
    "correct_details",
    "correct_own_name",
    "count_as_details_go",
    "future_seminar_subscribers",
    "hold_place",
    "kept_needs",
    "mailing_list",
    "mark_attendance",
    "mark_called",
    "match_addresses",
    "may_correct_own_name",
    "may_send_link",
    "note_companion",
    "notify_registrants",
    "online_places",
    "online_places_left",
    "places_left",
    "promote_registration",
    "promote_waiting",
    "record_online_attendance",
    "register",
    "registered_addresses",
    "release_held_place",
    "release_held_places",
    "resend_confirmation",
    "send_manage_link",
    "send_reminders",
    "stop_future_seminar_emails",
    "update_requirements",
]
