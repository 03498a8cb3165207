from django.contrib import messages
from django.db import DatabaseError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.generic import FormView, TemplateView, View

from common.views import database_failed, token_not_found, too_many_posts
from ledger.models import MoneySettings
from seminars.models import WindowState
from seminars.views import PublicSeminarMixin

from . import emails, services
from .forms import (
    PAYMENT_HINTS,
    AcceptForm,
    AnswerForm,
    ClaimForm,
    CorrectionForm,
    PublicApplicationForm,
    accept_hints,
)
from .models import (
    BursaryApplication,
    BursaryEasyReadLine,
    BursaryPolicy,
    BursaryStatus,
    Claim,
    Receipt,
)
from .queries import money_facts, money_of, status_moves
from .receipts import receipt_response
from .rules import claims_open

# Browsers never keep a chosen file when a form comes back.
CHOOSE_AGAIN = "Choose your tickets and receipts again: a page cannot keep them for you."

# Everything an applicant types is kept out of error reports.
PRIVATE_FIELDS = (
    "name",
    "email",
    "supporter_name",
    "organisation",
    "travelling_from",
    "travel_cost",
    "accommodation_cost",
    "companion_cost",
    "care_cost",
    "access_needs",
    "statement",
    "group",
)


class ApplicationFormMixin:
    """What the application form and the correction form both show beside the questions."""

    def get_context_data(self, **kwargs):
        return super().get_context_data(payment_hints=PAYMENT_HINTS, **kwargs)


@method_decorator(sensitive_post_parameters(*PRIVATE_FIELDS), name="dispatch")
class ApplyView(PublicSeminarMixin, ApplicationFormMixin, FormView):
    template_name = "bursaries/apply.html"
    form_class = PublicApplicationForm

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            closed_message=services.closed_message(self.seminar),
            policy=BursaryPolicy.current(),
            easy_read=BursaryEasyReadLine.objects.exists(),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        if refused := too_many_posts(request, group="bursaries:apply", limit="bursary"):
            return refused
        if services.closed_message(self.seminar):
            return self.render_to_response(self.get_context_data(form=self.get_form()))
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        if not form.is_spam:
            try:
                services.apply(self.seminar, **form.service_arguments())
            except services.BursaryError as error:
                form.add_error(None, str(error))
                return self.form_invalid(form)
            except DatabaseError:
                return database_failed(self, form)
        return redirect(reverse("bursaries:check-email", kwargs={"slug": self.seminar.slug}))


class EasyReadView(TemplateView):
    """How travel bursaries work, in Easy Read: the series' sentences and pictures."""

    template_name = "bursaries/easy_read.html"

    def get_context_data(self, **kwargs):
        lines = list(BursaryEasyReadLine.objects.filter(policy_id=1))
        if not lines:
            raise Http404("There is no Easy Read version of how bursaries work yet.")
        return super().get_context_data(lines=lines, **kwargs)


class CheckEmailView(PublicSeminarMixin, TemplateView):
    template_name = "bursaries/check_email.html"


@method_decorator(never_cache, name="dispatch")
class TokenMixin:
    """Pages reached by the applicant's private link: never kept by a browser or proxy;
    guessing is limited."""

    http_method_names = ["get", "post", "head", "options"]

    def dispatch(self, request, *args, **kwargs):
        try:
            self.application = BursaryApplication.objects.select_related(
                "seminar", "seminar__venue", "registration"
            ).get(token=kwargs["token"])
        except BursaryApplication.DoesNotExist:
            return token_not_found(request)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        application = self.application
        registration = application.registration
        return super().get_context_data(
            application=application,
            seminar=application.seminar,
            policy=BursaryPolicy.current(),
            place=registration if registration and registration.is_active else None,
            **kwargs,
        )


class StatusView(TokenMixin, TemplateView):
    """The applicant's private page. GET only shows."""

    template_name = "bursaries/status.html"
    http_method_names = ["get", "head", "options"]

    def get_context_data(self, **kwargs):
        application = self.application
        seminar = application.seminar
        now = timezone.now()
        registration_open = seminar.phase(now).registration == WindowState.OPEN
        claim = Claim.objects.filter(application=application).first()
        awarded = application.is_awarded
        return super().get_context_data(
            claim=claim,
            pay_by=claim and emails.pay_by(claim),
            **money_facts(application),
            how_to_return=MoneySettings.current().how_to_return,
            bookings=list(application.bookings.all()),
            left_to_claim=awarded and services.left_to_claim(application),
            seminar_started=claims_open(seminar, now),
            can_correct=application.can_correct(now),
            ended_award=application.status == BursaryStatus.WITHDRAWN
            and status_moves(application).filter(data__to=BursaryStatus.ACCEPTED).exists(),
            registration_open=bool(registration_open),
            **kwargs,
        )


@method_decorator(sensitive_post_parameters(*PRIVATE_FIELDS), name="dispatch")
class CorrectView(TokenMixin, ApplicationFormMixin, FormView):
    """Until applications close, the applicant changes what they wrote."""

    template_name = "bursaries/correct.html"
    form_class = CorrectionForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.application}

    def get_context_data(self, **kwargs):
        return super().get_context_data(can_correct=self.application.can_correct(), **kwargs)

    def post(self, request, *args, **kwargs):
        if not self.application.can_correct():
            return redirect(self.application.status_path)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        try:
            changed = services.correct(self.application, **form.service_arguments())
        except services.BursaryError as error:
            form.add_error(None, str(error))
            return self.form_invalid(form)
        except DatabaseError:
            return database_failed(self, form)
        messages.success(
            self.request,
            "Your changes are saved. We have emailed you to confirm them."
            if changed
            else "Nothing had changed, so we have saved nothing new.",
        )
        return redirect(self.application.status_path)


class WithdrawView(TokenMixin, TemplateView):
    """GET says exactly what withdrawing does and asks "are you sure?"; only the POST from
    that page withdraws."""

    template_name = "bursaries/withdraw.html"

    def post(self, request, *args, **kwargs):
        try:
            services.withdraw(self.application)
        except services.BursaryError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                "Your bursary has ended."
                if self.application.is_awarded
                else "Your application is withdrawn.",
            )
        return redirect(self.application.status_path)


class AcceptView(TokenMixin, FormView):
    """The applicant accepts, choosing how we pay; only the POST from this page accepts."""

    template_name = "bursaries/accept.html"
    form_class = AcceptForm

    def get_initial(self):
        return {"payment_method": self.application.payment_method}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            payment_hints=accept_hints(BursaryPolicy.current()), **kwargs
        )

    def form_valid(self, form):
        try:
            services.accept(self.application, payment_method=form.cleaned_data["payment_method"])
        except services.BursaryError as error:
            messages.error(self.request, str(error))
        else:
            messages.success(
                self.request,
                "You have accepted the bursary. Your place at the seminar is confirmed.",
            )
        return redirect(self.application.status_path)


class DeclineView(TokenMixin, TemplateView):
    """GET asks to confirm; only the POST from that page declines the offer."""

    template_name = "bursaries/decline.html"

    def post(self, request, *args, **kwargs):
        try:
            services.decline(self.application)
        except services.BursaryError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, "You have declined the bursary. Thank you for telling us.")
        return redirect(self.application.status_path)


@method_decorator(
    sensitive_post_parameters("amount", "reason_over_offer", "answer"), name="dispatch"
)
class ClaimView(TokenMixin, FormView):
    """After the seminar: what the award holder spent themselves, with receipts."""

    template_name = "bursaries/claim.html"
    form_class = ClaimForm

    def post(self, request, *args, **kwargs):
        if not self.application.can_claim:
            messages.error(request, "There is no accepted bursary to claim for.")
            return redirect(self.application.status_path)
        return super().post(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "allowance": services.left_to_claim(self.application),
            "booked": self.application.bookings.exists(),
        }

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            bookings=list(self.application.bookings.all()),
            allowance=services.left_to_claim(self.application),
            money=money_of(self.application),
            **kwargs,
        )

    def form_valid(self, form):
        try:
            services.submit_claim(
                self.application,
                amount=form.cleaned_data["amount"],
                reason_over_offer=form.cleaned_data["reason_over_offer"],
                files=form.cleaned_data["receipts"],
            )
        except services.BursaryError as error:
            form.add_error(None, str(error))
            return self.form_invalid(form)
        except DatabaseError:
            return database_failed(self, form, also=CHOOSE_AGAIN)
        messages.success(self.request, "Thank you: we have your claim.")
        return redirect(self.application.status_path)


@method_decorator(sensitive_post_parameters("answer"), name="dispatch")
class AnswerView(TokenMixin, FormView):
    template_name = "bursaries/answer.html"
    form_class = AnswerForm

    def post(self, request, *args, **kwargs):
        if self.application.status != BursaryStatus.QUERIED:
            messages.error(request, "There is no question to answer now.")
            return redirect(self.application.status_path)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        try:
            services.answer_query(
                self.application,
                answer=form.cleaned_data["answer"],
                files=form.cleaned_data["receipts"],
            )
        except services.BursaryError as error:
            form.add_error(None, str(error))
            return self.form_invalid(form)
        except DatabaseError:
            return database_failed(self, form, also=CHOOSE_AGAIN)
        messages.success(self.request, "Thank you: we have your answer.")
        return redirect(self.application.status_path)


class ReceiptView(TokenMixin, View):
    http_method_names = ["get", "head"]

    def get(self, request, *args, **kwargs):
        receipt = get_object_or_404(
            Receipt, pk=kwargs["receipt"], claim__application=self.application
        )
        return receipt_response(receipt)
