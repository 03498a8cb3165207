"""Certificates in the admin: the signature they carry, each seminar's follow-up, and what this
app adds to the seminar admin ("Mark attendance as complete", a preview of the certificate)."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html

from common.admin import RecordAdmin
from people.models import Person
from registrations.models import Registration
from seminars.models import Seminar

from . import pdf, services
from .models import FollowUp, Signature

SAMPLE_NAME = "Sample Name"


@admin.register(Signature)
class SignatureAdmin(admin.ModelAdmin):
    list_display = ["person", "updated"]
    readonly_fields = ["created", "updated"]
    fields = ["person", "image", "created", "updated"]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "image":
            # The file is private (no address), so the admin cannot link to the current one.
            kwargs["widget"] = forms.FileInput(attrs={"accept": "image/jpeg,image/png"})
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "person":
            kwargs["queryset"] = Person.objects.team()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(FollowUp)
class FollowUpAdmin(RecordAdmin):
    """A record of what went: made by "Mark attendance as complete" or the scheduled job."""

    list_display = ["seminar", "sent_at", "sent_by", "thanked", "missed"]
    list_select_related = ["seminar", "sent_by"]
    readonly_fields = ["seminar", "sent_at", "sent_by", "thanked", "missed"]
    fields = readonly_fields


@admin.action(
    description="Mark attendance as complete, and send certificates and follow-up emails",
    permissions=["change"],
)
def mark_attendance_complete(modeladmin, request, queryset):
    """First a page saying who gets which email; only its POST marks and sends."""
    seminars = list(queryset.select_related("venue").order_by("number"))
    if request.POST.get("post") != "yes":
        return TemplateResponse(
            request,
            "admin/certificates/confirm_attendance_complete.html",
            {
                **modeladmin.admin_site.each_context(request),
                "title": "Mark attendance as complete",
                "rows": [_summary(seminar) for seminar in seminars],
                "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
                "opts": modeladmin.model._meta,
            },
        )
    for seminar in seminars:
        try:
            follow_up = services.mark_attendance_complete(seminar, by=request.user)
        except services.CertificateError as error:
            modeladmin.message_user(request, str(error), messages.ERROR)
        else:
            modeladmin.message_user(
                request,
                f"Attendance at {seminar} is complete. Queued {follow_up.thanked} thank-you "
                f"email(s) with certificates and {follow_up.missed} 'sorry we missed you' "
                "email(s).",
            )
    return None


def _summary(seminar):
    """What marking `seminar` complete would send, and what stops it, for the confirm page."""
    came = services.attendees(seminar)
    missed = services.missed(seminar)
    problem = ""
    if seminar.attendance_completed_at:
        problem = "Already marked as complete: nothing more will be sent."
    elif not seminar.is_past():
        problem = "It has not happened yet."
    elif seminar.cpd_hours is None or not seminar.learning.strip():
        problem = "Give the CPD hours and what was covered first: every certificate prints them."
    return {
        "seminar": seminar,
        "thanked": came.exclude(email="").count(),
        "missed": missed.exclude(email="").count(),
        "without_email": came.filter(email="").count() + missed.filter(email="").count(),
        "problem": problem,
        "preview_url": reverse("admin:certificates_preview", args=[seminar.pk]),
    }


def _seminar_admin_with_certificates(base):
    """A subclass of the seminar admin registered so far (registrations, bursaries, ...), so
    that what the other apps add stays."""

    class CertificateSeminarAdmin(base):
        actions = [*(base.actions or ()), mark_attendance_complete]
        readonly_fields = [*base.readonly_fields, "follow_up_sent", "certificate_preview"]

        def get_readonly_fields(self, request, obj=None):
            # Set only by "Mark attendance as complete", which sends the follow-up with it.
            return [*super().get_readonly_fields(request, obj), "attendance_completed_at"]

        def get_fieldsets(self, request, obj=None):
            fieldsets = [
                (name, dict(options)) for name, options in super().get_fieldsets(request, obj)
            ]
            for name, options in fieldsets:
                if name == "After the seminar":
                    options["fields"] = [
                        *options["fields"],
                        "follow_up_sent",
                        "certificate_preview",
                    ]
            return fieldsets

        def get_urls(self):
            preview = self.admin_site.admin_view(self.certificate_preview_view)
            return [
                path("<int:pk>/certificate-preview/", preview, name="certificates_preview"),
                *super().get_urls(),
            ]

        @admin.display(description="Follow-up emails")
        def follow_up_sent(self, seminar):
            follow_up = FollowUp.objects.filter(seminar_id=seminar.pk).first()
            if follow_up is None:
                return (
                    "Not sent. Select this seminar in the list of seminars and choose "
                    "'Mark attendance as complete' once everyone's attendance is marked."
                )
            return (
                f"Sent {follow_up.sent_at:%-d %B %Y}: {follow_up.thanked} with thanks and a "
                f"certificate, {follow_up.missed} 'sorry we missed you'."
            )

        @admin.display(description="Certificate")
        def certificate_preview(self, seminar):
            if not seminar.pk:
                return "—"
            return format_html(
                '<a href="{}">Preview the certificate</a> (with a sample name: check the CPD '
                "hours, what was covered and the signature)",
                reverse("admin:certificates_preview", args=[seminar.pk]),
            )

        def certificate_preview_view(self, request, pk):
            seminar = get_object_or_404(Seminar.objects.select_related("venue"), pk=pk)
            if not self.has_view_or_change_permission(request, seminar):
                return HttpResponse(status=403)
            sample = Registration(seminar=seminar, name=SAMPLE_NAME, attended=True)
            response = HttpResponse(pdf.render(sample), content_type=pdf.CONTENT_TYPE)
            response["Content-Disposition"] = 'inline; filename="certificate-preview.pdf"'
            return response

    return CertificateSeminarAdmin


SeminarAdminWithCertificates = _seminar_admin_with_certificates(
    type(admin.site.get_model_admin(Seminar))
)
admin.site.unregister(Seminar)
admin.site.register(Seminar, SeminarAdminWithCertificates)
