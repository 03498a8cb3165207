"""Admin pieces every app shares: a record staff only read, the one log on every logged
object's pages, and (for superusers) the whole log."""

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.forms.models import BaseInlineFormSet
from django.template.response import TemplateResponse

from . import audit
from .models import AuditEntry


class RecordAdmin(admin.ModelAdmin):
    """A record that the site writes and staff only read: nothing added, changed or deleted
    by hand."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class LabelledInlineFormSet(BaseInlineFormSet):
    """A table of inline rows names each input: Django's tabular inline shows the field's name
    once, in the column heading, and leaves the inputs without a label (axe: "Form elements
    must have labels"). Each input is given its column's name (aria-label) instead."""

    def add_fields(self, form, index):
        super().add_fields(form, index)
        for field in form.fields.values():
            widget = getattr(field.widget, "widget", field.widget)  # inside the admin's wrapper
            if not widget.is_hidden:
                widget.attrs.setdefault("aria-label", str(field.label))


class LabelledTabularInline(admin.TabularInline):
    formset = LabelledInlineFormSet


class HistoryMixin:
    """The one log (common.audit) on an object's change page and behind its History button,
    less the entries the rules hide from the reader. Django's own LogEntry history is not
    shown: our services write the log, so that page was empty or told half the story."""

    object_history_template = "admin/log_history.html"

    def render_change_form(self, request, context, *args, obj=None, **kwargs):
        if obj is not None:
            context["history"] = audit.history(obj, request.user)
        return super().render_change_form(request, context, *args, obj=obj, **kwargs)

    def history_view(self, request, object_id, extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if not self.has_view_or_change_permission(request, obj):
            raise PermissionDenied
        request.current_app = self.admin_site.name
        context = {
            **self.admin_site.each_context(request),
            "title": f"History: {obj}",
            "subtitle": None,
            "object": obj,
            "opts": self.opts,
            "app_label": self.opts.app_label,
            "history": audit.history(obj, request.user),
            **(extra_context or {}),
        }
        return TemplateResponse(request, self.object_history_template, context)


@admin.register(AuditEntry)
class AuditEntryAdmin(RecordAdmin):
    """Every entry of the log, for superusers alone: each object's page shows its own entries
    to the staff who may read them."""

    list_display = ["at", "action", "content_type", "object_id", "who", "fields"]
    list_filter = ["content_type"]
    search_fields = ["action"]
    date_hierarchy = "at"
    list_select_related = ["by", "content_type"]
    readonly_fields = ["at", "action", "content_type", "object_id", "by", "fields", "data"]
    fields = readonly_fields

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser
