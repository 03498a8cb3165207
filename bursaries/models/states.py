"""The states of a bursary, its groups, how it is paid and what it pays for: defined once here,
for every payment path, so that services, pages, the admin and reports agree."""

from enum import nonmember

from django.db import models

from registrations.models import ParticipantGroup


class BursaryGroup(models.TextChoices):
    """The groups bursaries are for; each has its own number of bursaries at each seminar."""

    SERVICE_USER_CARER = "service_user_carer", "Service users and carers"
    THIRD_SECTOR = "third_sector", "People who work or volunteer for charities"
    EARLY_CAREER = "early_career", "Early-career researchers"


# Applicants answer the registration form's own group question; the bursary group follows from
# the answer, so that a place carried over from a bursary is counted in the right group.
BURSARY_GROUP_OF = {
    ParticipantGroup.SERVICE_USER: BursaryGroup.SERVICE_USER_CARER,
    ParticipantGroup.CARER: BursaryGroup.SERVICE_USER_CARER,
    ParticipantGroup.THIRD_SECTOR: BursaryGroup.THIRD_SECTOR,
    ParticipantGroup.EARLY_CAREER: BursaryGroup.EARLY_CAREER,
}
ELIGIBLE_GROUPS = [(value, ParticipantGroup(value).label) for value in BURSARY_GROUP_OF]


def participant_groups(bursary_group):
    """The answers to the group question that belong to `bursary_group`."""
    return [value for value, group in BURSARY_GROUP_OF.items() if group == bursary_group]


class BursaryStatus(models.TextChoices):
    """The whole journey of an application, for every way of paying; allowed moves are in
    TRANSITIONS below.

    offered → accepted → booked (we book) or advance paid (we pay before) → claim submitted →
    approved → paid; "settled" ends a bursary with nothing more to pay (everything was booked,
    or the advance covered it).
    """

    SUBMITTED = "submitted", "Submitted"
    WITHDRAWN = "withdrawn", "Withdrawn"
    RESERVE = "reserve", "On the reserve list"
    NOT_OFFERED = "not_offered", "Not offered"
    OFFERED = "offered", "Offered"
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"
    LAPSED = "lapsed", "Lapsed (no reply in time)"
    BOOKED = "booked", "Tickets booked"
    ADVANCE_PAID = "advance_paid", "Advance paid"
    CLAIMED = "claimed", "Claim submitted"
    QUERIED = "queried", "Claim queried"
    APPROVED = "approved", "Claim approved, to pay"
    PAID = "paid", "Paid"
    SETTLED = "settled", "Settled: nothing more for us to pay"

    # One application per address and seminar may be in any status but withdrawn.
    not_withdrawn = nonmember(
        (
            "submitted",
            "reserve",
            "not_offered",
            "offered",
            "accepted",
            "declined",
            "lapsed",
            "booked",
            "advance_paid",
            "claimed",
            "queried",
            "approved",
            "paid",
            "settled",
        )
    )
    # Accepted, and every later stage: the bursary is theirs.
    awarded = nonmember(
        (
            "accepted",
            "booked",
            "advance_paid",
            "claimed",
            "queried",
            "approved",
            "paid",
            "settled",
        )
    )
    # Every live award counts against the seminar's bursaries for the group.
    live_award = nonmember(("offered", *awarded))
    # The applicant may withdraw while the application is in one of these, before the seminar.
    # Once we have booked or paid in advance the bursary stays, to be settled: the money moved.
    withdrawable = nonmember(("submitted", "reserve", "offered", "accepted"))
    # The applicant may claim, once the seminar has begun.
    claimable = nonmember(("accepted", "booked", "advance_paid"))
    # The panel may record bookings (for someone who asked us to book).
    bookable = nonmember(("accepted", "booked"))
    # The applicant may still correct the application (until the bursary deadline).
    correctable = nonmember(("submitted", "reserve"))
    # The panel has still to decide.
    undecided = nonmember(("submitted", "reserve"))
    # A claim is with the panel: the days it waits count against the payment target.
    claim_pending = nonmember(("claimed", "queried", "approved"))


S = BursaryStatus
TRANSITIONS = {
    S.SUBMITTED: {S.WITHDRAWN, S.OFFERED, S.RESERVE, S.NOT_OFFERED},
    S.RESERVE: {S.WITHDRAWN, S.OFFERED, S.NOT_OFFERED},
    S.OFFERED: {S.WITHDRAWN, S.ACCEPTED, S.DECLINED, S.LAPSED},
    S.ACCEPTED: {S.WITHDRAWN, S.BOOKED, S.ADVANCE_PAID, S.CLAIMED},
    S.BOOKED: {S.CLAIMED, S.SETTLED},
    S.ADVANCE_PAID: {S.CLAIMED, S.SETTLED},
    S.CLAIMED: {S.QUERIED, S.APPROVED, S.SETTLED},
    S.QUERIED: {S.CLAIMED, S.APPROVED, S.SETTLED},
    S.APPROVED: {S.PAID},
    S.WITHDRAWN: set(),
    S.NOT_OFFERED: set(),
    S.DECLINED: set(),
    S.LAPSED: set(),
    S.PAID: set(),
    S.SETTLED: set(),
}


class PaymentMethod(models.TextChoices):
    """How a bursary is paid: asked on the application, chosen for good when accepting."""

    BOOK = "book", "Book my tickets for me"
    ADVANCE = "advance", "Pay me before I travel"
    REIMBURSE = "reimburse", "Pay me back after the seminar"


# How we pay, as the panel and the finance office read it (the choices above speak as the
# applicant).
PAYMENT_WORDS = {
    PaymentMethod.BOOK: "We book their tickets",
    PaymentMethod.ADVANCE: "We pay them before they travel",
    PaymentMethod.REIMBURSE: "We pay them back after the seminar",
}


class CostLine(models.TextChoices):
    """The costs a bursary pays, in the lines public-involvement payment guidance uses."""

    TRAVEL = "travel", "Your travel"
    ACCOMMODATION = "accommodation", "Somewhere to stay overnight"
    COMPANION = "companion", "A companion's or carer's travel"
    CARE = "care", "Replacement care or childcare while you are away"


# The same lines as the panel reads them: about the applicant, not to them.
PANEL_LABELS = {
    CostLine.TRAVEL: "Their travel",
    CostLine.ACCOMMODATION: "Somewhere to stay overnight",
    CostLine.COMPANION: "A companion's or carer's travel",
    CostLine.CARE: "Replacement care or childcare while they are away",
}

# Each line's expected cost (from the applicant) and amount offered (by the panel).
COST_FIELDS = {
    CostLine.TRAVEL: ("travel_cost", "offer_travel"),
    CostLine.ACCOMMODATION: ("accommodation_cost", "offer_accommodation"),
    CostLine.COMPANION: ("companion_cost", "offer_companion"),
    CostLine.CARE: ("care_cost", "offer_care"),
}
