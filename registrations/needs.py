"""The checklist of needs: what a person can tick to say what would help them on the day.

The one home of the checklist's codes, their plain words and their groups. A registration keeps
the codes it ticked (Registration.needs), only with the person's explicit consent (a database
rule): access needs and allergies are health information, and halal or kosher food can reveal a
religion. What the list does not cover is written in the "anything else" boxes
(access_requirements and dietary_requirements). Counting them per seminar is
registrations.queries.need_counts.
"""

from enum import nonmember

from django.core.exceptions import ValidationError
from django.db import models


class Need(models.TextChoices):
    STEP_FREE = "step_free", "Step-free access (no stairs or steps)"
    WHEELCHAIR_SPACE = "wheelchair_space", "A space for my wheelchair"
    HEARING_LOOP = "hearing_loop", "A hearing loop"
    BSL_INTERPRETER = "bsl_interpreter", "A British Sign Language (BSL) interpreter"
    LIVE_CAPTIONS = "live_captions", "Live captions (what is said, written on a screen)"
    LARGE_PRINT = "large_print", "Large print or Easy Read papers"
    QUIET_ROOM = "quiet_room", "A quiet room to take a break in"
    MET_ON_ARRIVAL = "met_on_arrival", "Someone to meet me when I arrive"
    COMPANION = "companion", "A companion or carer coming with me"
    VEGETARIAN = "vegetarian", "Vegetarian"
    VEGAN = "vegan", "Vegan"
    HALAL = "halal", "Halal"
    KOSHER = "kosher", "Kosher"
    GLUTEN_FREE = "gluten_free", "Gluten-free"
    DAIRY_FREE = "dairy_free", "Dairy-free"
    NUT_ALLERGY = "nut_allergy", "Nut allergy"
    OTHER_ALLERGY = "other_allergy", "Another allergy (tell us which below)"

    access = nonmember(
        (
            "step_free",
            "wheelchair_space",
            "hearing_loop",
            "bsl_interpreter",
            "live_captions",
            "large_print",
            "quiet_room",
            "met_on_arrival",
            "companion",
        )
    )
    food = nonmember(
        (
            "vegetarian",
            "vegan",
            "halal",
            "kosher",
            "gluten_free",
            "dairy_free",
            "nut_allergy",
            "other_allergy",
        )
    )
    allergies = nonmember(("nut_allergy", "other_allergy"))
    # Interpreters and captioners are booked weeks ahead: asking for them should alert organisers.
    book_ahead = nonmember(("bsl_interpreter", "live_captions"))


# How the totals page, the staff sheet and the venue check name each need: for a reader
# counting, not for the person ticking.
COUNTED_AS = {
    Need.STEP_FREE: "Step-free access",
    Need.WHEELCHAIR_SPACE: "Wheelchair space",
    Need.HEARING_LOOP: "Hearing loop",
    Need.BSL_INTERPRETER: "BSL interpreter",
    Need.LIVE_CAPTIONS: "Live captions",
    Need.LARGE_PRINT: "Large print or Easy Read papers",
    Need.QUIET_ROOM: "Quiet room",
    Need.MET_ON_ARRIVAL: "Met on arrival",
    Need.COMPANION: "Companion or carer coming",
    Need.VEGETARIAN: "Vegetarian",
    Need.VEGAN: "Vegan",
    Need.HALAL: "Halal",
    Need.KOSHER: "Kosher",
    Need.GLUTEN_FREE: "Gluten-free",
    Need.DAIRY_FREE: "Dairy-free",
    Need.NUT_ALLERGY: "Allergy: nuts",
    Need.OTHER_ALLERGY: "Allergy: another (the staff sheet says which)",
}

ACCESS_CHOICES = [(code, Need(code).label) for code in Need.access]
FOOD_CHOICES = [(code, Need(code).label) for code in Need.food]


def in_order(codes):
    """`codes` without repeats or unknown codes, in the checklist's order: how they are stored."""
    wanted = set(codes or ())
    return [code for code in Need.values if code in wanted]


def kept(codes, *, consent):
    """What of `codes` may be kept: all of them (in order) with consent, none without."""
    return in_order(codes) if consent else []


def validate_needs(value):
    """A list of the checklist's codes (the model's validator)."""
    if not isinstance(value, list) or any(code not in Need.values for code in value):
        raise ValidationError("Choose needs from the checklist only.", code="invalid_need")
    if len(set(value)) != len(value):
        raise ValidationError("Each need can be ticked once.", code="repeated_need")


def access_codes(codes):
    return [code for code in codes if code in Need.access]


def food_codes(codes):
    return [code for code in codes if code in Need.food]


def words(codes):
    """The needs `codes` as a reader of the staff sheet names them."""
    return [COUNTED_AS[code] for code in codes if code in COUNTED_AS]


def counted(counts, group):
    """[(what, how many)] for one group of the checklist ("access" or "food") in the
    checklist's order, leaving out needs nobody asked for: what the totals page lists."""
    return [
        (COUNTED_AS[code], counts[code]) for code in getattr(Need, group) if counts.get(code, 0)
    ]
