from django.db import models
from django.db.models import F, Q

from common.basemodels import TimeStampedModel
from people.models import Person

from .seminars import Seminar


class SeminarSpeaker(TimeStampedModel):
    seminar = models.ForeignKey(Seminar, on_delete=models.CASCADE, related_name="talks")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="talks")
    order = models.PositiveSmallIntegerField(default=0, help_text="Lowest first.")
    talk_title = models.CharField(max_length=250, blank=True)

    class Meta:
        ordering = ["order", "person__name"]
        verbose_name = "speaker"
        constraints = [
            models.UniqueConstraint(
                fields=["seminar", "person"],
                name="seminars_seminarspeaker_once_per_seminar",
                violation_error_message="This person is already a speaker at this seminar.",
            ),
        ]

    def __str__(self):
        return f"{self.person} at {self.seminar}"


class ProgrammeItem(TimeStampedModel):
    seminar = models.ForeignKey(Seminar, on_delete=models.CASCADE, related_name="programme_items")
    starts_at = models.TimeField("starts", help_text="UK time, for example 10:30.")
    ends_at = models.TimeField("ends", null=True, blank=True)
    title = models.CharField(max_length=250, help_text="For example 'Welcome and introductions'.")
    description = models.TextField(blank=True)
    speakers = models.ManyToManyField(Person, blank=True, related_name="programme_items")

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = "programme item"
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__isnull=True) | Q(ends_at__gt=F("starts_at")),
                name="seminars_programmeitem_ends_after_start",
                violation_error_message="An item must end after it starts.",
            ),
        ]

    def __str__(self):
        return f"{self.starts_at:%H:%M} {self.title}"
