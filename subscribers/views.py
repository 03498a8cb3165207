from django.db import DatabaseError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.debug import sensitive_post_parameters
from django.views.generic import FormView, TemplateView

from common.views import database_failed, token_missed, too_many_posts
from seminars.views import PublicSeminarMixin

from . import services
from .forms import SignUpForm
from .models import Subscriber

# The registration form's rate: a sign-up is as cheap for a person and as tempting for robots.
RATE = "manage_link"


class SignUpMixin:
    form_class = SignUpForm

    def post(self, request, *args, **kwargs):
        if refused := too_many_posts(request, group="subscribers:sign-up", limit=RATE):
            return refused
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        # The same next page whatever happened: it never tells whether the address was known.
        if not form.is_spam:
            try:
                services.sign_up(email=form.cleaned_data["email"], **self.wish())
            except DatabaseError:
                return database_failed(self, form)
        return redirect(reverse("subscribers:check-email"))

    def wish(self):
        return {}


@method_decorator(sensitive_post_parameters("email"), name="dispatch")
class SignUpView(SignUpMixin, FormView):
    """/subscribe/: the whole form, with its CSRF token and robot checks (the footer's address
    arrives here through StartSignUpView, filled in)."""

    template_name = "subscribers/sign_up.html"
    http_method_names = ["get", "post", "head", "options"]


@method_decorator(csrf_exempt, name="dispatch")
@method_decorator(sensitive_post_parameters("email"), name="dispatch")
class StartSignUpView(FormView):
    """Where the footer's form sends an address: the sign-up page with it filled in, to send.

    The footer is on every cached page, so it carries nothing of a visitor's own (no CSRF
    token, no signed start time): those arrive with this page, and the sign-up itself (the only
    thing that sends an email) keeps every check. So this POST needs no token: it changes
    nothing, and a page elsewhere that posts here only shows a visitor a form to send or not."""

    form_class = SignUpForm
    template_name = "subscribers/sign_up.html"

    def get(self, request, *args, **kwargs):
        # A bookmark or a restored tab: the sign-up page itself, rather than an empty refusal.
        return redirect("subscribers:sign-up")

    def post(self, request, *args, **kwargs):
        email = request.POST.get("email", "").strip()[:254]
        form = self.get_form_class()(initial={"email": email})
        return self.render_to_response(self.get_context_data(form=form, from_footer=True))


class CheckEmailView(TemplateView):
    template_name = "subscribers/check_email.html"


@method_decorator(sensitive_post_parameters("email"), name="dispatch")
class OpeningAlertView(SignUpMixin, PublicSeminarMixin, FormView):
    """ "Tell me when registration opens": the form is on the seminar's page; this page shows
    it again with any mistake."""

    template_name = "subscribers/opening_alert.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "auto_id": "alert-%s"}

    def get_context_data(self, **kwargs):
        return super().get_context_data(wanted=services.wants_alert(self.seminar), **kwargs)

    def form_valid(self, form):
        if not services.wants_alert(self.seminar):  # registration opened meanwhile
            return self.render_to_response(self.get_context_data(form=form))
        return super().form_valid(form)

    def wish(self):
        return {"seminar": self.seminar}


@method_decorator(never_cache, name="dispatch")
class TokenMixin:
    """Pages behind the link in our emails: never kept by a browser or proxy. A link that
    matches nobody still gets its kind page (expired, or already unsubscribed), but counts as
    a miss like every other private link: past the limit, someone is guessing (429)."""

    http_method_names = ["get", "post", "head", "options"]

    def dispatch(self, request, *args, **kwargs):
        self.subscriber = Subscriber.objects.filter(token=kwargs["token"]).first()
        if self.subscriber is None and (refused := token_missed(request)):
            return refused
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(subscriber=self.subscriber, **kwargs)


class ConfirmView(TokenMixin, TemplateView):
    """GET asks (so that a mail scanner following links confirms nothing); the POST confirms."""

    template_name = "subscribers/confirm.html"

    def get_context_data(self, **kwargs):
        subscriber = self.subscriber
        expired = subscriber is None or subscriber.confirmation_expired(timezone.now())
        if not expired and "joins_list" not in kwargs:
            kwargs["joins_list"], kwargs["seminars"] = subscriber.wishes()
        return super().get_context_data(expired=expired, **kwargs)

    def post(self, request, *args, **kwargs):
        if self.subscriber is None:
            return self.get(request, *args, **kwargs)
        joins_list, seminars = self.subscriber.wishes()  # what they are confirming, said back
        try:
            services.confirm(self.subscriber)
        except services.SubscriberError:
            return self.get(request, *args, **kwargs)
        return self.render_to_response(
            self.get_context_data(confirmed=True, joins_list=joins_list, seminars=seminars)
        )


@method_decorator(csrf_exempt, name="dispatch")
class UnsubscribeView(TokenMixin, TemplateView):
    """The List-Unsubscribe address. GET shows a button; a POST, from that button or straight
    from a mail program (RFC 8058 one-click, which carries no CSRF token), unsubscribes. A POST
    for an address already gone answers the same: unsubscribing is idempotent."""

    template_name = "subscribers/unsubscribe.html"

    def post(self, request, *args, **kwargs):
        email = self.subscriber.email if self.subscriber else ""
        if self.subscriber is not None:
            services.unsubscribe(self.subscriber)
            self.subscriber = None
        return self.render_to_response(self.get_context_data(done=True, email=email))
