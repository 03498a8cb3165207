from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.urls import path
from django.utils.html import format_html

from common.admin import HistoryMixin, LabelledTabularInline
from seminars.models import SeminarSpeaker

from . import rules, services
from .forms import MaterialAdminForm
from .models import Material, NewsPost, RecordingConsent, SpeakerLink, WriteUp, YouSaidWeDid
from .views import material_response


class YouSaidWeDidInline(LabelledTabularInline):
    model = YouSaidWeDid
    extra = 1
    fields = ["you_said", "we_did", "order"]


@admin.register(WriteUp)
class WriteUpAdmin(admin.ModelAdmin):
    list_display = ["seminar", "published", "published_at", "consent_recorded_on"]
    list_filter = ["published"]
    search_fields = ["seminar__title", "body"]
    readonly_fields = ["published_at"]
    autocomplete_fields = ["seminar"]
    inlines = [YouSaidWeDidInline]
    fieldsets = [
        (None, {"fields": ["seminar", "body", "key_messages", "show_participation"]}),
        ("Publishing", {"fields": ["consent_recorded_on", "published", "published_at"]}),
    ]


@admin.action(description="Publish the selected materials (after checking consent)")
def publish(modeladmin, request, queryset):
    published = 0
    for material in queryset:
        try:
            services.publish_material(material, by=request.user)
        except services.OutputsError as error:
            modeladmin.message_user(request, str(error), messages.ERROR)
        else:
            published += 1
    if published:
        modeladmin.message_user(request, f"Published {published} materials.")


@admin.action(description="Take the selected materials off the site")
def hide(modeladmin, request, queryset):
    for material in queryset:
        services.hide_material(material, by=request.user)
    modeladmin.message_user(request, f"Took {queryset.count()} materials off the site.")


@admin.register(Material)
class MaterialAdmin(HistoryMixin, admin.ModelAdmin):
    form = MaterialAdminForm
    list_display = ["title", "seminar", "kind", "audience", "status", "consent_recorded_on"]
    list_filter = ["status", "audience", "kind", "seminar"]
    search_fields = ["title", "description"]
    readonly_fields = ["status", "sent_by", "published_at"]
    autocomplete_fields = ["seminar"]
    actions = [publish, hide]
    fieldsets = [
        (None, {"fields": ["seminar", "title", "description", "kind", "order"]}),
        ("The file or link", {"fields": ["file", "url", "audience"]}),
        (
            "Access",
            {"fields": ["accessible_version_note", "accessible_version_url", "has_captions"]},
        ),
        (
            "Consent and publishing",
            {
                "description": "Publish with the action on the list of materials, once the "
                "speakers (and anyone quoted or photographed) have agreed.",
                "fields": [
                    "consent_recorded_on",
                    "consent_note",
                    "status",
                    "sent_by",
                    "published_at",
                ],
            },
        ),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("seminar")

    def get_urls(self):
        review = self.admin_site.admin_view(self.file_view)
        return [path("<int:pk>/file/", review, name="outputs_material_file"), *super().get_urls()]

    def file_view(self, request, pk):
        """A material's file for staff to review, whatever its audience or status: a download
        no cache keeps (the private storage has no address, and nothing public is used)."""
        material = get_object_or_404(
            Material.objects.select_related("seminar").exclude(file=""), pk=pk
        )
        if not rules.may_review_material(request.user, material):
            raise PermissionDenied
        response = material_response(material)
        response["Cache-Control"] = "private, no-store"
        return response


@admin.register(SpeakerLink)
class SpeakerLinkAdmin(admin.ModelAdmin):
    list_display = ["person", "seminar", "active", "created"]
    list_filter = ["active", "seminar"]
    search_fields = ["person__name", "seminar__title"]
    autocomplete_fields = ["seminar", "person"]
    readonly_fields = ["link"]
    fields = ["seminar", "person", "active", "link"]

    @admin.display(description="Link to send the speaker")
    def link(self, obj):
        if not obj.pk:
            return "Save first: the link appears here."
        return format_html("<code>{}{}</code>", settings.SITE_URL, obj.get_absolute_url())

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("seminar", "person")


@admin.register(RecordingConsent)
class RecordingConsentAdmin(HistoryMixin, admin.ModelAdmin):
    """Each speaker's answer, saved through the service: who recorded it and when are kept, and
    a no takes the seminar's published recordings off."""

    list_display = ["speaker", "agreed", "recorded_by", "recorded_at"]
    list_filter = ["agreed", "speaker__seminar"]
    search_fields = ["speaker__person__name", "speaker__seminar__title"]
    readonly_fields = ["recorded_by", "recorded_at"]
    fields = ["speaker", "agreed", "note", "recorded_by", "recorded_at"]

    def get_readonly_fields(self, request, obj=None):
        # One row a speaker: another speaker's answer is a row of its own.
        return [*self.readonly_fields, "speaker"] if obj else self.readonly_fields

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "speaker":
            kwargs["queryset"] = SeminarSpeaker.objects.select_related("person", "seminar")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("speaker__person", "speaker__seminar", "recorded_by")
        )

    def save_model(self, request, obj, form, change):
        saved = services.record_recording_consent(
            obj.speaker,
            agreed=obj.agreed,
            note=obj.note,
            by=request.user,
        )
        obj.pk = saved.pk


@admin.register(NewsPost)
class NewsPostAdmin(admin.ModelAdmin):
    list_display = ["title", "date", "published"]
    list_filter = ["published"]
    search_fields = ["title", "body"]
    prepopulated_fields = {"slug": ["title"]}
    date_hierarchy = "date"
