from django.db import models
from django.db.models import Q

from config.models import TimeStampedModel, URLField


class AccessFeature(models.TextChoices):
    YES = "yes", "Yes"
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
    directions = models.TextField(
        blank=True, help_text="How to get there: trains, buses, parking, which entrance to use."
    )
    map_url = URLField("map link", blank=True)
    step_free_access = models.CharField(
        max_length=10, choices=AccessFeature.choices, default=AccessFeature.UNKNOWN
    )
    hearing_loop = models.CharField(
        max_length=10, choices=AccessFeature.choices, default=AccessFeature.UNKNOWN
    )
    quiet_room = models.CharField(
        max_length=10, choices=AccessFeature.choices, default=AccessFeature.UNKNOWN
    )
    accessibility_notes = models.TextField(
        blank=True, help_text="Anything else about access: toilets, seating, lighting, lifts."
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
        ]

    def __str__(self):
        return f"{self.name}, {self.city}" if self.city not in self.name else self.name

    @property
    def postal_address(self):
        """The address as one line: street, town and postcode."""
        street = ", ".join(line.strip() for line in self.address.splitlines() if line.strip())
        return ", ".join(part for part in (street, f"{self.city} {self.postcode}".strip()) if part)

    @property
    def access_features(self):
        return [
            ("Step-free access", self.get_step_free_access_display()),
            ("Hearing loop", self.get_hearing_loop_display()),
            ("Quiet room", self.get_quiet_room_display()),
        ]
