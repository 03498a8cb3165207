"""The venue check: what people coming to a seminar need, set against what its venue has and
what the organisers have booked for it. The one home of which need each fact meets.

Counts only, never names: "2 need a hearing loop: none recorded at this venue". A need is met
only when the fact is recorded as there ("Yes" on the venue, or ticked as booked on the
seminar); "Not yet confirmed" is a gap until someone checks. Needs the organisers meet person
by person (someone to meet them, papers in large print, a companion) are on the staff sheet,
not here. The people counted are those with a place (registrations.queries): in the room for
the venue's facts, in the room or online for an interpreter and captions, which serve both.
"""

from dataclasses import dataclass

from seminars.models import AccessFeature, Lift

from .needs import Need
from .queries import book_ahead_counts, need_counts

NEED_WORDS = {
    Need.STEP_FREE: ("needs step-free access", "need step-free access"),
    Need.WHEELCHAIR_SPACE: ("needs a wheelchair space", "need a wheelchair space"),
    Need.HEARING_LOOP: ("needs a hearing loop", "need a hearing loop"),
    Need.QUIET_ROOM: ("needs a quiet room", "need a quiet room"),
    Need.BSL_INTERPRETER: ("asks for a BSL interpreter", "ask for a BSL interpreter"),
    Need.LIVE_CAPTIONS: ("asks for live captions", "ask for live captions"),
}

# The venue's facts each need asks for: (field, what is there when it is met, the gap's
# words when it is "No", when it is not yet confirmed).
STEP_FREE_FACT = (
    "step_free_access",
    (AccessFeature.YES,),
    "this venue has no step-free access",
    "step-free access not yet confirmed at this venue",
)
VENUE_FACTS = {
    Need.STEP_FREE: [
        (*STEP_FREE_FACT[:3], "not yet confirmed at this venue"),  # the need names it already
        (
            "lift",
            (Lift.YES, Lift.ONE_LEVEL),
            "this venue has no lift",
            "a lift not yet confirmed at this venue",
        ),
    ],
    Need.HEARING_LOOP: [
        (
            "hearing_loop",
            (AccessFeature.YES,),
            "this venue has no hearing loop",
            "none recorded at this venue",
        )
    ],
    Need.QUIET_ROOM: [
        (
            "quiet_room",
            (AccessFeature.YES,),
            "this venue has no quiet room",
            "none recorded at this venue",
        )
    ],
}
VENUE_FACTS[Need.WHEELCHAIR_SPACE] = [
    STEP_FREE_FACT,
    VENUE_FACTS[Need.STEP_FREE][1],
    (
        "accessible_toilets",
        (AccessFeature.YES,),
        "this venue has no accessible toilet",
        "an accessible toilet not yet confirmed at this venue",
    ),
]
# What the organisers book for the seminar: (the seminar's field, the gap's words).
BOOKED = {
    Need.BSL_INTERPRETER: ("bsl_interpreter_booked", "none booked yet"),
    Need.LIVE_CAPTIONS: ("live_captions_booked", "not booked yet"),
}


@dataclass(frozen=True)
class Gap:
    """A need that `count` people have and nothing recorded meets, with why."""

    seminar: object
    need: str
    count: int
    why: str
    booked_by_seminar: bool  # an arrangement to book for the seminar, not a venue fact

    def __str__(self):
        one, many = NEED_WORDS[self.need]
        return f"{self.count} {one if self.count == 1 else many}: {self.why}"


def gaps(seminars):
    """{seminar id: [Gap]} for `seminars` (with their venues selected): each need that someone
    with a place has and that is not recorded as met. Two queries, however many seminars and
    people. A seminar without a venue has only its bookings checked (the overview asks for
    the venue itself)."""
    seminars = list(seminars)
    in_the_room = need_counts(seminars)
    everyone = book_ahead_counts(seminars)
    found = {}
    for seminar in seminars:
        lines = []
        for need in Need.access:  # in the checklist's order
            if need in BOOKED:
                field, why = BOOKED[need]
                count = everyone[seminar.pk][need]
                if count and not getattr(seminar, field):
                    lines.append(Gap(seminar, need, count, why, booked_by_seminar=True))
            elif need in VENUE_FACTS and seminar.venue:
                count = in_the_room[seminar.pk][need]
                why = count and _venue_gap(seminar.venue, VENUE_FACTS[need])
                if why:
                    lines.append(Gap(seminar, need, count, why, booked_by_seminar=False))
        found[seminar.pk] = lines
    return found


def _venue_gap(venue, facts):
    """The first of `facts` the venue does not meet, in words ("" when it meets them all)."""
    for field, met, missing, unknown in facts:
        value = getattr(venue, field)
        if value not in met:
            return unknown if value == AccessFeature.UNKNOWN else missing
    return ""
