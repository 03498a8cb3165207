"""The registrations' admin pages (lists, a row's page, actions: registrations/admin) with the
buttons to their staff pages here, registered in place of registrations' own, as each app above
adds its part to the admin. The staff pages' old addresses in the admin send people on to their
new ones: emails already sent link to them."""

from django.contrib import admin
from django.http import HttpResponsePermanentRedirect
from django.urls import path, reverse
from django.utils.html import format_html

from registrations import rules
from registrations.models import Registration, RegistrationStatus
from seminars.models import Seminar


def moved(name):
    """An old address of organising's page `name`: a permanent redirect there, with the same
    arguments and query string (301). A POST (a form on a page opened before the move) keeps
    its method and body (308), so it still does what it said."""

    def view(request, **kwargs):
        url = reverse(f"organising:{name}", kwargs=kwargs)
        if query := request.META.get("QUERY_STRING"):
            url = f"{url}?{query}"
        keep_post = request.method not in ("GET", "HEAD")
        return HttpResponsePermanentRedirect(url, preserve_request=keep_post)

    return view


# Each a subclass of the admin registered so far, so that what the other apps add stays.
RegistrationAdminSoFar = type(admin.site.get_model_admin(Registration))
SeminarAdminSoFar = type(admin.site.get_model_admin(Seminar))


class StaffRegistrationAdmin(RegistrationAdminSoFar):
    change_list_template = "organising/registrations/registration_change_list.html"
    change_form_template = "organising/registrations/registration_change_form.html"

    def get_urls(self):
        return [
            path(
                "register-someone/",
                moved("register-someone"),
                name="registrations_registration_register_someone",
            ),
            path(
                "email-registered/<int:seminar_id>/",
                moved("email-registered"),
                name="registrations_registration_email_registered",
            ),
            path(
                "announce/<int:seminar_id>/",
                moved("announce"),
                name="registrations_registration_announce",
            ),
            path(
                "<int:registration_id>/resend-confirmation/",
                moved("resend-confirmation"),
                name="registrations_registration_resend_confirmation",
            ),
            path(
                "<int:registration_id>/correct-attendance/",
                moved("correct-attendance"),
                name="registrations_registration_correct_attendance",
            ),
            path(
                "future-seminars.csv",
                moved("opted-in"),
                name="registrations_registration_opted_in",
            ),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        seminar_id = request.GET.get("seminar__id__exact")
        extra_context = {
            **(extra_context or {}),
            "can_register_someone": rules.may_change_registrations(request.user),
            "seminar_id": seminar_id if seminar_id and seminar_id.isdigit() else None,
        }
        return super().changelist_view(request, extra_context)

    def render_change_form(self, request, context, *args, obj=None, **kwargs):
        context["can_correct_attendance"] = bool(
            obj and obj.is_confirmed and rules.may_correct_attendance(request.user, obj.seminar)
        )
        context["can_resend"] = bool(
            obj
            and obj.email
            and obj.status in (RegistrationStatus.CONFIRMED, RegistrationStatus.WAITING)
            and obj.seminar.phase().is_live  # a confirmation means nothing once it is over
            and rules.may_change_registrations(request.user)
        )
        return super().render_change_form(request, context, *args, obj=obj, **kwargs)


class StaffSeminarAdmin(SeminarAdminSoFar):
    def get_urls(self):
        return [
            path(
                "<int:seminar_id>/tell-registered/",
                moved("tell-registered"),
                name="seminars_seminar_tell_registered",
            ),
            *super().get_urls(),
        ]

    @admin.display(description="Registrations")
    def registration_links(self, seminar):
        if not seminar.pk:
            return "—"
        return format_html(
            '{} · <a href="{}?seminar={}">Register someone</a>',
            super().registration_links(seminar),
            reverse("organising:register-someone"),
            seminar.pk,
        )


admin.site.unregister(Registration)
admin.site.register(Registration, StaffRegistrationAdmin)
admin.site.unregister(Seminar)
admin.site.register(Seminar, StaffSeminarAdmin)
