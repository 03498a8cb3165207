"""Each speaker's agreement that the recording of their seminar may be shared with the people
registered for it: recorded per speaker, with who recorded it and when."""

from django.conf import settings
from django.db import models

from common.basemodels import TimeStampedModel
from seminars.models import SeminarSpeaker


class RecordingConsent(TimeStampedModel):
    speaker = models.OneToOneField(
        SeminarSpeaker,
        on_delete=models.CASCADE,
        related_name="recording_consent",
        help_text="A speaker of the seminar, as listed on the seminar's page in the admin.",
    )
    agreed = models.BooleanField(
        "agreed to the recording being shared",
        default=False,
        help_text="Tick when this speaker has agreed that the recording may be shared with the "
        "people registered for the seminar. Untick if they change their mind: the seminar's "
        "recordings are taken off at once.",
    )
    note = models.CharField(
        "how they agreed",
        max_length=250,
        blank=True,
        help_text="For example 'email of 3 March, filed in the project folder'.",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        help_text="Who recorded the answer last.",
    )
    recorded_at = models.DateTimeField(
        null=True, blank=True, editable=False, help_text="When the answer was last recorded."
    )

    class Meta:
        ordering = ["speaker__seminar__number", "speaker__order", "pk"]
        verbose_name = "speaker's agreement to recordings"
        verbose_name_plural = "speakers' agreement to recordings"

    def __str__(self):
        answer = "agreed" if self.agreed else "not agreed"
        return f"{self.speaker.person} at {self.speaker.seminar}: {answer}"
