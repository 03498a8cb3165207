"""Places and the waiting list on the seminar admin: this app counts them, so it adds them."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html

from seminars.admin import SeminarAdmin
from seminars.models import Seminar

from ..queries import left, with_place_counts

# On the seminar's page; its list keeps to taken, left and waiting.
PLACES = ["places_taken", "places_held", "places_left", "waiting"]


class RegistrationSeminarAdmin(SeminarAdmin):
    list_display = [
        *SeminarAdmin.list_display,
        *(name for name in PLACES if name != "places_held"),
        "registration_links",
    ]
    readonly_fields = [*SeminarAdmin.readonly_fields, *PLACES, "registration_links"]

    def get_queryset(self, request):
        # A GROUP BY query drops Meta.ordering.
        return with_place_counts(super().get_queryset(request)).order_by("number")

    def get_fieldsets(self, request, obj=None):
        fieldsets = [(name, dict(options)) for name, options in super().get_fieldsets(request, obj)]
        for name, options in fieldsets:
            if name == "Registration":
                fields = list(options["fields"])
                fields.insert(fields.index("capacity") + 1, tuple(PLACES))
                fields.insert(fields.index("capacity") + 2, "registration_links")
                options["fields"] = fields
        return fieldsets

    @admin.display(description="Places taken", ordering="places_taken")
    def places_taken(self, seminar):
        return getattr(seminar, "places_taken", 0)  # a seminar being added has no count yet

    @admin.display(description="Of them held for bursary offers")
    def places_held(self, seminar):
        """An anonymous count: who holds them is the bursary panel's to know."""
        return getattr(seminar, "held_count", 0)

    @admin.display(description="Places left")
    def places_left(self, seminar):
        return left(seminar.capacity, self.places_taken(seminar))

    @admin.display(description="Waiting list", ordering="waiting_count")
    def waiting(self, seminar):
        return getattr(seminar, "waiting_count", 0)

    @admin.display(description="Registrations")
    def registration_links(self, seminar):
        if not seminar.pk:
            return "—"
        return format_html(
            '<a href="{}?seminar__id__exact={}">See who is registered</a>',
            reverse("admin:registrations_registration_changelist"),
            seminar.pk,
        )


admin.site.unregister(Seminar)
admin.site.register(Seminar, RegistrationSeminarAdmin)
