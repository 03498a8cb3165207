"""The bursary list's own filters."""

from django.contrib import admin

from ..models import PAYMENT_WORDS, BursaryGroup, BursaryStatus, participant_groups
from ..queries import overdue_claims, waiting_for_score
from ..services import nobody_may_decide


class NotScoredByMeFilter(admin.SimpleListFilter):
    title = "your review"
    parameter_name = "mine"

    def lookups(self, request, model_admin):
        return [("todo", "Waiting for my score"), ("done", "Scored by me")]

    def queryset(self, request, queryset):
        if self.value() == "todo":
            return queryset.filter(pk__in=waiting_for_score(request.user).values("pk"))
        if self.value() == "done":
            return queryset.filter(my_score__isnull=False)
        return queryset


class BursaryGroupFilter(admin.SimpleListFilter):
    title = "bursary group"
    parameter_name = "bursary_group"

    def lookups(self, request, model_admin):
        return BursaryGroup.choices

    def queryset(self, request, queryset):
        if self.value() in BursaryGroup.values:
            return queryset.filter(group__in=participant_groups(self.value()))
        return queryset


class PaymentMethodFilter(admin.SimpleListFilter):
    """How we pay, in the panel's words (PAYMENT_WORDS)."""

    title = "how we pay"
    parameter_name = "payment_method__exact"

    def lookups(self, request, model_admin):
        return list(PAYMENT_WORDS.items())

    def queryset(self, request, queryset):
        if self.value() in PAYMENT_WORDS:
            return queryset.filter(payment_method=self.value())
        return queryset


class ClaimsWaitingFilter(admin.SimpleListFilter):
    title = "claims"
    parameter_name = "claims"

    def lookups(self, request, model_admin):
        return [
            ("waiting", "Waiting for approval or payment"),
            ("overdue", "Waiting longer than we promise"),
        ]

    def queryset(self, request, queryset):
        if self.value() == "waiting":
            return queryset.filter(status__in=BursaryStatus.claim_pending).order_by("claim_at")
        if self.value() == "overdue":
            return overdue_claims(queryset).order_by("claim_at")
        return queryset


class NobodyMayDecideFilter(admin.SimpleListFilter):
    title = "who may decide"
    parameter_name = "nobody_may_decide"

    def lookups(self, request, model_admin):
        return [("yes", "Nobody on the panel: every member declared a conflict")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(pk__in=nobody_may_decide().values("pk"))
        return queryset
