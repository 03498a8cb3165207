from django.contrib import admin

from .models import Email


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
        "body_text",
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

    def has_change_permission(self, request, obj=None):
        return False
