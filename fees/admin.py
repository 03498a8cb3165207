"""The series' fee rates and policy, which organisers edit; the fees themselves, listed for
organisers with a link to each fee's staff page (offering, approving and paying happen there,
through the services). The panel sees none of it."""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.html import format_html

from common.staff_pages import staff_url
from seminars import slots

from .models import FeeSettings, InvolvementFee
from .queries import money, with_money


@admin.register(FeeSettings)
class FeeSettingsAdmin(admin.ModelAdmin):
    """One page for the whole series; nothing to add or delete."""

    fieldsets = [
        ("Rates", {"fields": ["hourly_rate", "half_day_rate", "day_rate"]}),
        ("How and when fees are paid", {"fields": ["how_paid", "payment_days"]}),
        ("Shown with every offer", {"fields": ["if_cancelled", "if_unwell", "benefits_note"]}),
        ("History", {"fields": ["updated"]}),
    ]
    readonly_fields = ["updated"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        FeeSettings.objects.get_or_create(pk=1)
        return redirect(reverse("admin:fees_feesettings_change", args=[1]))


@admin.register(InvolvementFee)
class FeeAdmin(admin.ModelAdmin):
    """Read here; changed only on the fee's staff page, through the services."""

    list_display = ["reference_link", "seminar", "name", "role", "amount", "choice", "money"]
    # The reference links to the fee's staff page; the admin's own link goes on the name, so
    # the two links are never nested (a nested one is left empty, with no name to read).
    list_display_links = ["name"]
    list_filter = ["choice", "seminar"]
    search_fields = ["name", "email", "for_what"]
    fields = readonly_fields = [
        "seminar",
        "name",
        "email",
        "role",
        "lived_experience",
        "consent_at",
        "for_what",
        "unit",
        "quantity",
        "rate",
        "amount",
        "choice",
        "amount_chosen",
        "another_way",
        "organisation",
        "chosen_at",
        "staff_page",
    ]

    def get_queryset(self, request):
        return with_money(super().get_queryset(request))

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description="Fee", ordering="pk")
    def reference_link(self, fee):
        return format_html('<a href="{}">{}</a>', staff_url("fee", fee.pk), fee.reference)

    @admin.display(description="Committed and paid")
    def money(self, fee):
        balance, _ = money(fee)
        return f"£{balance.committed} committed, £{balance.paid} paid"

    @admin.display(description="Offer, approve and pay")
    def staff_page(self, fee):
        return format_html('<a href="{}">Open the fee\'s page</a>', staff_url("fee", fee.pk))


@admin.display(description="Involvement fees")
def involvement_fees(seminar):
    if not seminar.pk:
        return "—"
    return format_html(
        '<a href="{}">Fees for contributors with lived experience</a>',
        staff_url("fees-seminar", seminar.pk),
    )


slots.fill("admin.facts", (None, "description", [involvement_fees]))
