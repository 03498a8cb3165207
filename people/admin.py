from django.contrib import admin
from django.utils.html import format_html

from .models import Partner, Person, ResearchProject


def thumbnail(image_spec, alt):
    if not image_spec:
        return "—"
    return format_html('<img src="{}" alt="{}" width="80">', image_spec.url, alt)


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["name", "position", "affiliation", "team_role", "has_photo"]
    list_filter = [("team_role", admin.EmptyFieldListFilter)]
    search_fields = ["name", "affiliation", "position"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = ["photo_preview", "created", "updated"]
    fieldsets = [
        (None, {"fields": ["name", "slug", "position", "affiliation"]}),
        ("Photo", {"fields": ["photo", "photo_alt", "photo_preview"]}),
        ("About them", {"fields": ["biography", "lived_experience"]}),
        ("Research team", {"fields": ["team_role", "team_order"]}),
        ("History", {"fields": ["created", "updated"], "classes": ["collapse"]}),
    ]

    @admin.display(boolean=True, description="Photo")
    def has_photo(self, person):
        return bool(person.photo)

    @admin.display(description="Preview")
    def photo_preview(self, person):
        return thumbnail(person.photo_square if person.photo else None, person.photo_alt)


@admin.register(Partner)
class PartnerAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "url", "has_logo", "order"]
    list_editable = ["order"]
    list_filter = ["kind"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = ["logo_preview", "created", "updated"]
    fields = [
        "name",
        "slug",
        "kind",
        "description",
        "url",
        "logo",
        "logo_alt",
        "logo_preview",
        "order",
        "created",
        "updated",
    ]

    @admin.display(boolean=True, description="Logo")
    def has_logo(self, partner):
        return bool(partner.logo)

    @admin.display(description="Preview")
    def logo_preview(self, partner):
        return thumbnail(partner.logo_small if partner.logo else None, partner.logo_alt)


@admin.register(ResearchProject)
class ResearchProjectAdmin(admin.ModelAdmin):
    list_display = ["title", "url", "order"]
    list_editable = ["order"]
    search_fields = ["title", "summary"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["people"]
    readonly_fields = ["created", "updated"]
    fields = ["title", "slug", "summary", "people", "url", "order", "created", "updated"]
