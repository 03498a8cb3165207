import datetime

from django.contrib import admin
from django.utils import timezone

from config.logging import TOKEN_PATH

from . import services
from .models import Email


def redact_links(text):
    return TOKEN_PATH.sub(r"/\1/[private link]", text)


@admin.register(Email)
class EmailAdmin(admin.ModelAdmin):
    list_display = ["subject", "to", "kind", "status", "attempts", "created", "sent_at"]
    list_filter = ["status", "kind"]
    search_fields = ["to", "subject"]
    date_hierarchy = "created"
    readonly_fields = [
        "kind",
        "to",
        "subject",
        "body",
        "status",
        "attempts",
        "next_attempt_at",
        "locked_until",
        "sent_at",
        "last_error",
        "created",
        "updated",
    ]
    fields = readonly_fields

    def has_add_permission(self, request):
        return False

    def changelist_view(self, request, extra_context=None):
        """With a line on whether the email worker is alive: emails wait while it is not."""
        beat = services.last_heartbeat()
        silent = beat is None or timezone.now() - beat > datetime.timedelta(seconds=60)
        extra_context = {**(extra_context or {}), "worker_beat": beat, "worker_silent": silent}
        return super().changelist_view(request, extra_context)

    @admin.display(description="Text")
    def body(self, email):
        """The text with private links taken out: staff must not be able to act as the person."""
        return redact_links(email.body_text)

    def has_change_permission(self, request, obj=None):
        return False
