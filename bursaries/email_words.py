"""What each bursary email is, in the outbox's list ("Bursary offered"), as staff read it."""

from outbox import kinds
from seminars.changes import email_label

kinds.name_kinds(
    {
        "bursaries/application_received": "Application received",
        "bursaries/existing_application": "Already applied: the link sent again",
        "bursaries/application_changed": "Application changed",
        "bursaries/application_withdrawn": "Application withdrawn",
        "bursaries/email_changed": "Email address changed: the new link",
        "bursaries/email_changed_old": "Email address changed: the old address told",
        "bursaries/reserve": "On the reserve list",
        "bursaries/not_offered": "Not offered a bursary",
        "bursaries/offered": "Bursary offered",
        "bursaries/offer_reminder": "Reminder to reply to the offer",
        "bursaries/accepted": "Bursary accepted: place confirmed",
        "bursaries/declined": "Offer declined",
        "bursaries/lapsed": "Offer lapsed",
        "bursaries/booked": "Tickets booked",
        "bursaries/advance_paid": "Advance paid",
        "bursaries/claim_received": "Claim received",
        "bursaries/panel_claim": "Claim to check (to the panel)",
        "bursaries/claim_queried": "Claim queried",
        "bursaries/claim_approved": "Claim approved",
        "bursaries/claim_paid": "Claim paid",
        "bursaries/settled": "Settled",
        "bursaries/asked_back": "Money left over: asked back",
        "bursaries/returned": "Money left over: returned",
        "bursaries/waived": "Money left over: theirs to keep",
        "bursaries/travel_released": "Travel released: taking part online",
        "bursaries/seminar_changed": email_label,
    }
)
