from django import forms
from django.contrib import admin

from common.admin import HistoryMixin

from . import changes, dates, slots
from .deadlines import DaySentenceWidget, DeadlineField
from .models import Page, ProgrammeItem, Seminar, SeminarSpeaker, Venue


class SeminarSpeakerInline(admin.TabularInline):
    model = SeminarSpeaker
    extra = 0
    autocomplete_fields = ["person"]
    fields = ["person", "talk_title", "order"]


class ProgrammeItemInline(admin.StackedInline):
    model = ProgrammeItem
    extra = 0
    autocomplete_fields = ["speakers"]
    fields = [("starts_at", "ends_at"), "title", "description", "speakers"]


class SeminarAdminForm(forms.ModelForm):
    """Deadlines entered as days, as people say them, with the public's sentence beside them."""

    registration_deadline = DeadlineField(
        label="Register by",
        required=False,
        sentence="Registration closes at {} (UK time).",
        help_text="The last day people can register. Registration closes at the end of that "
        "day, UK time, unless you give an earlier time.",
    )
    bursary_deadline = DeadlineField(
        label="Apply for a bursary by",
        required=False,
        sentence="Bursary applications close at {} (UK time).",
        help_text="The last day to apply. Leave empty when no bursaries are offered.",
    )

    class Meta:
        model = Seminar
        fields = "__all__"  # noqa: DJ007  the admin's fieldsets choose what shows
        widgets = {
            "bursary_decisions_by": DaySentenceWidget(
                "Applicants hear whether they have a bursary by {}."
            )
        }


@admin.register(Seminar)
class SeminarAdmin(HistoryMixin, admin.ModelAdmin):
    """The seminar's own fields. The apps above add their parts (places and the waiting list,
    bursary counts) by registering a subclass: registrations/admin, bursaries/admin."""

    list_display = [
        "number",
        "title",
        "status",
        "when",
        "venue",
        "register_by",
        "capacity",
    ]
    list_display_links = ["number", "title"]
    form = SeminarAdminForm
    list_filter = ["status", "venue__city"]
    search_fields = ["title", "summary"]
    prepopulated_fields = {"slug": ["title"]}
    list_select_related = ["venue"]
    autocomplete_fields = ["venue"]
    readonly_fields = ["created", "updated"]
    inlines = [SeminarSpeakerInline, ProgrammeItemInline]

    def save_model(self, request, obj, form, change):
        before = Seminar.objects.filter(pk=obj.pk).first() if change else None
        super().save_model(request, obj, form, change)
        if before and (changed := changes.what_changed(before, obj)):
            changes.record_change(obj, changed=changed, by=request.user)
            # The apps above prompt whoever tells the people concerned.
            for prompt in slots.filled("changed"):
                prompt(request, obj, changed)

    @admin.display(description="Register by", ordering="registration_deadline")
    def register_by(self, seminar):
        if seminar.registration_deadline:
            return dates.deadline(seminar.registration_deadline)
        return "-"

    @admin.display(description="When", ordering="starts_at")
    def when(self, seminar):
        return dates.seminar_short_when(seminar)  # a month-only seminar shows its month only

    fieldsets = [
        (None, {"fields": ["number", "title", "slug", "status", "summary", "description"]}),
        (
            "When and where",
            {
                "fields": ["starts_at", "ends_at", "tentative_month", "venue"],
                "description": "All times are UK time. While only the month is known, leave the "
                "start and end empty and give the tentative month.",
            },
        ),
        (
            "Registration",
            {
                "fields": [
                    "registration_opens_at",
                    "registration_deadline",
                    "capacity",
                    "waiting_list_cutoff_hours",
                    "check_in_margin_hours",
                ]
            },
        ),
        (
            "Travel bursaries",
            {
                "fields": [
                    "bursary_deadline",
                    "bursary_decisions_by",
                    "bursary_rolling_decisions",
                    "bursaries_per_group",
                    "bursary_max_award",
                    "bursary_note",
                    "bursary_blind_review",
                ],
                "description": "A seminar offers travel bursaries when it has a bursary "
                "deadline. The rules for the whole series are under Bursary rules.",
            },
        ),
        (
            "After the seminar",
            {
                "fields": ["cpd_hours", "learning", "attendance_completed_at"],
                "description": "For certificates of attendance, the feedback form and the "
                "follow-up emails.",
            },
        ),
        ("History", {"fields": ["created", "updated"], "classes": ["collapse"]}),
    ]


@admin.register(Venue)
class VenueAdmin(admin.ModelAdmin):
    list_display = ["name", "institution", "city", "step_free_access", "hearing_loop", "quiet_room"]
    search_fields = ["name", "institution", "city"]
    readonly_fields = ["created", "updated"]
    fieldsets = [
        (None, {"fields": ["name", "institution", "address", "city", "postcode"]}),
        (
            "Getting there",
            {"fields": ["public_transport", "parking", "directions", "map_url"]},
        ),
        (
            "Accessibility",
            {
                "fields": [
                    "step_free_access",
                    "hearing_loop",
                    "quiet_room",
                    "accessibility_notes",
                    "access_contact_name",
                    "access_contact_email",
                    "access_contact_phone",
                ],
            },
        ),
        ("History", {"fields": ["created", "updated"], "classes": ["collapse"]}),
    ]


@admin.register(Page)
class PageAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "updated"]
    readonly_fields = ["created", "updated"]
    fields = ["kind", "title", "summary", "body", "created", "updated"]

    def get_readonly_fields(self, request, obj=None):
        # The page's place on the site is fixed once it exists; organisers edit its words.
        return [*self.readonly_fields, "kind"] if obj else self.readonly_fields
