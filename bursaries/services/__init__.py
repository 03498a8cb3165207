"""Every change to a bursary application goes through these functions.

Status changes go through set_status, which checks the TRANSITIONS table and records who made
the change and when. Emails are queued in the same transaction (outbox).
"""

from .applications import (
    BursaryError,
    _release_place,
    apply,
    closed_message,
    declare_conflict,
    score,
    set_status,
    visible_applications,
    withdraw,
)
from .claims import answer_query, pay_claim, query_claim, submit_claim
from .offers import (
    STAGED_ACTIONS,
    accept,
    bursaries_left,
    decline,
    lapse_overdue_offers,
    live_awards,
    not_offer,
    offer,
    put_on_reserve,
    record_booking,
    reserve_prompts,
    send_offer_reminders,
    send_staged_decisions,
    stage_decision,
)
from .retention import anonymise, apply_retention, delete_files_after_commit

__all__ = [
    "STAGED_ACTIONS",
    "BursaryError",
    "_release_place",
    "accept",
    "anonymise",
    "answer_query",
    "apply",
    "apply_retention",
    "bursaries_left",
    "closed_message",
    "declare_conflict",
    "decline",
    "delete_files_after_commit",
    "lapse_overdue_offers",
    "live_awards",
    "not_offer",
    "offer",
    "pay_claim",
    "put_on_reserve",
    "query_claim",
    "record_booking",
    "reserve_prompts",
    "score",
    "send_offer_reminders",
    "send_staged_decisions",
    "set_status",
    "stage_decision",
    "submit_claim",
    "visible_applications",
    "withdraw",
]
