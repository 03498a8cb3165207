from django.contrib import admin, messages

from . import services
from .models import Subscriber


@admin.register(Subscriber)
class SubscriberAdmin(admin.ModelAdmin):
    """The mailing list. People join and confirm themselves (double opt-in); organisers can
    only remove someone who asks, through the same function as the unsubscribe link."""

    list_display = ["email", "status", "on_list", "confirmed_at", "keep_until", "created"]
    list_filter = ["status", "on_list", "carried_over"]
    search_fields = ["email"]
    readonly_fields = [
        "email",
        "status",
        "on_list",
        "wants_list",
        "confirm_by",
        "confirmed_at",
        "keep_until",
        "carried_over",
        "stay_asked_at",
        "created",
    ]
    fields = readonly_fields
    actions = ["remove_selected"]

    def has_add_permission(self, request):
        return False  # people sign up and confirm themselves

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # "Remove the selected from the list" also drops their queued emails

    @admin.action(description="Remove the selected from the list", permissions=["view"])
    def remove_selected(self, request, queryset):
        count = 0
        for subscriber in queryset:
            services.unsubscribe(subscriber)
            count += 1
        self.message_user(request, f"Removed {count} address(es) from the list.", messages.SUCCESS)
