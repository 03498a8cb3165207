"""Admin pieces every app shares."""

from django.contrib import admin


class RecordAdmin(admin.ModelAdmin):
    """A record that the site writes and staff only read: nothing added, changed or deleted
    by hand."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
