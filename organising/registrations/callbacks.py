"""The call-back list: people who asked us to phone them about what would help on the day, with
their number, seminar, and whether someone has called (who, when). Organisers only
(registrations.rules.may_work_call_backs); the writes are registrations' services'."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_POST

from registrations import rules, services


def call_backs(request):
    if not rules.may_work_call_backs(request.user):
        raise PermissionDenied
    calls = list(
        rules.visible_call_backs(request.user)
        .select_related("registration__seminar", "called_by")
        .order_by("called_at", "registration__seminar__starts_at", "created", "pk")
    )
    return TemplateResponse(
        request,
        "organising/registrations/call_backs.html",
        {
            **admin.site.each_context(request),
            "title": "People to phone",
            "to_call": [call for call in calls if not call.is_done],
            "called": [call for call in calls if call.is_done],
        },
    )


@require_POST
def called(request, call_id):
    if not rules.may_work_call_backs(request.user):
        raise PermissionDenied
    call = get_object_or_404(
        rules.visible_call_backs(request.user).select_related("registration"), pk=call_id
    )
    services.mark_called(call, by=request.user)
    messages.success(request, f"Marked as called: {call.registration.name}.")
    return redirect(reverse("organising:call-backs") + "#to-call")
