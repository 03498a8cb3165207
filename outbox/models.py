from enum import nonmember

from django.db import models
from django.db.models import Q
from django.utils import timezone

from common.basemodels import TimeStampedModel


class EmailStatus(models.TextChoices):
    QUEUED = "queued", "Waiting to be sent"
    SENDING = "sending", "Being sent"
    SENT = "sent", "Sent"
    FAILED = "failed", "Failed: will not be retried"

    pending = nonmember(("queued", "sending"))


class Email(TimeStampedModel):
    """One message to one recipient, written in the same transaction as the change it reports.

    The worker (`manage.py send_queued_email`) delivers it after that transaction commits, so a
    rollback sends nothing and a crash after commit loses nothing.
    """

    kind = models.CharField(
        max_length=100, help_text="Which message this is, e.g. registrations/place_confirmed."
    )
    to = models.EmailField(max_length=254)
    subject = models.CharField(max_length=300)
    body_text = models.TextField()
    body_html = models.TextField(blank=True)
    attachments = models.JSONField(
        default=list, blank=True, help_text="Text attachments: filename, content and mimetype."
    )
    headers = models.JSONField(
        default=dict,
        blank=True,
        help_text="Email headers, set once when the email is queued: the same Message-ID goes "
        "with every attempt, so that a mail program shows a repeat as one message.",
    )
    render = models.JSONField(
        default=dict,
        blank=True,
        help_text="What it was written from: its template, the records it is about (by "
        "reference) and plain values, so that trying it again writes it from today's data.",
    )
    status = models.CharField(
        max_length=20, choices=EmailStatus.choices, default=EmailStatus.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now, db_index=True)
    locked_until = models.DateTimeField(
        null=True, blank=True, help_text="A worker is sending it; another may retry after this."
    )
    sent_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(
        max_length=300,
        blank=True,
        help_text="The kind of the last failure, or why it was not tried again; never an address.",
    )

    class Meta:
        ordering = ["-created"]
        verbose_name = "email"
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="outbox_email_due"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=EmailStatus.values), name="outbox_email_status_valid"
            ),
        ]

    def __str__(self):
        return f"{self.subject} ({self.get_status_display()})"


class WorkerHeartbeat(models.Model):
    """The email worker says it is alive: one row per worker process, renewed as it runs."""

    name = models.CharField(max_length=200, unique=True, help_text="Host and process id.")
    started_at = models.DateTimeField()
    beat_at = models.DateTimeField(db_index=True)

    class Meta:
        ordering = ["-beat_at"]
        verbose_name = "email worker"

    def __str__(self):
        return self.name
