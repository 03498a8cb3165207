"""The bursary panel's admin. Only panel members and superusers reach any of it.

Every admin path (list, change, history, delete, add, autocomplete) checks membership first and
answers 403 to anyone else. Other staff see counts per seminar and group on the seminar admin.
"""

import csv

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Avg, Case, Count, Exists, F, OuterRef, Q, Subquery, When
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.decorators import method_decorator
from django.views.decorators.debug import sensitive_post_parameters

from config.spreadsheets import spreadsheet_safe
from outbox.admin import EmailAdmin as OutboxEmailAdmin
from outbox.models import Email
from registrations import services as registration_services

from . import emails, services
from .forms import BookingForm, DecisionForm, PaymentForm, QueryForm, ReviewForm
from .models import BursaryApplication, BursaryStatus, Claim, Receipt, Review, Score
from .permissions import is_panel_member
from .views import receipt_response

BLIND = "Hidden for blind review"


class NotScoredByMeFilter(admin.SimpleListFilter):
    title = "your review"
    parameter_name = "mine"

    def lookups(self, request, model_admin):
        return [("todo", "Not scored by me yet"), ("done", "Scored by me")]

    def queryset(self, request, queryset):
        if self.value() == "todo":
            return queryset.filter(my_score__isnull=True)
        if self.value() == "done":
            return queryset.filter(my_score__isnull=False)
        return queryset


@admin.register(BursaryApplication)
class BursaryApplicationAdmin(admin.ModelAdmin):
    list_display = [
        "reference",
        "seminar",
        "group",
        "applicant",
        "status",
        "reviews",
        "mean_score",
        "your_score",
        "staged",
    ]
    list_display_links = ["reference"]
    list_filter = ["seminar", "group", "status", NotScoredByMeFilter]
    list_select_related = ["seminar"]
    actions = None
    show_full_result_count = False

    # Every path starts here.
    def _require_panel(self, request):
        if not is_panel_member(request.user):
            raise PermissionDenied

    def has_module_permission(self, request):
        return is_panel_member(request.user)

    def has_view_permission(self, request, obj=None):
        return is_panel_member(request.user)

    def has_change_permission(self, request, obj=None):
        return is_panel_member(request.user)

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        user = request.user
        mine = Review.objects.filter(application=OuterRef("pk"), reviewer=user, conflict=False)
        return (
            services.visible_applications(user)
            .select_related("seminar")
            .annotate(
                my_score=Subquery(mine.values("score")[:1]),
                review_count=Count("reviews", filter=Q(reviews__conflict=False)),
                mean=Avg("reviews__score", filter=Q(reviews__conflict=False)),
                scored_by_me=Exists(mine),
            )
            # Others' scores, and so the ranking by them, only where this member has scored.
            .annotate(visible_mean=Case(When(scored_by_me=True, then=F("mean"))))
        )

    def get_ordering(self, request):
        # Within each seminar and group: best mean first among what this member has scored,
        # then the rest in the order they arrived.
        return [
            "seminar__number",
            "group",
            F("visible_mean").desc(nulls_last=True),
            "created",
            "pk",
        ]

    def changelist_view(self, request, extra_context=None):
        self._require_panel(request)
        extra_context = {
            **(extra_context or {}),
            "reserve_prompts": services.reserve_prompts(),
            "staged_count": self.get_queryset(request).exclude(staged_decision="").count(),
        }
        return super().changelist_view(request, extra_context)

    def get_urls(self):
        return [
            path(
                "<int:object_id>/receipts/<int:receipt_id>/",
                self.admin_site.admin_view(self.receipt_view),
                name="bursaries_bursaryapplication_receipt",
            ),
            path(
                "finance.csv",
                self.admin_site.admin_view(self.finance_csv),
                name="bursaries_bursaryapplication_finance",
            ),
            path(
                "send-staged/",
                self.admin_site.admin_view(self.send_staged_view),
                name="bursaries_bursaryapplication_send_staged",
            ),
            *super().get_urls(),
        ]

    def receipt_view(self, request, object_id, receipt_id):
        """A receipt for the panel only, as a download no cache keeps."""
        self._require_panel(request)
        receipt = get_object_or_404(
            Receipt.objects.filter(
                claim__application__in=services.visible_applications(request.user)
            ),
            pk=receipt_id,
            claim__application_id=object_id,
        )
        return receipt_response(receipt)

    def finance_csv(self, request):
        """Awards and claims for the finance office, safe to open in a spreadsheet."""
        self._require_panel(request)
        awards = (
            services.visible_applications(request.user)
            .filter(status__in=BursaryStatus.live_award)
            .select_related("seminar", "claim")
            .order_by("seminar__number", "group", "pk")
        )
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="bursary-awards.csv"'
        response["Cache-Control"] = "no-store"
        writer = csv.writer(response)
        writer.writerow(
            [
                "Reference",
                "Seminar",
                "Group",
                "Name",
                "Email",
                "Status",
                "Offered (GBP)",
                "Claimed (GBP)",
                "Paid (GBP)",
                "Paid on",
                "Tickets booked by us",
            ]
        )
        for award in awards:
            claim = getattr(award, "claim", None)
            writer.writerow(
                [
                    spreadsheet_safe(value)
                    for value in (
                        f"B{award.pk}",
                        award.seminar.number,
                        award.get_group_display(),
                        award.name,
                        award.email,
                        award.get_status_display(),
                        award.offer_amount,
                        claim and claim.amount,
                        claim and claim.amount_paid,
                        claim and claim.paid_on and claim.paid_on.isoformat(),
                        award.booking_details,
                    )
                ]
            )
        return response

    def _identity(self, request, application):
        """Name and email, unless blind review hides them from this (non-superuser) member."""
        if application.seminar.bursary_blind_review and not request.user.is_superuser:
            return (BLIND, BLIND)
        return (application.name, application.email)

    def send_staged_view(self, request):
        """Every staged decision with the email it will send; one button sends them all."""
        self._require_panel(request)
        staged = list(
            self.get_queryset(request)
            .exclude(staged_decision="")
            .order_by(*self.get_ordering(request))
        )
        if request.method == "POST":
            sent, problems = services.send_staged_decisions(staged, by=request.user)
            if sent:
                self.message_user(request, f"Sent {len(sent)} decision(s).", messages.SUCCESS)
            for problem in problems:
                self.message_user(request, problem, messages.ERROR)
            return redirect(reverse("admin:bursaries_bursaryapplication_changelist"))
        context = {
            **self.admin_site.each_context(request),
            "title": "Send staged decisions",
            "opts": self.model._meta,
            "previews": [
                (a, emails.preview_staged(a, hide_name=self._identity(request, a)[0] == BLIND))
                for a in staged
            ],
        }
        return TemplateResponse(request, "admin/bursaries/send_staged.html", context)

    def history_view(self, request, object_id, extra_context=None):
        self._require_panel(request)
        return super().history_view(request, object_id, extra_context)

    def delete_view(self, request, object_id, extra_context=None):
        raise PermissionDenied

    def add_view(self, request, form_url="", extra_context=None):
        raise PermissionDenied

    @admin.display(description="Ref.", ordering="pk")
    def reference(self, application):
        return f"B{application.pk}"

    @admin.display(description="Applicant")
    def applicant(self, application):
        return BLIND if application.seminar.bursary_blind_review else application.name

    @admin.display(description="Reviews", ordering="review_count")
    def reviews(self, application):
        return application.review_count

    @admin.display(description="Mean score")
    def mean_score(self, application):
        if application.visible_mean is None:
            return "Score it to see"
        return f"{application.visible_mean:.1f}"

    @admin.display(description="Your score")
    def your_score(self, application):
        return application.my_score or "—"

    @admin.display(description="Staged decision")
    def staged(self, application):
        return application.get_staged_decision_display() or "—"

    @method_decorator(sensitive_post_parameters("comment"))
    def change_view(self, request, object_id, form_url="", extra_context=None):
        """The panel's page for one application: details, your review, others' reviews."""
        self._require_panel(request)
        try:
            application = self.get_queryset(request).get(pk=object_id)
        except (BursaryApplication.DoesNotExist, ValueError):
            raise Http404("No such application, or you have a conflict of interest.") from None
        action = request.POST.get("action")
        form = ReviewForm(
            request.POST if action == "score" else None,
            initial={"score": application.my_score},
        )
        decision_form = DecisionForm(
            request.POST if action == "stage" else None,
            initial={
                "decision": application.staged_decision or None,
                "amount": application.staged_amount or application.total_cost,
            },
        )
        query_form = QueryForm(request.POST if action == "query" else None)
        payment_form = PaymentForm(
            request.POST if action == "pay" else None,
            initial={"amount_paid": getattr(getattr(application, "claim", None), "amount", None)},
        )
        booking_form = BookingForm(
            request.POST if action == "booking" else None,
            initial={"booking_details": application.booking_details},
        )
        if request.method == "POST":
            response = self._handle_review(request, application, form) or self._handle_decision(
                request, application, decision_form, booking_form, query_form, payment_form
            )
            if response:
                return response
        reviews = (
            list(application.reviews.filter(conflict=False).select_related("reviewer"))
            if application.scored_by_me
            else []
        )
        context = {
            **self.admin_site.each_context(request),
            "title": f"Bursary application B{application.pk}",
            "opts": self.model._meta,
            "application": application,
            "blind": application.seminar.bursary_blind_review,
            "form": form,
            "decision_form": decision_form,
            "booking_form": booking_form,
            "query_form": query_form,
            "payment_form": payment_form,
            "claim": Claim.objects.filter(application=application).first(),
            "places_left": registration_services.places_left(application.seminar),
            "bursaries_left": services.bursaries_left(application.seminar, application.group),
            "can_stage": any(application.can_move_to(d) for d in services.STAGED_ACTIONS),
            "score_meanings": Score.choices,
            "reviews": reviews,
            "status_changes": application.status_changes.select_related("by"),
            "has_view_permission": True,
        }
        return TemplateResponse(request, "admin/bursaries/application_review.html", context)

    def _handle_review(self, request, application, form):
        action = request.POST.get("action")
        try:
            if action == "conflict":
                services.declare_conflict(application, reviewer=request.user)
                self.message_user(
                    request,
                    f"You declared a conflict of interest with B{application.pk}. It is no "
                    "longer in your list.",
                    messages.SUCCESS,
                )
                return redirect(reverse("admin:bursaries_bursaryapplication_changelist"))
            if action == "score" and form.is_valid():
                services.score(
                    application,
                    reviewer=request.user,
                    score=form.cleaned_data["score"],
                    comment=form.cleaned_data["comment"],
                )
                self.message_user(
                    request, f"Your score for B{application.pk} is saved.", messages.SUCCESS
                )
                return redirect(request.path)
        except services.BursaryError as error:
            self.message_user(request, str(error), messages.ERROR)
            return redirect(reverse("admin:bursaries_bursaryapplication_changelist"))
        return None

    def _handle_decision(
        self, request, application, decision_form, booking_form, query_form, payment_form
    ):
        action = request.POST.get("action")
        try:
            if action == "query" and query_form.is_valid():
                services.query_claim(
                    application, question=query_form.cleaned_data["question"], by=request.user
                )
                self.message_user(request, "Question sent.", messages.SUCCESS)
                return redirect(request.path)
            if action == "pay" and payment_form.is_valid():
                services.pay_claim(
                    application,
                    amount_paid=payment_form.cleaned_data["amount_paid"],
                    paid_on=payment_form.cleaned_data["paid_on"],
                    by=request.user,
                )
                self.message_user(request, "Payment recorded.", messages.SUCCESS)
                return redirect(request.path)
            if action == "stage" and decision_form.is_valid():
                services.stage_decision(
                    application,
                    decision=decision_form.cleaned_data["decision"],
                    amount=decision_form.cleaned_data["amount"],
                    reply_by=decision_form.reply_by_moment,
                    by=request.user,
                )
                self.message_user(
                    request,
                    f"Decision for B{application.pk} staged. Preview and send it with the others "
                    "from the list.",
                    messages.SUCCESS,
                )
                return redirect(request.path)
            if action == "booking" and booking_form.is_valid():
                services.record_booking(
                    application,
                    details=booking_form.cleaned_data["booking_details"],
                    by=request.user,
                )
                self.message_user(request, "Booking saved.", messages.SUCCESS)
                return redirect(request.path)
        except services.BursaryError as error:
            self.message_user(request, str(error), messages.ERROR)
            return redirect(request.path)
        return None


admin.site.unregister(Email)


@admin.register(Email)
class EmailAdmin(OutboxEmailAdmin):
    """The outbox, with emails to bursary applicants kept to the panel."""

    def get_queryset(self, request):
        emails = super().get_queryset(request)
        user = request.user
        if not is_panel_member(user):
            return emails.exclude(kind__startswith="bursaries/")
        if user.is_superuser:
            return emails
        # A panel member sees emails to applicants they may see, and not in blind review.
        seen = services.visible_applications(user).filter(seminar__bursary_blind_review=False)
        hidden = BursaryApplication.objects.exclude(pk__in=seen).values("email")
        return emails.exclude(kind__startswith="bursaries/", to__in=hidden)
