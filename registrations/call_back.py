"""The call-back list: people who asked us to phone them to talk about what would help."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from common.basemodels import TimeStampedModel


class CallBack(TimeStampedModel):
    """Someone asked us to phone them to talk about what would help them on the day: the
    call-back list organisers work through. Deleted with the registration's other details
    (services.apply_retention)."""

    registration = models.OneToOneField(
        "registrations.Registration", on_delete=models.CASCADE, related_name="call_back"
    )
    phone = models.CharField("phone number", max_length=40)
    called_at = models.DateTimeField(null=True, blank=True)
    called_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The organiser who phoned them.",
    )

    class Meta:
        ordering = ["created", "pk"]
        verbose_name = "call back"
        constraints = [
            models.CheckConstraint(
                condition=~Q(phone=""),
                name="registrations_callback_has_phone",
                violation_error_message="Enter the phone number to call.",
            ),
        ]

    def __str__(self):
        return f"Call back {self.pk}"

    @property
    def is_done(self):
        return self.called_at is not None
