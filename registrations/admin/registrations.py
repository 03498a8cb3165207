from django.contrib import admin, messages
from django.contrib.humanize.templatetags.humanize import ordinal
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.views.decorators.http import require_POST

from common.admin import HistoryMixin, RecordAdmin
from seminars.models import Seminar
from subscribers import emails as subscriber_emails

from .. import emails, rules, services
from ..models import EmailChangeReason, GroupCount, Registration, RegistrationStatus, search_key
from . import attendance
from .exports import future_seminars_csv, registrations_csv
from .forms import (
    AnnouncementForm,
    ChangeMessageForm,
    OrganiserRegistrationForm,
    RegistrationChangeForm,
)

NO_EMAIL_TO_SEND = (
    "They have no email address, so we have emailed them nothing: tell them yourself that "
    "they are registered. Later, any certificate or feedback link is also yours to give them."
)


class StatusFilter(admin.SimpleListFilter):
    """By status; "Place held" only for those who may see held places (registrations.rules)."""

    title = "status"
    parameter_name = "status__exact"

    def lookups(self, request, model_admin):
        return rules.status_choices(request.user)

    def queryset(self, request, queryset):
        allowed = {value for value, _ in rules.status_choices(request.user)}
        if self.value() in allowed:
            return queryset.filter(status=self.value())
        return queryset


@admin.register(Registration)
class RegistrationAdmin(HistoryMixin, admin.ModelAdmin):
    form = RegistrationChangeForm
    list_display = [
        "name",
        "email",
        "seminar",
        "status",
        "position",
        "group",
        "created",
        "attended",
    ]
    list_filter = ["seminar", StatusFilter, "group", "attended"]
    # search_name holds the name, sort name and organisation without accents or capitals.
    search_fields = ["search_name", "email"]
    search_help_text = "Search by name, organisation or email. Accents and capitals do not matter."
    date_hierarchy = "created"
    list_select_related = ["seminar"]
    actions = [
        "cancel_selected",
        "promote_selected",
        "mark_attended",
        "mark_not_attended",
        "export_csv",
    ]
    readonly_fields = [
        "seminar",
        "status",
        "waiting_list",
        "group",
        "health_consent_at",
        "privacy_agreed_at",
        "promoted_at",
        "cancelled_at",
        "attended",
        "registered_by",
        "created",
        "updated",
    ]
    fields = [
        "seminar",
        "status",
        "waiting_list",
        "name",
        "sort_name",
        "email",
        "email_change_reason",
        "organisation",
        "group",
        "access_requirements",
        "dietary_requirements",
        "health_consent_at",
        "future_seminars",
        *readonly_fields[5:],
    ]

    def has_add_permission(self, request):
        return False  # organisers use "Register someone", which goes through the same service

    def get_queryset(self, request):
        # Places held for bursary offers are not rows for organisers (registrations.rules).
        registrations = rules.visible_registrations(request.user, super().get_queryset(request))
        return registrations.with_place_in_line()

    def get_search_results(self, request, queryset, search_term):
        """The term without accents or capitals, as search_name is: 'sean' finds 'Seán'."""
        return super().get_search_results(request, queryset, search_key(search_term))

    def save_model(self, request, obj, form, change):
        """Through the services: correct_details records who changed which fields (never the
        values); a changed email address goes through change_email, which gives a new link."""
        services.correct_details(
            obj,
            by=request.user,
            **{name: form.cleaned_data[name] for name in services.ORGANISER_FIELDS},
        )
        if form.email_changed():
            reason = form.cleaned_data["email_change_reason"] or EmailChangeReason.TYPO
            registration = services.change_email(
                obj, email=form.cleaned_data["email"], reason=reason, by=request.user
            )
            self.message_user(request, self._email_changed_words(registration, reason))

    def _email_changed_words(self, registration, reason):
        if not registration.email:
            words = "The email address is removed, and their old private link no longer works."
        elif registration.status in (RegistrationStatus.CONFIRMED, RegistrationStatus.WAITING):
            words = (
                f"The email address is changed. We have emailed {registration.email} a new "
                "private link; the old link no longer works."
            )
        else:
            words = "The email address is changed, and their old private link no longer works."
        if reason == EmailChangeReason.NEW_ADDRESS:
            words += " We told the old address that it changed, without naming the seminar."
        return words

    def render_change_form(self, request, context, *args, obj=None, **kwargs):
        context["can_correct_attendance"] = bool(
            obj and obj.is_confirmed and rules.may_correct_attendance(request.user, obj.seminar)
        )
        context["can_resend"] = bool(
            obj
            and obj.email
            and obj.status in (RegistrationStatus.CONFIRMED, RegistrationStatus.WAITING)
            and obj.seminar.phase().is_live  # a confirmation means nothing once it is over
            and self.has_change_permission(request, obj)
        )
        return super().render_change_form(request, context, *args, obj=obj, **kwargs)

    @admin.display(description="Position", ordering="place_in_line")
    def position(self, registration):
        """'3rd' on the waiting list, counted in the list's own query (with_place_in_line)."""
        return ordinal(registration.place_in_line) if registration.place_in_line else ""

    @admin.display(description="Waiting list")
    def waiting_list(self, registration):
        if not registration.place_in_line:
            return "Not on the waiting list"
        return f"{ordinal(registration.place_in_line)} on the waiting list"

    def has_delete_permission(self, request, obj=None):
        return False  # cancel instead, so the waiting list moves up; retention deletes

    def get_urls(self):
        return [
            path(
                "register-someone/",
                self.admin_site.admin_view(self.register_someone),
                name="registrations_registration_register_someone",
            ),
            path(
                "email-registered/<int:seminar_id>/",
                self.admin_site.admin_view(self.email_registered),
                name="registrations_registration_email_registered",
            ),
            path(
                "announce/<int:seminar_id>/",
                self.admin_site.admin_view(self.announce),
                name="registrations_registration_announce",
            ),
            path(
                "<int:object_id>/resend-confirmation/",
                self.admin_site.admin_view(require_POST(self.resend_confirmation)),
                name="registrations_registration_resend_confirmation",
            ),
            path(
                "<int:object_id>/correct-attendance/",
                self.admin_site.admin_view(
                    lambda request, object_id: attendance.correct_attendance(
                        self, request, object_id
                    )
                ),
                name="registrations_registration_correct_attendance",
            ),
            path(
                "future-seminars.csv",
                self.admin_site.admin_view(self.export_opted_in),
                name="registrations_registration_opted_in",
            ),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        seminar_id = request.GET.get("seminar__id__exact")
        extra_context = {
            **(extra_context or {}),
            "can_register_someone": self.has_change_permission(request),
            "seminar_id": seminar_id if seminar_id and seminar_id.isdigit() else None,
        }
        return super().changelist_view(request, extra_context)

    def resend_confirmation(self, request, object_id):
        if not self.has_change_permission(request):
            raise PermissionDenied
        registration = self.get_object(request, str(object_id))
        if registration is None:
            raise Http404
        try:
            services.resend_confirmation(registration, by=request.user)
        except services.RegistrationError as error:
            self.message_user(request, str(error), messages.ERROR)
        else:
            self.message_user(
                request,
                f"Their confirmation is on its way to {registration.email}.",
                messages.SUCCESS,
            )
        return redirect(reverse("admin:registrations_registration_change", args=[registration.pk]))

    def register_someone(self, request):
        if not self.has_change_permission(request):
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
                message = {
                    "confirmed": f"{registration.name} has a confirmed place.",
                    "waiting": f"The seminar is full: {registration.name} is on the waiting "
                    f"list at number {registration.waiting_position()}.",
                    "existing": f"{registration.email} was already registered; we have emailed "
                    "them their link again.",
                }[outcome]
                self.message_user(request, message, messages.SUCCESS)
                if not registration.email:
                    self.message_user(request, NO_EMAIL_TO_SEND, messages.WARNING)
                if not rules.may_see_registration(request.user, registration):
                    # A place held for a bursary offer: not a row this person may open.
                    return redirect(reverse("admin:registrations_registration_changelist"))
                return redirect(
                    reverse("admin:registrations_registration_change", args=[registration.pk])
                )
        context = {
            **self.admin_site.each_context(request),
            "title": "Register someone",
            "form": form,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/registrations/register_someone.html", context)

    def email_registered(self, request, seminar_id):
        seminar = get_object_or_404(Seminar, pk=seminar_id)
        return self._compose(
            request,
            seminar,
            title=f"Email everyone registered for seminar {seminar.number}",
            form_class=ChangeMessageForm,
            recipients=Registration.objects.registered().filter(seminar=seminar),
            preview=lambda registration, data: emails.preview_seminar_changed(
                registration, reason=data["reason"], message=data["message"]
            ),
            send=lambda data: services.notify_registrants(
                seminar, reason=data["reason"], message=data["message"], by=request.user
            ),
        )

    def announce(self, request, seminar_id):
        seminar = get_object_or_404(Seminar.objects.public(), pk=seminar_id)
        return self._compose(
            request,
            seminar,
            title=f"Announce seminar {seminar.number} to the mailing list",
            form_class=AnnouncementForm,
            recipients=services.future_seminar_subscribers(exclude_seminar=seminar),
            preview=lambda subscriber, data: subscriber_emails.preview_announcement(
                seminar, subscriber, message=data["message"]
            ),
            send=lambda data: services.announce_seminar(
                seminar, message=data["message"], by=request.user
            ),
        )

    def _compose(self, request, seminar, *, title, form_class, recipients, preview, send):
        """Write, preview, then send: the Send button appears only with a preview."""
        if not self.has_change_permission(request):
            raise PermissionDenied
        form = form_class(request.POST or None)
        rendered = None
        if request.method == "POST" and form.is_valid():
            if "send" in request.POST and request.POST.get("previewed") == "yes":
                count = send(form.cleaned_data)
                self.message_user(request, f"Queued {count} email(s).", messages.SUCCESS)
                changelist = reverse("admin:registrations_registration_changelist")
                return redirect(f"{changelist}?seminar__id__exact={seminar.pk}")
            if first := next(iter(recipients[:1]), None):
                rendered = preview(first, form.cleaned_data)
        context = {
            **self.admin_site.each_context(request),
            "title": title,
            "form": form,
            "seminar": seminar,
            "recipient_count": len(recipients)
            if isinstance(recipients, list)
            else recipients.count(),
            "rendered": rendered,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/registrations/compose.html", context)

    def export_opted_in(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        return future_seminars_csv(services.future_seminar_subscribers())

    def _each(self, request, queryset, service, done, **kwargs):
        count = 0
        for registration in queryset:
            try:
                service(registration, by=request.user, **kwargs)
            except services.RegistrationError as error:
                self.message_user(request, str(error), messages.WARNING)
            else:
                count += 1
        if count:
            self.message_user(request, done.format(count=count), messages.SUCCESS)

    @admin.action(description="Cancel the selected registrations", permissions=["change"])
    def cancel_selected(self, request, queryset):
        self._each(
            request,
            queryset.filter(status__in=RegistrationStatus.active),
            services.cancel_registration,
            "Cancelled {count} registration(s). Freed places went to the waiting list.",
        )

    @admin.action(description="Give the selected waiting people a place", permissions=["change"])
    def promote_selected(self, request, queryset):
        self._each(
            request,
            queryset.order_by("created", "pk"),
            services.promote_registration,
            "Gave {count} waiting person(s) a place.",
        )

    @admin.action(description="Mark the selected as attended", permissions=["change"])
    def mark_attended(self, request, queryset):
        self._each(
            request,
            queryset,
            services.mark_attendance,
            "Marked {count} as attended.",
            attended=True,
        )

    @admin.action(description="Mark the selected as not attended", permissions=["change"])
    def mark_not_attended(self, request, queryset):
        self._each(
            request,
            queryset,
            services.mark_attendance,
            "Marked {count} as not attended.",
            attended=False,
        )

    @admin.action(description="Export the selected as a spreadsheet (CSV)", permissions=["view"])
    def export_csv(self, request, queryset):
        return registrations_csv(queryset)


@admin.register(GroupCount)
class GroupCountAdmin(RecordAdmin):
    """Anonymous counts left after the retention command removed personal details: the funder's
    report counts them, so nobody adds, changes or deletes one by hand."""

    list_display = [
        "seminar",
        "status",
        "group",
        "registrations",
        "attended",
        "with_access_requirements",
        "with_dietary_requirements",
    ]
    list_filter = ["seminar", "status", "group"]
