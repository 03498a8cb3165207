"""An organiser corrects one person's attendance after it was marked complete: the only change to
who attended then, recorded with the reason (services.correct_attendance; the certificate
follows). Who may: rules.may_correct_attendance."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse

from .. import rules, services


class CorrectAttendanceForm(forms.Form):
    attended = forms.TypedChoiceField(
        label="What happened",
        choices=[("yes", "They came"), ("no", "They did not come")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether they came."},
    )
    reason = forms.CharField(
        label="Why are you correcting it?",
        max_length=200,
        help_text="For example 'Signed the sheet on page 2'. It is kept with your name.",
        error_messages={"required": "Say why you are correcting it: it is recorded."},
    )


def correct_attendance(model_admin, request, object_id):
    registration = model_admin.get_object(request, str(object_id))
    if registration is None:
        raise Http404
    if not rules.may_correct_attendance(request.user, registration.seminar):
        raise PermissionDenied
    form = CorrectAttendanceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.correct_attendance(
                registration,
                attended=form.cleaned_data["attended"],
                reason=form.cleaned_data["reason"],
                by=request.user,
            )
        except services.RegistrationError as error:
            form.add_error(None, str(error))
        else:
            model_admin.message_user(
                request,
                f"{registration.name}'s attendance is corrected; their certificate follows.",
                messages.SUCCESS,
            )
            return redirect(reverse("admin:registrations_registration_change", args=[object_id]))
    return TemplateResponse(
        request,
        "admin/registrations/correct_attendance.html",
        {
            **model_admin.admin_site.each_context(request),
            "title": f"Correct {registration.name}'s attendance",
            "registration": registration,
            "form": form,
        },
    )
