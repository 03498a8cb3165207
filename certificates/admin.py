"""Certificates in the admin: the signature they carry, each seminar's follow-up, and what this
app adds to the seminar admin ("Mark attendance as complete", a link to the certificate's
preview, a staff page of its own)."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.template.response import TemplateResponse
from django.utils.html import format_html

from common.admin import HistoryMixin, RecordAdmin
from common.staff_pages import staff_url
from common.words import how_many
from people.models import Person
from seminars import slots

from . import services
from .models import FollowUp, IssuedCertificate, NameChangeRequest, SeminarCertificate, Signature

SORRY = "'sorry we missed you' email"


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


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label="Why are these certificates withdrawn?",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For the organisers only: the verification page says only that the "
        "certificate was withdrawn, and when.",
    )


class CorrectionAdminMixin:
    """Records staff read, with actions that correct them through the services: organisers
    (with the model's change permission) may act; nobody edits a row by hand."""

    def has_correct_permission(self, request):
        opts = self.model._meta
        return request.user.has_perm(f"{opts.app_label}.change_{opts.model_name}")


@admin.action(description="Withdraw the selected certificates", permissions=["correct"])
def withdraw(modeladmin, request, queryset):
    """First a page asking why; only its POST withdraws."""
    form = WithdrawForm(request.POST if request.POST.get("post") == "yes" else None)
    if not form.is_valid():
        return TemplateResponse(
            request,
            "admin/certificates/withdraw.html",
            {
                **modeladmin.admin_site.each_context(request),
                "title": "Withdraw certificates",
                "certificates": list(queryset.select_related("seminar")),
                "form": form,
                "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
                "opts": modeladmin.model._meta,
            },
        )
    for issued in queryset:
        try:
            services.withdraw_certificate(
                issued, by=request.user, reason=form.cleaned_data["reason"]
            )
        except services.CertificateError as error:
            modeladmin.message_user(request, str(error), messages.ERROR)
        else:
            modeladmin.message_user(request, f"{issued} is withdrawn.")
    return None


@admin.action(
    description="Issue again with the current name and hours (same code)",
    permissions=["correct"],
)
def reissue(modeladmin, request, queryset):
    for issued in queryset:
        try:
            services.reissue_certificate(issued, by=request.user)
        except services.CertificateError as error:
            modeladmin.message_user(request, str(error), messages.ERROR)
        else:
            modeladmin.message_user(request, f"{issued} is issued again, under the same code.")


@admin.action(
    description="Erase the name from the register (when the person asks)",
    permissions=["correct"],
)
def erase_name(modeladmin, request, queryset):
    for issued in queryset:
        services.erase_name(issued, by=request.user)
    modeladmin.message_user(
        request,
        f"Erased the name of {how_many(queryset.count(), 'certificate')}. Their codes, seminars "
        "and hours "
        "stay in the register.",
    )


@admin.register(IssuedCertificate)
class IssuedCertificateAdmin(HistoryMixin, CorrectionAdminMixin, RecordAdmin):
    """The register of certificates: written when a certificate is first made; corrected only
    by withdrawing or reissuing (each recorded)."""

    list_display = ["display_code", "seminar", "name_printed", "issued_at", "withdrawn_at"]
    list_filter = ["seminar", ("withdrawn_at", admin.EmptyFieldListFilter)]
    list_select_related = ["seminar"]
    search_fields = ["code", "name_printed"]
    actions = [withdraw, reissue, erase_name]
    readonly_fields = [
        "display_code",
        "check_link",
        "seminar",
        "registration",
        "name_printed",
        "hours",
        "issued_at",
        "reissued_at",
        "name_erased_at",
        "withdrawn_at",
        "withdrawn_by",
        "withdrawn_reason",
    ]
    fields = readonly_fields

    @admin.display(description="Code", ordering="code")
    def display_code(self, issued):
        return issued.display_code

    @admin.display(description="Verification page")
    def check_link(self, issued):
        return format_html('<a href="{}">{}</a>', issued.get_absolute_url(), issued.check_url)


@admin.action(
    description="Approve: correct the name and issue the certificate again", permissions=["correct"]
)
def approve(modeladmin, request, queryset):
    for request_ in queryset.filter(decided_at__isnull=True):
        try:
            services.approve_name_change(request_, by=request.user)
        except services.CertificateError as error:
            modeladmin.message_user(request, str(error), messages.ERROR)
        else:
            modeladmin.message_user(
                request, f"Approved: the certificate now reads {request_.name}."
            )


@admin.action(description="Decline the selected requests", permissions=["correct"])
def decline(modeladmin, request, queryset):
    count = 0
    for request_ in queryset.filter(decided_at__isnull=True):
        services.decline_name_change(request_, by=request.user)
        count += 1
    modeladmin.message_user(
        request, f"Declined {how_many(count, 'request')}. The names stay as they were."
    )


@admin.register(NameChangeRequest)
class NameChangeRequestAdmin(HistoryMixin, CorrectionAdminMixin, RecordAdmin):
    """Names asked for after attendance was complete: approving corrects the registration and
    reissues the certificate under its code."""

    list_display = ["created", "seminar", "current_name", "name", "decision"]
    list_filter = [("decided_at", admin.EmptyFieldListFilter)]
    list_select_related = ["registration__seminar", "decided_by"]
    actions = [approve, decline]
    readonly_fields = ["seminar", "current_name", "name", "created", "decision"]
    fields = readonly_fields

    @admin.display(description="Seminar")
    def seminar(self, request_):
        return request_.registration.seminar

    @admin.display(description="Name now")
    def current_name(self, request_):
        return request_.registration.name

    @admin.display(description="Decision")
    def decision(self, request_):
        if request_.decided_at is None:
            return "Waiting"
        word = "Approved" if request_.approved else "Declined"
        return f"{word} on {request_.decided_at:%-d %B %Y} by {request_.decided_by or '—'}"


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
                f"Attendance at {seminar} is complete. Queued "
                f"{how_many(follow_up.thanked, 'thank-you email')} with certificates and "
                f"{how_many(follow_up.missed, SORRY)}.",
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
    elif not SeminarCertificate.of(seminar).is_ready:
        problem = "Give the CPD hours and what was covered first: every certificate prints them."
    return {
        "seminar": seminar,
        "thanked": came.exclude(email="").count(),
        "missed": missed.exclude(email="").count(),
        "without_email": came.filter(email="").count() + missed.filter(email="").count(),
        "problem": problem,
    }


class SeminarCertificateInline(admin.StackedInline):
    """What the seminar's certificates state, with the follow-up sent and a preview."""

    model = SeminarCertificate
    extra = 1
    max_num = 1
    can_delete = False
    verbose_name = verbose_name_plural = "Certificates of attendance"
    fields = ["cpd_hours", "learning", "follow_up_sent", "certificate_preview"]
    readonly_fields = ["follow_up_sent", "certificate_preview"]

    @admin.display(description="Follow-up emails")
    def follow_up_sent(self, certificate):
        follow_up = FollowUp.objects.filter(seminar_id=certificate.seminar_id).first()
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
    def certificate_preview(self, certificate):
        if not certificate.seminar_id:
            return "—"
        return format_html(
            '<a href="{}">Preview the certificate</a> (with a sample name: check the CPD '
            "hours, what was covered and the signature)",
            staff_url("certificate-preview", certificate.seminar_id),
        )


slots.fill("admin.inlines", SeminarCertificateInline, order=10)
slots.fill("admin.actions", mark_attendance_complete)
