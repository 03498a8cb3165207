from django import forms
from django.contrib import admin

from common.admin import HistoryMixin, LabelledTabularInline

from . import changes, dates, slots
from .deadlines import DeadlineField
from .models import Page, ProgrammeItem, Seminar, SeminarEasyReadLine, SeminarSpeaker, Venue


class SeminarSpeakerInline(LabelledTabularInline):
    model = SeminarSpeaker
    extra = 0
    autocomplete_fields = ["person"]
    fields = ["person", "talk_title", "order"]


class ProgrammeItemInline(admin.StackedInline):
    model = ProgrammeItem
    extra = 0
    autocomplete_fields = ["speakers"]
    fields = [("starts_at", "ends_at"), "title", "description", "speakers"]


class SeminarEasyReadLineInline(admin.StackedInline):
    model = SeminarEasyReadLine
    extra = 0
    fields = ["text", ("picture", "picture_alt"), "order"]
    verbose_name_plural = "Easy Read version of the summary: one short sentence a line"


class SeminarAdminForm(forms.ModelForm):
    """Deadlines entered as days, as people say them, with the public's sentence beside them."""

    registration_deadline = DeadlineField(
        label="Register by",
        required=False,
        sentence="Registration closes at {} (UK time).",
        help_text="The last day people can register. Registration closes at the end of that "
        "day, UK time, unless you give an earlier time.",
    )

    class Meta:
        model = Seminar
        fields = "__all__"  # noqa: DJ007  the admin's fieldsets choose what shows

    def clean(self):
        cleaned = super().clean()
        if self.has_error("starts_at"):
            # The end is judged against the start once the start can be read: not against the
            # start saved before, which would add a second, wrong error.
            cleaned.pop("ends_at", None)
        return cleaned


@admin.register(Seminar)
class SeminarAdmin(HistoryMixin, admin.ModelAdmin):
    """The seminar's own fields. The apps above add their parts (places and the waiting list,
    travel bursaries, certificates) through the admin slots (seminars/slots.py), read when a page
    is asked for: this class is registered once and never subclassed."""

    list_display_links = ["number", "title"]
    form = SeminarAdminForm
    list_filter = ["status", "venue__city"]
    search_fields = ["title", "summary"]
    prepopulated_fields = {"slug": ["title"]}
    list_select_related = ["venue"]
    autocomplete_fields = ["venue"]

    @property
    def list_display(self):
        own = ["number", "title", "status", "when", "venue", "register_by", "capacity"]
        return [*own, *slots.filled("admin.columns")]

    @property
    def readonly_fields(self):
        # Set only by the action that marks attendance complete and sends the follow-up.
        own = ["attendance_completed_at", "created", "updated"]
        return [*own, *(field for row in _facts() for field in _flat(row))]

    @property
    def inlines(self):
        return [
            SeminarSpeakerInline,
            ProgrammeItemInline,
            SeminarEasyReadLineInline,
            *slots.filled("admin.inlines"),
        ]

    @property
    def actions(self):
        return slots.filled("admin.actions")

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        for annotate in slots.filled("admin.queryset"):
            # A GROUP BY query drops Meta.ordering.
            queryset = annotate(queryset).order_by("number")
        return queryset

    def get_fieldsets(self, request, obj=None):
        fieldsets = [(name, dict(options)) for name, options in super().get_fieldsets(request, obj)]
        for name, options in fieldsets:
            fields = list(options["fields"])
            for fieldset, after, rows in slots.filled("admin.facts"):
                if fieldset == name:
                    at = fields.index(after) + 1
                    fields[at:at] = rows
            options["fields"] = fields
        return fieldsets

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        for saved in slots.filled("admin.saved"):
            saved(request, form.instance)

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
            "Access arrangements",
            {
                "fields": ["bsl_interpreter_booked", "live_captions_booked"],
                "description": "What you have booked for this seminar. The overview counts who "
                "asked for an interpreter or captions, and says what is not booked yet: book "
                "them weeks ahead.",
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
            "After the seminar",
            {
                "fields": ["attendance_completed_at"],
                "description": "For certificates of attendance, the feedback form and the "
                "follow-up emails.",
            },
        ),
        ("History", {"fields": ["created", "updated"], "classes": ["collapse"]}),
    ]


def _facts():
    return [row for *_, rows in slots.filled("admin.facts") for row in rows]


def _flat(row):
    return row if isinstance(row, tuple) else (row,)


@admin.register(Venue)
class VenueAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "institution",
        "city",
        "step_free_access",
        "lift",
        "accessible_toilets",
        "hearing_loop",
        "quiet_room",
    ]
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
                    "lift",
                    "accessible_toilets",
                    "hearing_loop",
                    ("quiet_room", "quiet_room_location"),
                    "seating",
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
