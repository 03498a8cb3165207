"""Every change to a bursary application goes through these functions.

Status changes go through set_status, which checks the TRANSITIONS table and records who made
the change and when; other changes made by staff are recorded with common.audit. Emails are
queued in the same transaction (outbox).
"""

from ..rules import visible_applications  # its home; kept here for older callers
from .applications import (
    APPLICANT_FIELDS,
    BursaryError,
    apply,
    change_email,
    closed_message,
    correct,
    declare_conflict,
    nobody_may_decide,
    release_place,
    score,
    withdraw_conflict,
)
from .changes import changes_to_tell, holders, tell_holders
from .money import ask_back, ask_nothing_back, called_off, record_return, unwell, waive
from .offers import (
    accept,
    bursaries_left,
    decisions_wait_message,
    decline,
    lapse_overdue_offers,
    live_awards,
    not_offer,
    offer,
    put_on_reserve,
    reserve_prompts,
    send_offer_reminders,
)
from .payments import (
    answer_query,
    approve_claim,
    change_payment_method,
    left_to_claim,
    pay_claim,
    query_claim,
    record_advance,
    record_booking,
    settle,
    submit_claim,
)
from .retention import anonymise, apply_retention
from .staging import STAGED_ACTIONS, send_staged_decisions, stage_decision
from .states import set_status, withdraw

__all__ = [
    "APPLICANT_FIELDS",
    "STAGED_ACTIONS",
    "BursaryError",
    "accept",
    "anonymise",
    "answer_query",
    "apply",
    "apply_retention",
    "approve_claim",
    "ask_back",
    "ask_nothing_back",
    "bursaries_left",
    "called_off",
    "change_email",
    "change_payment_method",
    "changes_to_tell",
    "closed_message",
    "correct",
    "decisions_wait_message",
    "declare_conflict",
    "decline",
    "holders",
    "lapse_overdue_offers",
    "left_to_claim",
    "live_awards",
    "nobody_may_decide",
    "not_offer",
    "offer",
    "pay_claim",
    "put_on_reserve",
    "query_claim",
    "record_advance",
    "record_booking",
    "record_return",
    "release_place",
    "reserve_prompts",
    "score",
    "send_offer_reminders",
    "send_staged_decisions",
    "set_status",
    "settle",
    "stage_decision",
    "submit_claim",
    "tell_holders",
    "unwell",
    "visible_applications",
    "waive",
    "withdraw",
    "withdraw_conflict",
]
