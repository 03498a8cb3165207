"""The series' budget and money settings, which organisers edit; accounts and entries, which
the site writes and only superusers read here (each group sees its own money on its pages:
the panel bursaries', organisers fees')."""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse

from common.admin import RecordAdmin

from .models import Budget, Entry, MoneySettings


@admin.register(Budget)
class BudgetAdmin(admin.ModelAdmin):
    list_display = ["line", "seminar", "amount"]
    list_filter = ["line"]
    list_select_related = ["seminar"]
    fields = ["line", "seminar", "amount"]


@admin.register(MoneySettings)
class MoneySettingsAdmin(admin.ModelAdmin):
    """One page of settings for the whole series; there is nothing to add or delete."""

    fields = ["how_to_return", "keep_finance_years", "updated"]
    readonly_fields = ["updated"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        MoneySettings.objects.get_or_create(pk=1)
        return redirect(reverse("admin:ledger_moneysettings_change", args=[1]))


@admin.register(Entry)
class EntryAdmin(RecordAdmin):
    list_display = ["at", "account", "kind", "amount", "part", "reason", "over_budget"]
    list_filter = ["kind", "account__line", "over_budget"]
    list_select_related = ["account"]
    date_hierarchy = "at"
    fields = readonly_fields = [
        "account",
        "kind",
        "amount",
        "part",
        "note",
        "reason",
        "payee",
        "payment_reference",
        "paid_on",
        "over_budget",
        "by",
        "at",
    ]

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser
