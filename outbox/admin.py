import datetime

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from common.admin import HistoryMixin
from common.logging import TOKEN_PATH
from common.words import how_many

from . import kinds, services
from .models import Email, EmailStatus


def redact_links(text):
    return TOKEN_PATH.sub(r"/\1/[private link]", text)


class KindFilter(admin.SimpleListFilter):
    """The kinds of email this person may read, by what each is."""

    title = "what it is"
    parameter_name = "kind"

    def lookups(self, request, model_admin):
        readable = [name for name in kinds.declared() if kinds.may_read_kind(request.user, name)]
        return sorted(((name, kinds.label(name)) for name in readable), key=lambda kind: kind[1])

    def queryset(self, request, queryset):
        return queryset.filter(kind=self.value()) if self.value() else queryset


@admin.register(Email)
class EmailAdmin(HistoryMixin, admin.ModelAdmin):
    list_display = ["subject", "to", "what_it_is", "status", "attempts", "created", "sent_at"]
    list_filter = ["status", KindFilter]
    search_fields = ["to", "subject"]
    date_hierarchy = "created"
    actions = ["try_again"]
    readonly_fields = [
        "what_it_is",
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

    @admin.display(description="What it is", ordering="kind")
    def what_it_is(self, email):
        return kinds.label(email.kind, (email.render or {}).get("values"))

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        """Each email only to those its kind names as readers (outbox/kinds.py): an email of a
        kind nobody declared, to superusers only."""
        return super().get_queryset(request).filter(kinds.readable_by(request.user))

    def has_retry_permission(self, request):
        """Whoever may see an email may send it again, written afresh from today's data to the
        same address. Which emails they see is get_queryset's business."""
        return self.has_view_permission(request)

    def get_urls(self):
        return [
            path(
                "<int:object_id>/try-again/",
                self.admin_site.admin_view(require_POST(self.try_again_view)),
                name="outbox_email_try_again",
            ),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        """With a line on whether the email worker is alive: emails wait while it is not."""
        beat = services.last_heartbeat()
        silent = beat is None or timezone.now() - beat > datetime.timedelta(seconds=60)
        extra_context = {**(extra_context or {}), "worker_beat": beat, "worker_silent": silent}
        return super().changelist_view(request, extra_context)

    def render_change_form(self, request, context, *args, obj=None, **kwargs):
        context["can_retry"] = bool(
            obj and obj.status == EmailStatus.FAILED and self.has_retry_permission(request)
        )
        return super().render_change_form(request, context, *args, obj=obj, **kwargs)

    @admin.display(description="Text")
    def body(self, email):
        """The text with private links taken out: staff must not be able to act as the person."""
        return redact_links(email.body_text)

    @admin.action(description="Try the selected failed emails again", permissions=["retry"])
    def try_again(self, request, queryset):
        self._try_again(request, queryset)

    def try_again_view(self, request, object_id):
        if not self.has_retry_permission(request):
            raise PermissionDenied
        email = self.get_object(request, str(object_id))  # only an email this person may see
        if email is None:
            raise Http404
        self._try_again(request, Email.objects.filter(pk=email.pk))
        return redirect(reverse("admin:outbox_email_change", args=[email.pk]))

    def _try_again(self, request, queryset):
        outcome = services.retry_failed(queryset, by=request.user)
        if outcome.requeued:
            self.message_user(
                request,
                f"Put {how_many(outcome.requeued, 'email')} back in the queue, written again from "
                "today's details: they are sent within a minute or two while the email worker "
                "runs.",
                messages.SUCCESS,
            )
        for reason, count in outcome.refused.items():
            self.message_user(request, f"{how_many(count, 'email')}: {reason}", messages.WARNING)
        if not outcome.requeued and not outcome.refused:
            self.message_user(
                request, "Only failed emails can be tried again: nothing changed.", messages.WARNING
            )
