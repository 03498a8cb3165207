"""The contributor's private page: what the fee is for, how and when it is paid, the policy
if the seminar is cancelled or they are unwell, the benefits note, and their choice. Reached
only by its token; never cached, kept from search engines; guessing and repeated sending are
limited. The site's Referrer-Policy (same-origin) keeps the link from other sites: "no-referrer"
would make browsers send "Origin: null" with the form, which CSRF protection rightly refuses."""

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.generic import FormView

from common.views import token_not_found, too_many_posts

from . import rules, services
from .forms import CHOICES, HINTS, ChoiceForm
from .models import FeeChoice, FeeSettings, InvolvementFee
from .queries import fee_balance

SAID = {
    FeeChoice.ACCEPTED: "Thank you: we will pay you the fee after the seminar.",
    FeeChoice.LESS: "Thank you: we will pay you the amount you chose after the seminar.",
    FeeChoice.DECLINED: "Thank you: you have said no to the fee. You can change your mind here.",
    FeeChoice.ANOTHER_WAY: "Thank you: we will be in touch about paying it the way you chose.",
}


@method_decorator(never_cache, name="dispatch")
@method_decorator(sensitive_post_parameters("organisation", "amount"), name="dispatch")
class FeeView(FormView):
    """GET shows the fee and the choice; POST records the choice."""

    template_name = "fees/fee.html"
    form_class = ChoiceForm
    http_method_names = ["get", "post", "head", "options"]

    def dispatch(self, request, *args, **kwargs):
        try:
            self.fee = InvolvementFee.objects.select_related(
                "seminar", "seminar__venue", "account"
            ).get(token=kwargs["token"], anonymised_at__isnull=True)
        except InvolvementFee.DoesNotExist:
            return token_not_found(request)
        response = super().dispatch(request, *args, **kwargs)
        response["X-Robots-Tag"] = "noindex"
        return response

    def post(self, request, *args, **kwargs):
        if refused := too_many_posts(request, group="fees:fee", limit="fee"):
            return refused
        return super().post(request, *args, **kwargs)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["fee"] = self.fee
        if self.fee.choice != FeeChoice.UNDECIDED and self.request.method == "GET":
            kwargs["initial"] = {
                "choice": self.fee.choice,
                "amount": self.fee.amount_chosen,
                "another_way": self.fee.another_way,
                "organisation": self.fee.organisation,
            }
        return kwargs

    def get_context_data(self, **kwargs):
        balance = fee_balance(self.fee)
        return super().get_context_data(
            fee=self.fee,
            seminar=self.fee.seminar,
            policy=FeeSettings.current(),
            balance=balance,
            locked=rules.why_no_choice(self.fee, balance),
            choices=CHOICES,
            hints=HINTS,
            **kwargs,
        )

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            services.choose(
                self.fee,
                choice=data["choice"],
                amount=data.get("amount"),
                another_way=data.get("another_way", ""),
                organisation=data.get("organisation", ""),
            )
        except services.FeeError as error:
            form.add_error(None, str(error))
            return self.form_invalid(form)
        messages.success(self.request, SAID[data["choice"]])
        return redirect(self.fee.get_absolute_url())
