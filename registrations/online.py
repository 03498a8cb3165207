"""Taking part online: where a registrant takes part, and this app's part of a seminar that
offers online places (one row beside the seminar; a seminar without one, or with no online
places, is in the room only).

The joining link is a private fact: it goes only to people with an online place, by email and
on their private page, never on a public (or cached) page.
"""

from django.core.exceptions import ObjectDoesNotExist
from django.db import models

from common.basemodels import TimeStampedModel, URLField
from seminars.models import Seminar


class Mode(models.TextChoices):
    """Where a registrant takes part. Places, the waiting list and counts are kept per mode."""

    ROOM = "room", "In the room"
    ONLINE = "online", "Online"


class SeminarOnline(TimeStampedModel):
    seminar = models.OneToOneField(
        Seminar, on_delete=models.CASCADE, primary_key=True, related_name="online"
    )
    capacity = models.PositiveIntegerField(
        "online places",
        default=0,
        help_text="How many people can take part online, beside the places in the room. 0 "
        "offers no online places. They have their own waiting list, and the same deadlines.",
    )
    joining_link = URLField(
        "joining link",
        max_length=500,
        blank=True,
        help_text="The meeting's address (whatever platform you use). Sent only to people with "
        "an online place, by email and on their private page; never shown on public pages. "
        "If you do not have it yet, add it before the reminders go out: they carry it.",
    )

    class Meta:
        verbose_name = "online places"
        verbose_name_plural = "online places"

    def __str__(self):
        return f"Online places at {self.seminar}"

    @classmethod
    def of(cls, seminar):
        """The seminar's online settings; an unsaved row with no places when it has none."""
        try:
            return seminar.online
        except ObjectDoesNotExist:
            return cls(seminar=seminar)


def online_capacity(seminar):
    """The seminar's online places: 0 when it offers none."""
    return SeminarOnline.of(seminar).capacity


def capacity_for(seminar, mode):
    """The places for `mode`: the seminar's own capacity in the room, its online places online."""
    return online_capacity(seminar) if mode == Mode.ONLINE else seminar.capacity


def offers_online(seminar):
    return online_capacity(seminar) > 0
