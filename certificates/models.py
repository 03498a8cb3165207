"""Certificates of attendance are made on demand from current data (registrations/seminars), so
a corrected name gives a corrected certificate and nothing personal is stored here. This app
keeps only the signature printed on them and a record of each seminar's follow-up emails."""

from django.conf import settings
from django.db import models

from common.images import SafeImageField
from config.models import TimeStampedModel
from config.storage import private_storage
from people.models import Person
from seminars.models import Seminar


class Signature(TimeStampedModel):
    """A signature printed on certificates when its person is the principal investigator."""

    person = models.OneToOneField(
        Person,
        on_delete=models.CASCADE,
        related_name="certificate_signature",
        help_text="Certificates are signed by the research team's principal investigator; "
        "their signature is used when there is one.",
    )
    # Kept out of public media: a signature at a public address invites forgery.
    image = SafeImageField(
        upload_to="signatures/",
        storage=private_storage,
        help_text="A JPEG or PNG of the signature, in dark ink on white, about 3 times as wide "
        "as it is tall. It is printed only on certificates.",
    )

    class Meta:
        verbose_name = "certificate signature"

    def __str__(self):
        return f"Signature of {self.person}"


class FollowUp(TimeStampedModel):
    """The follow-up emails of one seminar were queued: its row makes sure they go once."""

    seminar = models.OneToOneField(Seminar, on_delete=models.PROTECT, related_name="follow_up")
    sent_at = models.DateTimeField(help_text="When the emails were queued.")
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The organiser who marked attendance complete; empty when the scheduled "
        "job sent them.",
    )
    thanked = models.PositiveIntegerField(
        default=0, help_text="Emails with thanks and a certificate, to people who came."
    )
    missed = models.PositiveIntegerField(
        default=0, help_text="'Sorry we missed you' emails, to people with a place who did not."
    )

    class Meta:
        ordering = ["-sent_at"]
        verbose_name = "follow-up"

    def __str__(self):
        return f"Follow-up of {self.seminar}"
