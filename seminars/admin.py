from django.contrib import admin
from django.db.models import Count, Q

from . import dates
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


@admin.register(Seminar)
class SeminarAdmin(admin.ModelAdmin):
    list_display = [
        "number",
        "title",
        "status",
        "when",
        "venue",
        "registration_deadline",
        "capacity",
        "places_taken",
        "places_left",
        "waiting",
    ]
    list_display_links = ["number", "title"]
    list_filter = ["status", "venue__city"]
    search_fields = ["title", "summary"]
    prepopulated_fields = {"slug": ["title"]}
    list_select_related = ["venue"]
    autocomplete_fields = ["venue"]
    readonly_fields = [
        "places_taken",
        "places_left",
        "waiting",
        "created",
        "updated",
    ]
    inlines = [SeminarSpeakerInline, ProgrammeItemInline]

    def get_queryset(self, request):
        # Registrations sit above this app: counted by their relation's name, not imported.
        return (
            super()
            .get_queryset(request)
            .annotate(
                taken=Count(
                    "registrations", filter=Q(registrations__status__in=["confirmed", "held"])
                ),
                waiting_count=Count("registrations", filter=Q(registrations__status="waiting")),
            )
            .order_by("number")  # a GROUP BY query drops Meta.ordering
        )

    @admin.display(description="When", ordering="starts_at")
    def when(self, seminar):
        return dates.seminar_short_when(seminar)  # a month-only seminar shows its month only

    @admin.display(description="Places taken", ordering="taken")
    def places_taken(self, seminar):
        return getattr(seminar, "taken", 0)  # a seminar being added has no count yet

    @admin.display(description="Places left")
    def places_left(self, seminar):
        return max(seminar.capacity - self.places_taken(seminar), 0)

    @admin.display(description="Waiting list", ordering="waiting_count")
    def waiting(self, seminar):
        return getattr(seminar, "waiting_count", 0)

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
                    ("places_taken", "places_left", "waiting"),
                    "waiting_list_cutoff_hours",
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
        ("History", {"fields": ["created", "updated"], "classes": ["collapse"]}),
    ]


@admin.register(Venue)
class VenueAdmin(admin.ModelAdmin):
    list_display = ["name", "institution", "city", "step_free_access", "hearing_loop", "quiet_room"]
    search_fields = ["name", "institution", "city"]
    readonly_fields = ["created", "updated"]
    fieldsets = [
        (None, {"fields": ["name", "institution", "address", "city", "directions", "map_url"]}),
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
