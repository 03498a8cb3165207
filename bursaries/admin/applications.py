"""The bursary panel's admin. Only panel members and superusers reach any of it.

Every admin path (list, change, actions, history, delete, add, autocomplete) checks membership
first and answers 403 to anyone else. Other staff see counts per seminar and group on the
seminar admin (seminars.py here).
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import (
    Avg,
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.views.decorators.debug import sensitive_post_parameters

from common import audit
from common.admin import HistoryMixin
from registrations import services as registration_services
from registrations.groups import GROUP_NAMES

from .. import services
from ..forms import PAYMENT_HINTS
from ..models import (
    PANEL_LABELS,
    PAYMENT_WORDS,
    BursaryApplication,
    BursaryPolicy,
    BursaryStatus,
    Claim,
    PaymentMethod,
    Review,
    Score,
    participant_groups,
)
from ..queries import claim_is_overdue, claim_wait, money_facts, my_conflicts
from ..rules import (
    claims_open,
    identity_hidden,
    is_panel_member,
    may_see_identity,
    organisation_hidden,
    require_panel,
)
from .actions import ACTIONS, error_summary, make_form
from .filters import (
    BursaryGroupFilter,
    ClaimsWaitingFilter,
    NobodyMayDecideFilter,
    NotScoredByMeFilter,
    PaymentMethodFilter,
)
from .forms import PhoneApplicationForm

BLIND = "Hidden for blind review"


@admin.register(BursaryApplication)
class BursaryApplicationAdmin(HistoryMixin, admin.ModelAdmin):
    list_display = [
        "reference",
        "seminar",
        "bursary_group",
        "applicant",
        "status",
        "how_we_pay",
        "reviews",
        "mean_score",
        "your_score",
        "staged",
        "claim_waiting",
    ]
    list_display_links = ["reference"]
    list_filter = [
        "seminar",
        BursaryGroupFilter,
        "status",
        PaymentMethodFilter,
        NotScoredByMeFilter,
        ClaimsWaitingFilter,
        NobodyMayDecideFilter,
    ]
    list_select_related = ["seminar__bursaries"]
    actions = None
    show_full_result_count = False

    # Every path starts here.
    def _require_panel(self, request):
        require_panel(request)

    def has_module_permission(self, request):
        return is_panel_member(request.user)

    def has_view_permission(self, request, obj=None):
        return is_panel_member(request.user)

    def has_change_permission(self, request, obj=None):
        return is_panel_member(request.user)

    def has_add_permission(self, request):
        return is_panel_member(request.user)  # an application taken by phone

    def has_delete_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        user = request.user
        mine = Review.objects.filter(application=OuterRef("pk"), reviewer=user, conflict=False)
        payment_days = BursaryPolicy.objects.filter(pk=1).values("payment_days")
        return (
            services.visible_applications(user)
            .select_related("seminar__bursaries")
            .annotate(
                my_score=Subquery(mine.values("score")[:1]),
                my_comment=Subquery(mine.values("comment")[:1]),
                my_review_at=Subquery(mine.values("updated")[:1]),
                review_count=Count("reviews", filter=Q(reviews__conflict=False)),
                mean=Avg("reviews__score", filter=Q(reviews__conflict=False)),
                scored_by_me=Exists(mine),
                claim_at=F("claim__created"),
                payment_days=Coalesce(
                    Subquery(payment_days),
                    Value(BursaryPolicy._meta.get_field("payment_days").default),
                    output_field=IntegerField(),
                ),
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

    def application_or_404(self, request, object_id):
        """One row of the list, with this member's score: 404 for one they may not see."""
        try:
            return self.get_queryset(request).get(pk=object_id)
        except (BursaryApplication.DoesNotExist, ValueError):
            raise Http404("No such application, or you have a conflict of interest.") from None

    def changelist_view(self, request, extra_context=None):
        self._require_panel(request)
        extra_context = {
            **(extra_context or {}),
            "reserve_prompts": services.reserve_prompts(),
            "staged_count": self.get_queryset(request).exclude(staged_decision="").count(),
            "conflict_count": my_conflicts(request.user).count(),
            "change_prompts": services.changes_to_tell(),
        }
        return super().changelist_view(request, extra_context)

    def history_view(self, request, object_id, extra_context=None):
        self._require_panel(request)
        return super().history_view(request, object_id, extra_context)

    def delete_view(self, request, object_id, extra_context=None):
        raise PermissionDenied

    @method_decorator(sensitive_post_parameters())
    def add_view(self, request, form_url="", extra_context=None):
        """An application taken by phone (or on paper), through the same service as the form."""
        self._require_panel(request)
        form = PhoneApplicationForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            data = form.service_arguments()
            try:
                application, outcome = services.apply(
                    form.cleaned_data["seminar"], **data, by=request.user
                )
            except services.BursaryError as error:
                form.add_error(None, str(error))
            else:
                if outcome == "existing":
                    self.message_user(
                        request,
                        "That email address already has an application for this seminar, so "
                        "we have not made another. Find it in the list, or ask another panel "
                        "member if you cannot see it.",
                        messages.WARNING,
                    )
                    return redirect(reverse("admin:bursaries_bursaryapplication_changelist"))
                else:
                    self.message_user(
                        request,
                        f"{application.reference} entered. We emailed the applicant their "
                        "private link.",
                        messages.SUCCESS,
                    )
                return redirect(self._change_url(application))
        context = {
            **self.admin_site.each_context(request),
            "title": "Enter an application taken by phone",
            "opts": self.model._meta,
            "form": form,
            "payment_hints": PAYMENT_HINTS,
        }
        return TemplateResponse(request, "admin/bursaries/phone_application.html", context)

    def _change_url(self, application):
        return reverse("admin:bursaries_bursaryapplication_change", args=[application.pk])

    @admin.display(description="Ref.", ordering="pk")
    def reference(self, application):
        return application.reference

    @admin.display(description="Group", ordering="group")
    def bursary_group(self, application):
        return application.get_bursary_group_display()

    @admin.display(description="Applicant")
    def applicant(self, application):
        # Every row is one the member may see (get_queryset: no conflict of interest), so
        # may_see_identity comes down to blind review here.
        return BLIND if identity_hidden(application) else application.name

    @admin.display(description="How we pay", ordering="payment_method")
    def how_we_pay(self, application):
        return PAYMENT_WORDS.get(application.payment_method, "")

    @admin.display(description="Reviews", ordering="review_count")
    def reviews(self, application):
        return application.review_count

    @admin.display(description="Mean score")
    def mean_score(self, application):
        if application.visible_mean is None:
            if application.status == BursaryStatus.WITHDRAWN:
                return "Withdrawn: not scored"
            if application.status not in BursaryStatus.undecided:
                return "Decided: not needed"
            return "Score it to see"
        return f"{application.visible_mean:.1f}"

    @admin.display(description="Your score")
    def your_score(self, application):
        if not application.my_score:
            return "—"
        if application.changed_at and application.my_review_at < application.changed_at:
            return f"{application.my_score} (changed since: read it again)"
        return application.my_score

    @admin.display(description="Staged decision")
    def staged(self, application):
        return application.get_staged_decision_display() or "—"

    @admin.display(description="Claim waiting", ordering="claim_at")
    def claim_waiting(self, application):
        if application.status not in BursaryStatus.claim_pending or not application.claim_at:
            return "—"
        days = claim_wait(application.claim_at)
        words = f"{days} working day{'s' if days != 1 else ''}"
        late = claim_is_overdue(application.claim_at, payment_days=application.payment_days)
        return f"OVERDUE: {words}" if late else words

    def change_view(self, request, object_id, form_url="", extra_context=None):
        """The panel's page for one application: details, reviews, and a form for each action
        that applies now. Each form posts to its own action view."""
        self._require_panel(request)
        if request.method != "GET":
            return HttpResponseNotAllowed(["GET"])
        return self.review_page(request, self.application_or_404(request, object_id))

    def review_page(self, request, application, *, bound=None):
        bound = bound or {}
        forms = {name: bound.get(name) or make_form(name, application) for name in ACTIONS}
        claim = Claim.objects.filter(application=application).first()
        reviews = (
            list(application.reviews.filter(conflict=False).select_related("reviewer"))
            if application.scored_by_me
            else []
        )
        seminar = application.seminar
        now = timezone.now()
        started = claims_open(seminar, now)
        method, status = application.payment_method, application.status
        policy = BursaryPolicy.current()
        claim_days = claim and claim_wait(claim.created, now=now)
        context = {
            **self.admin_site.each_context(request),
            "title": f"Bursary application {application.reference}",
            "opts": self.model._meta,
            "application": application,
            "blind": not may_see_identity(request.user, application),
            "organisation_hidden": organisation_hidden(application),
            "forms": forms,
            "errors": error_summary(bound),
            "claim": claim,
            **money_facts(application),
            "claim_days": claim_days,
            "bookings": list(application.bookings.all()),
            "places_left": registration_services.places_left(seminar),
            "bursaries_left": services.bursaries_left(seminar, application.bursary_group),
            "can_stage": any(application.can_move_to(d) for d in services.STAGED_ACTIONS),
            "decisions_wait": services.decisions_wait_message(seminar, now=now),
            "can_book": method == PaymentMethod.BOOK and status in BursaryStatus.bookable,
            "can_record_advance": method == PaymentMethod.ADVANCE
            and status == BursaryStatus.ACCEPTED,
            "can_settle": started and status in (BursaryStatus.BOOKED, BursaryStatus.ADVANCE_PAID),
            "can_unwell": status in (BursaryStatus.BOOKED, BursaryStatus.ADVANCE_PAID),
            "claim_overdue": bool(claim)
            and status in BursaryStatus.claim_pending
            and claim_is_overdue(claim.created, payment_days=policy.payment_days, now=now),
            "score_meanings": Score.choices,
            "cost_lines": application.cost_lines(labels=PANEL_LABELS),  # in the panel's words
            # Which of a shared bursary group's answers (service users and carers share one).
            "group_name": GROUP_NAMES.get(application.group, application.group)
            if len(participant_groups(application.bursary_group)) > 1
            else "",
            "how_we_pay": PAYMENT_WORDS.get(application.payment_method, ""),
            "decided": status not in BursaryStatus.undecided,
            "reviews": [(review, review.given_before_change(application)) for review in reviews],
            "my_review_stale": bool(
                application.my_score
                and application.changed_at
                and application.my_review_at < application.changed_at
            ),
            "history": audit.history(application, request.user),
            "policy": policy,
            "has_view_permission": True,
        }
        return TemplateResponse(request, "admin/bursaries/application_review.html", context)
