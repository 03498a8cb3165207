"""Registrations' staff pages, in the admin's look: registering someone who phoned or wrote in,
sending a confirmation again, correcting attendance once it is complete, and the mailing list's
export. Who may use each is registrations/rules.py's to say; the writes are its services'.

The group emails (everyone registered, the mailing list) are in mailings.py.
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_POST

from registrations import rules, services
from registrations.admin.exports import future_seminars_csv

from .forms import CorrectAttendanceForm, OrganiserRegistrationForm

NO_EMAIL_TO_SEND = (
    "They have no email address, so we have emailed them nothing: tell them yourself that "
    "they are registered. Later, any certificate or feedback link is also yours to give them."
)


def registration_page(registration):
    return reverse("admin:registrations_registration_change", args=[registration.pk])


def visible_or_404(request, registration_id):
    """The registration, if `request.user` may see it (never a place held for a bursary offer,
    unless registrations.rules says so)."""
    registrations = rules.visible_registrations(request.user).select_related("seminar")
    return get_object_or_404(registrations, pk=registration_id)


def register_someone(request):
    if not rules.may_change_registrations(request.user):
        raise PermissionDenied
    # "Register someone" from a seminar's page or a filtered list comes with ?seminar=<id>.
    initial = {"seminar": request.GET.get("seminar")} if request.method == "GET" else {}
    form = OrganiserRegistrationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            registration, outcome = services.register(
                form.cleaned_data["seminar"],
                **form.service_arguments(),
                by=request.user,
                override_capacity=form.cleaned_data["override_capacity"],
            )
        except services.RegistrationError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                {
                    "confirmed": f"{registration.name} has a confirmed place.",
                    "waiting": f"The seminar is full: {registration.name} is on the waiting "
                    f"list at number {registration.waiting_position()}.",
                    "existing": f"{registration.email} was already registered; we have emailed "
                    "them their link again.",
                }[outcome],
            )
            if not registration.email:
                messages.warning(request, NO_EMAIL_TO_SEND)
            if not rules.may_see_registration(request.user, registration):
                # A place held for a bursary offer: not a row this person may open.
                return redirect(reverse("admin:registrations_registration_changelist"))
            return redirect(registration_page(registration))
    return TemplateResponse(
        request,
        "organising/registrations/register_someone.html",
        {**admin.site.each_context(request), "title": "Register someone", "form": form},
    )


@require_POST
def resend_confirmation(request, registration_id):
    if not rules.may_change_registrations(request.user):
        raise PermissionDenied
    registration = visible_or_404(request, registration_id)
    try:
        services.resend_confirmation(registration, by=request.user)
    except services.RegistrationError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"Their confirmation is on its way to {registration.email}.")
    return redirect(registration_page(registration))


def correct_attendance(request, registration_id):
    """Once attendance is marked complete, the only change to who attended: recorded with the
    reason (services.correct_attendance; the certificate follows)."""
    registration = visible_or_404(request, registration_id)
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
            messages.success(
                request,
                f"{registration.name}'s attendance is corrected; their certificate follows.",
            )
            return redirect(registration_page(registration))
    return TemplateResponse(
        request,
        "organising/registrations/correct_attendance.html",
        {
            **admin.site.each_context(request),
            "title": f"Correct {registration.name}'s attendance",
            "registration": registration,
            "form": form,
        },
    )


def opted_in(request):
    """The mailing list's addresses, as a spreadsheet."""
    if not rules.may_view_registrations(request.user):
        raise PermissionDenied
    return future_seminars_csv(services.mailing_list())
