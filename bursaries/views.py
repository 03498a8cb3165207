from django.contrib import messages
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.views.decorators.debug import sensitive_post_parameters
from django.views.generic import FormView, TemplateView, View

from config.views import too_many_posts
from seminars.views import PublicSeminarMixin

from . import services
from .forms import GROUP_HINTS, AnswerForm, BursaryApplicationForm, ClaimForm
from .models import BursaryApplication, BursaryGroup, BursaryStatus, Claim, Receipt

# Everything an applicant types is kept out of error reports.
PRIVATE_FIELDS = (
    "name",
    "email",
    "organisation",
    "travelling_from",
    "travel_cost",
    "companion_cost",
    "access_needs",
    "statement",
    "group",
)


@method_decorator(sensitive_post_parameters(*PRIVATE_FIELDS), name="dispatch")
class ApplyView(PublicSeminarMixin, FormView):
    template_name = "bursaries/apply.html"
    form_class = BursaryApplicationForm

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            closed_message=services.closed_message(self.seminar),
            groups=[(label, GROUP_HINTS[value]) for value, label in BursaryGroup.choices],
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
        return redirect(reverse("bursaries:check-email", kwargs={"slug": self.seminar.slug}))


class CheckEmailView(PublicSeminarMixin, TemplateView):
    template_name = "bursaries/check_email.html"


class TokenMixin:
    http_method_names = ["get", "post", "head", "options"]

    def dispatch(self, request, *args, **kwargs):
        self.application = get_object_or_404(
            BursaryApplication.objects.select_related("seminar", "seminar__venue"),
            token=kwargs["token"],
        )
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            application=self.application, seminar=self.application.seminar, **kwargs
        )


class StatusView(TokenMixin, TemplateView):
    """The applicant's private page. GET only shows."""

    template_name = "bursaries/status.html"
    http_method_names = ["get", "head", "options"]

    def get_context_data(self, **kwargs):
        seminar = self.application.seminar
        return super().get_context_data(
            claim=Claim.objects.filter(application=self.application).first(),
            seminar_started=bool(seminar.starts_at and seminar.starts_at <= timezone.now()),
            **kwargs,
        )


class WithdrawView(TokenMixin, TemplateView):
    """GET asks "are you sure?"; only the POST from that page withdraws."""

    template_name = "bursaries/withdraw.html"

    def post(self, request, *args, **kwargs):
        try:
            services.withdraw(self.application)
        except services.BursaryError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, "Your application is withdrawn.")
        return redirect(self.application.status_path)


class AnswerOfferView(TokenMixin, TemplateView):
    """GET asks to confirm; only the POST from that page accepts or declines the offer."""

    template_name = "bursaries/answer_offer.html"
    answer = None  # "accept" or "decline"

    def get_context_data(self, **kwargs):
        return super().get_context_data(answer=self.answer, **kwargs)

    def post(self, request, *args, **kwargs):
        service = services.accept if self.answer == "accept" else services.decline
        try:
            service(self.application)
        except services.BursaryError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                "You have accepted the bursary. Your place at the seminar is confirmed."
                if self.answer == "accept"
                else "You have declined the bursary. Thank you for letting us know.",
            )
        return redirect(self.application.status_path)


@method_decorator(
    sensitive_post_parameters("amount", "reason_over_offer", "answer"), name="dispatch"
)
class ClaimView(TokenMixin, FormView):
    """After the seminar: what the award holder spent, with receipts."""

    template_name = "bursaries/claim.html"
    form_class = ClaimForm

    def post(self, request, *args, **kwargs):
        if self.application.status != BursaryStatus.ACCEPTED:
            messages.error(request, "There is no accepted bursary to claim for.")
            return redirect(self.application.status_path)
        return super().post(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "offer_amount": self.application.offer_amount}

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
        messages.success(self.request, "Thank you: we have your answer.")
        return redirect(self.application.status_path)


def receipt_response(receipt):
    """A receipt as a download that no browser or proxy keeps."""
    response = FileResponse(
        receipt.file.open("rb"),
        as_attachment=True,
        filename=receipt.download_name,
        content_type=receipt.content_type,
    )
    response["Cache-Control"] = "no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


class ReceiptView(TokenMixin, View):
    http_method_names = ["get", "head"]

    def get(self, request, *args, **kwargs):
        receipt = get_object_or_404(
            Receipt, pk=kwargs["receipt"], claim__application=self.application
        )
        return receipt_response(receipt)
