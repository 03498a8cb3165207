from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models


class AuditEntry(models.Model):
    """Who changed what, and when: the names of the fields changed, never their values, so
    nothing personal outlives the retention jobs that remove the values themselves."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    action = models.CharField(max_length=100, help_text="What was done, in words.")
    fields = models.JSONField(default=list, blank=True, help_text="Names of the fields changed.")
    data = models.JSONField(
        default=dict,
        blank=True,
        help_text="Codes that describe the change, such as a status move's 'from' and 'to'; "
        "never a personal value.",
    )
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="Empty when the person concerned, or the system, made the change.",
    )
    at = models.DateTimeField()

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = "audit entry"
        verbose_name_plural = "audit entries"
        indexes = [models.Index(fields=["content_type", "object_id"], name="common_audit_object")]

    def __str__(self):
        return f"{self.action} ({self.at:%Y-%m-%d %H:%M})"

    @property
    def description(self):
        """The action as a sentence starts: 'Decision staged: offer', 'Submitted to Offered'."""
        return self.action[:1].upper() + self.action[1:]

    @property
    def who(self):
        return self.by.get_username() if self.by else "The person themselves, or the system"
