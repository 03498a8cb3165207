import datetime
from dataclasses import dataclass
from urllib.parse import urlencode

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone

from common.basemodels import TimeStampedModel, URLField
from common.validators import clean_name_fields

# Access we have not confirmed yet is confirmed by the last day to register, or two weeks before
# the seminar if that is sooner: in time to plan the journey, and to register.
ACCESS_CONFIRMED_DAYS_BEFORE = 14
OPENSTREETMAP_SEARCH = "https://www.openstreetmap.org/search?"
ACCESS_HELP = (
    "Keep 'Not yet confirmed' until you have checked. Pages then invite people to ask, and "
    "promise an answer by the last day to register (or two weeks before the seminar)."
)


class AccessFeature(models.TextChoices):
    YES = "yes", "Yes"
    NO = "no", "No"
    UNKNOWN = "unknown", "Not yet confirmed"


class Lift(models.TextChoices):
    YES = "yes", "Yes"
    ONE_LEVEL = "one_level", "Not needed: everything is on one level"
    NO = "no", "No"
    UNKNOWN = "unknown", "Not yet confirmed"


class Venue(TimeStampedModel):
    name = models.CharField(max_length=200, help_text="For example 'St Catherine's College'.")
    institution = models.CharField(
        max_length=200, blank=True, help_text="For example 'University of Oxford'."
    )
    address = models.TextField(
        blank=True, help_text="Street address, without the town and postcode (they have their own)."
    )
    city = models.CharField(max_length=100)
    postcode = models.CharField(max_length=10, blank=True, help_text="For example 'LS2 9JT'.")
    public_transport = models.TextField(
        "by train or bus",
        blank=True,
        help_text="The nearest railway station and bus stops, and how long the walk is from "
        "them. Leave empty until you know: the page then invites people to ask.",
    )
    parking = models.TextField(
        blank=True,
        help_text="Where to park, Blue Badge spaces and any charge. Leave empty until you know: "
        "the page then invites people to ask.",
    )
    directions = models.TextField(
        "finding the way in",
        blank=True,
        help_text="Which entrance and room to use, and where to go on arrival. Trains, buses "
        "and parking have their own boxes above.",
    )
    map_url = URLField(
        "map link",
        blank=True,
        help_text="A map of the venue, such as its own campus map. If empty, pages link to "
        "OpenStreetMap for the address and postcode.",
    )
    step_free_access = models.CharField(
        max_length=10,
        choices=AccessFeature.choices,
        default=AccessFeature.UNKNOWN,
        help_text=ACCESS_HELP,
    )
    hearing_loop = models.CharField(
        max_length=10,
        choices=AccessFeature.choices,
        default=AccessFeature.UNKNOWN,
        help_text=ACCESS_HELP,
    )
    quiet_room = models.CharField(
        max_length=10,
        choices=AccessFeature.choices,
        default=AccessFeature.UNKNOWN,
        help_text=ACCESS_HELP,
    )
    quiet_room_location = models.CharField(
        "where the quiet room is",
        max_length=200,
        blank=True,
        help_text="For example 'Room 1.12, on the same floor as the main hall'.",
    )
    accessible_toilets = models.CharField(
        max_length=10,
        choices=AccessFeature.choices,
        default=AccessFeature.UNKNOWN,
        help_text=ACCESS_HELP,
    )
    lift = models.CharField(
        max_length=10, choices=Lift.choices, default=Lift.UNKNOWN, help_text=ACCESS_HELP
    )
    seating = models.TextField(
        blank=True,
        help_text="How the room is set out: chairs with arms or backs, space for wheelchairs, "
        "room to stand or move about.",
    )
    accessibility_notes = models.TextField(
        blank=True, help_text="Anything else about access: lighting, signs, the way in."
    )
    access_contact_name = models.CharField(
        "access contact",
        max_length=200,
        blank=True,
        help_text="The person to ask about access needs. If empty, pages point to the "
        "organisers' contact address.",
    )
    access_contact_email = models.EmailField("access contact email", blank=True)
    access_contact_phone = models.CharField("access contact phone", max_length=40, blank=True)

    class Meta:
        ordering = ["city", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(step_free_access__in=AccessFeature.values)
                & Q(hearing_loop__in=AccessFeature.values)
                & Q(quiet_room__in=AccessFeature.values),
                name="seminars_venue_access_features_valid",
            ),
            models.CheckConstraint(
                condition=Q(accessible_toilets__in=AccessFeature.values) & Q(lift__in=Lift.values),
                name="seminars_venue_toilets_and_lift_valid",
            ),
        ]

    def __str__(self):
        return f"{self.name}, {self.city}" if self.city not in self.name else self.name

    def clean(self):
        clean_name_fields(self, "access_contact_name")
        if self.quiet_room == AccessFeature.NO and self.quiet_room_location.strip():
            # The page would say "Quiet room: No" and drop the place typed: one is a slip.
            raise ValidationError(
                {
                    "quiet_room_location": "This venue is set to have no quiet room. Choose "
                    "'Yes' for the quiet room, or leave where it is empty."
                }
            )

    @property
    def postal_address(self):
        """The address as one line: street, town and postcode."""
        street = ", ".join(line.strip() for line in self.address.splitlines() if line.strip())
        return ", ".join(part for part in (street, f"{self.city} {self.postcode}".strip()) if part)

    @property
    def map_link(self):
        """The organisers' map link, else an OpenStreetMap search for the address."""
        if self.map_url:
            return self.map_url
        return OPENSTREETMAP_SEARCH + urlencode({"query": self.postal_address})

    def access_for(self, *, starts_at, registration_deadline, now=None):
        """What the public page says about access for a seminar here (see VenueAccess)."""
        features = [
            (field, label, phrase, getattr(self, field)) for field, label, phrase in ACCESS_FEATURES
        ]
        confirmed = [
            (label, self._said(field, value))
            for field, label, _, value in features
            if value != AccessFeature.UNKNOWN
        ]
        to_confirm = [phrase for *_, phrase, value in features if value == AccessFeature.UNKNOWN]
        confirm_by = access_confirmed_by(
            starts_at=starts_at, registration_deadline=registration_deadline
        )
        today = timezone.localdate(now or timezone.now())
        return VenueAccess(
            confirmed=confirmed,
            to_confirm=to_confirm,
            confirm_by=confirm_by if confirm_by and confirm_by >= today else None,
        )

    def _said(self, field, value):
        """How the public page says a confirmed fact: "Yes" or "No" (and where the quiet room
        is, or that no lift is needed)."""
        if field == "quiet_room" and value == AccessFeature.YES and self.quiet_room_location:
            return f"Yes: {self.quiet_room_location}"
        if field == "lift":
            return Lift(value).label
        return AccessFeature(value).label


# (field, label where it is confirmed, phrase in "We are still checking whether there is ...").
ACCESS_FEATURES = [
    ("step_free_access", "Step-free access", "step-free access"),
    ("lift", "Lift", "a lift"),
    ("accessible_toilets", "Accessible toilets", "an accessible toilet"),
    ("hearing_loop", "Hearing loop", "a hearing loop"),
    ("quiet_room", "Quiet room", "a quiet room"),
]


@dataclass(frozen=True)
class VenueAccess:
    """Access at a venue for one seminar: what is confirmed ("Yes" or "No" by label), what the
    organisers are still checking (phrases), and the day they promise to confirm it by (None
    when the seminar has no date yet or that day has passed: then people are simply asked)."""

    confirmed: list
    to_confirm: list
    confirm_by: datetime.date | None

    @property
    def to_confirm_sentence(self):
        """'step-free access, a hearing loop and a quiet room'."""
        if len(self.to_confirm) < 2:
            return "".join(self.to_confirm)
        return ", ".join(self.to_confirm[:-1]) + " and " + self.to_confirm[-1]


def access_confirmed_by(*, starts_at, registration_deadline):
    """The day by which organisers confirm access still unknown: the last day to register, or
    ACCESS_CONFIRMED_DAYS_BEFORE days before the seminar if that is sooner. None without a date."""
    if starts_at is None:
        return None
    day = timezone.localdate(starts_at) - datetime.timedelta(days=ACCESS_CONFIRMED_DAYS_BEFORE)
    if registration_deadline is not None:
        # A deadline at midnight closes at the end of the day before: that is the last day.
        last_day = timezone.localtime(registration_deadline - datetime.timedelta(microseconds=1))
        day = min(day, last_day.date())
    return day
