"""What the bursary work adds to other admin pages: each seminar's travel bursaries, edited on
the seminar's page with its bursary counts (counts only: applications themselves are for the
panel) and a warning about late decisions; and the series' bursary rules that organisers edit.
The seminar's page asks for them through its slots (seminars/slots.py)."""

from django import forms
from django.contrib import admin, messages
from django.db.models import Count, Q
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe

from seminars import slots
from seminars.deadlines import DaySentenceWidget, DeadlineField

from ..models import (
    BURSARY_GROUP_OF,
    BursaryEasyReadLine,
    BursaryGroup,
    BursaryPolicy,
    BursaryStatus,
    SeminarBursaries,
)


class SeminarBursariesForm(forms.ModelForm):
    """The deadline entered as a day, as people say it, with the public's sentence beside it."""

    deadline = DeadlineField(
        label="Apply for a bursary by",
        required=False,
        sentence="Bursary applications close at {} (UK time).",
        help_text="The last day to apply. Leave empty when no bursaries are offered.",
    )

    class Meta:
        model = SeminarBursaries
        fields = [
            "deadline",
            "decisions_by",
            "rolling_decisions",
            "per_group",
            "max_award",
            "note",
            "blind_review",
        ]
        widgets = {
            "decisions_by": DaySentenceWidget("Applicants hear whether they have a bursary by {}.")
        }

    def clean_seminar(self):
        # The seminar as the organiser is saving it, so that the model's clean() checks the
        # deadline against a start changed on the same page. (The admin leaves a new row's
        # seminar empty until it saves it.)
        return self.fields["seminar"].parent_instance


class SeminarBursariesInline(admin.StackedInline):
    model = SeminarBursaries
    form = SeminarBursariesForm
    extra = 1
    max_num = 1
    can_delete = False
    verbose_name = verbose_name_plural = "Travel bursaries"
    readonly_fields = ["bursary_applications"]
    fieldsets = [
        (
            None,
            {
                "fields": [*SeminarBursariesForm.Meta.fields, "bursary_applications"],
                "description": "A seminar offers travel bursaries when it has a bursary "
                "deadline. The rules for the whole series are under Bursary rules.",
            },
        )
    ]

    @admin.display(description="Bursaries by group")
    def bursary_applications(self, bursaries):
        seminar = bursaries.seminar
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
            free = max(bursaries.per_group - row["offered"] - row["awarded"], 0)
            lines.append(
                f"{group.label}: {row['applied']} applied, {row['offered']} offered, "
                f"{row['awarded']} accepted, {free} free"
            )
        return format_html_join(mark_safe("<br>"), "{}", ((line,) for line in lines))


def warn_late_decisions(request, seminar):
    bursaries = SeminarBursaries.of(seminar)
    if bursaries.decisions_late():
        messages.warning(
            request,
            f"Bursary decisions by {bursaries.decisions_by:%-d %B} leave less than three weeks "
            "before the seminar: cheap advance train fares may be gone by then. An earlier "
            "day helps the people the bursaries are for.",
        )


slots.fill("admin.inlines", SeminarBursariesInline)
slots.fill("admin.saved", warn_late_decisions)


class BursaryEasyReadLineInline(admin.StackedInline):
    model = BursaryEasyReadLine
    extra = 0
    fields = ["text", ("picture", "picture_alt"), "order"]
    verbose_name_plural = "Easy Read version of how bursaries work: one short sentence a line"


@admin.register(BursaryPolicy)
class BursaryPolicyAdmin(admin.ModelAdmin):
    """One page of rules for the whole series; there is nothing to add or delete."""

    fields = ["what_counts", "mileage_rate", "payment_days", "unspent_advance", "updated"]
    readonly_fields = ["updated"]
    inlines = [BursaryEasyReadLineInline]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        # Straight to the one page of rules (a migration made it with the defaults).
        BursaryPolicy.objects.get_or_create(pk=1)
        return redirect(reverse("admin:bursaries_bursarypolicy_change", args=[1]))
