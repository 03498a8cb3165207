from django.contrib import admin, messages
from django.contrib.humanize.templatetags.humanize import ordinal

from common.admin import HistoryMixin, RecordAdmin
from common.words import how_many

from .. import rules, services
from ..groups import GROUP_NAMES
from ..models import (
    EmailChangeReason,
    GroupCount,
    Mode,
    Registration,
    RegistrationStatus,
    search_key,
)
from ..needs import words
from .exports import registrations_csv
from .forms import RegistrationChangeForm


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


class GroupFilter(admin.SimpleListFilter):
    """By group, in staff words (GROUP_NAMES), not the form's words to the person."""

    title = "group"
    parameter_name = "group__exact"

    def lookups(self, request, model_admin):
        return [(value, name) for value, name in GROUP_NAMES.items() if value]

    def queryset(self, request, queryset):
        return queryset.filter(group=self.value()) if self.value() in GROUP_NAMES else queryset


@admin.display(description="Group", ordering="group")
def group_name(row):
    return GROUP_NAMES.get(row.group, row.group)


@admin.register(Registration)
class RegistrationAdmin(HistoryMixin, admin.ModelAdmin):
    """The list, one registration's page and the actions, each through the services. The staff
    pages beside them (register someone, email everyone registered, send a confirmation
    again...) are organising's: these pages link to them by name (common/staff_pages.py)."""

    form = RegistrationChangeForm
    list_display = [
        "name",
        "email",
        "seminar",
        "status",
        "mode",
        "position",
        group_name,
        "created",
        "attended",
    ]
    list_filter = ["seminar", StatusFilter, "mode", GroupFilter, "attended"]
    # search_name holds the name, sort name and organisation without accents or capitals.
    search_fields = ["search_name", "email"]
    search_help_text = "Search by name, organisation or email. Accents and capitals do not matter."
    date_hierarchy = "created"
    list_select_related = ["seminar"]
    actions = [
        "cancel_selected",
        "promote_selected",
        "move_online",
        "move_to_the_room",
        "mark_attended",
        "mark_not_attended",
        "export_csv",
    ]
    readonly_fields = [
        "seminar",
        "status",
        "waiting_list",
        "group",
        "needs_ticked",
        "health_consent_at",
        "privacy_agreed_at",
        "promoted_at",
        "cancelled_at",
        "attended",
        "registered_by_name",
        "created",
        "updated",
        "mode",  # moved by the person, or at the door, through the services
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
        "needs_ticked",
        "access_requirements",
        "dietary_requirements",
        "health_consent_at",
        "future_seminars",
        *readonly_fields[6:],
    ]

    @admin.display(description="Needs ticked")
    def needs_ticked(self, registration):
        """Only the person can tick them (with their consent): shown, never edited here."""
        return "; ".join(words(registration.needs)) or "-"

    @admin.display(description="Registered by")
    def registered_by_name(self, registration):
        """The staff member's name only: a link would lead to the staff accounts, which are
        superusers' alone."""
        by = registration.registered_by
        return by.get_username() if by else "-"

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
        # The buttons to the staff pages beside this one (organising's, linked by name).
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

    def changelist_view(self, request, extra_context=None):
        seminar_id = request.GET.get("seminar__id__exact")
        extra_context = {
            **(extra_context or {}),
            "can_register_someone": rules.may_change_registrations(request.user),
            "seminar_id": seminar_id if seminar_id and seminar_id.isdigit() else None,
        }
        return super().changelist_view(request, extra_context)

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
            words = done(count) if callable(done) else done.format(count=count)
            self.message_user(request, words, messages.SUCCESS)

    @admin.action(description="Cancel the selected registrations", permissions=["change"])
    def cancel_selected(self, request, queryset):
        self._each(
            request,
            queryset.filter(status__in=RegistrationStatus.active),
            services.cancel_registration,
            lambda count: (
                f"Cancelled {how_many(count, 'registration')}. Freed places went to "
                "the waiting list."
            ),
        )

    @admin.action(description="Move the selected online", permissions=["change"])
    def move_online(self, request, queryset):
        self._each(request, queryset, _move, "Moved {count} online.", mode=Mode.ONLINE)

    @admin.action(description="Move the selected to the room", permissions=["change"])
    def move_to_the_room(self, request, queryset):
        self._each(request, queryset, _move, "Moved {count} to the room.", mode=Mode.ROOM)

    @admin.action(description="Give the selected waiting people a place", permissions=["change"])
    def promote_selected(self, request, queryset):
        self._each(
            request,
            queryset.order_by("created", "pk"),
            services.promote_registration,
            lambda count: f"Gave {how_many(count, 'waiting person', 'waiting people')} a place.",
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


def _move(registration, *, mode, by):
    """services.change_mode, its refusal (written to the person) named for the organiser."""
    try:
        return services.change_mode(registration, mode, by=by)
    except services.RegistrationError as error:
        raise services.RegistrationError(f"{registration.name}: {error}") from None


@admin.register(GroupCount)
class GroupCountAdmin(RecordAdmin):
    """Anonymous counts left after the retention command removed personal details: the funder's
    report counts them, so nobody adds, changes or deletes one by hand."""

    list_display = [
        "seminar",
        "status",
        "mode",
        group_name,
        "registrations",
        "attended",
        "with_access_requirements",
        "with_dietary_requirements",
    ]
    list_filter = ["seminar", "status", "mode", GroupFilter]
