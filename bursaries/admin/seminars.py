"""What the bursary work adds to other admin pages: bursary counts on each seminar (counts only:
applications themselves are for the panel), a warning about late decisions, and the series'
bursary rules that organisers edit."""

import datetime

from django.contrib import admin, messages
from django.db.models import Count, Q
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe

from registrations.admin.seminars import RegistrationSeminarAdmin
from seminars.models import Seminar

from ..models import BURSARY_GROUP_OF, BursaryGroup, BursaryPolicy, BursaryStatus

# Decisions later than this before the seminar leave little time for cheap advance fares.
DECISIONS_WARNING = datetime.timedelta(weeks=3)


class BursarySeminarAdmin(RegistrationSeminarAdmin):
    readonly_fields = [*RegistrationSeminarAdmin.readonly_fields, "bursary_applications"]

    def get_fieldsets(self, request, obj=None):
        fieldsets = [(name, dict(options)) for name, options in super().get_fieldsets(request, obj)]
        for name, options in fieldsets:
            if name == "Travel bursaries":
                options["fields"] = [*options["fields"], "bursary_applications"]
        return fieldsets

    @admin.display(description="Bursaries by group")
    def bursary_applications(self, seminar):
        if not seminar.pk:
            return "—"
        rows = (
            seminar.bursary_applications.exclude(status=BursaryStatus.WITHDRAWN)
            .values("group")
            .annotate(
                applied=Count("pk"),
                offered=Count("pk", filter=Q(status=BursaryStatus.OFFERED)),
                awarded=Count("pk", filter=Q(status__in=BursaryStatus.awarded)),
            )
        )
        counts = {group: {"applied": 0, "offered": 0, "awarded": 0} for group in BursaryGroup}
        for row in rows:
            totals = counts[BURSARY_GROUP_OF[row["group"]]]
            for key in totals:
                totals[key] += row[key]
        lines = []
        for group, row in counts.items():
            free = max(seminar.bursaries_per_group - row["offered"] - row["awarded"], 0)
            lines.append(
                f"{group.label}: {row['applied']} applied, {row['offered']} offered, "
                f"{row['awarded']} accepted, {free} free"
            )
        return format_html_join(mark_safe("<br>"), "{}", ((line,) for line in lines))

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        decisions, starts = obj.bursary_decisions_by, obj.starts_at
        if decisions and starts:
            start_day = timezone.localtime(starts).date()
            if start_day - decisions < DECISIONS_WARNING:
                self.message_user(
                    request,
                    f"Bursary decisions by {decisions:%-d %B} leave less than three weeks before "
                    "the seminar: cheap advance train fares may be gone by then. An earlier "
                    "day helps the people the bursaries are for.",
                    messages.WARNING,
                )


admin.site.unregister(Seminar)
admin.site.register(Seminar, BursarySeminarAdmin)


@admin.register(BursaryPolicy)
class BursaryPolicyAdmin(admin.ModelAdmin):
    """One page of rules for the whole series; there is nothing to add or delete."""

    fields = ["what_counts", "mileage_rate", "payment_days", "unspent_advance", "updated"]
    readonly_fields = ["updated"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        # Straight to the one page of rules (a migration made it with the defaults).
        BursaryPolicy.objects.get_or_create(pk=1)
        return redirect(reverse("admin:bursaries_bursarypolicy_change", args=[1]))
