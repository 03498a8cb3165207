import logging

from django.contrib import messages
from django.db import DatabaseError, transaction
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.generic import FormView, TemplateView

from common.views import database_failed, token_not_found, too_many_posts
from seminars.views import PublicSeminarMixin
from subscribers import services as subscriber_services

from . import rules, sections, services
from .forms import ManageLinkForm, NameForm, PublicRegistrationForm, RequirementsForm
from .models import Mode, Registration
from .online import offers_online

logger = logging.getLogger(__name__)

NEEDS_NOT_KEPT = (
    "Saved, but without your permission we have kept none of the needs you ticked: we will ask "
    "you about them on the day. To keep them, tick them again and the box that lets us."
)


class SeminarMixin(PublicSeminarMixin):
    def check_email_url(self):
        return reverse("registrations:check-email", kwargs={"slug": self.seminar.slug})


@method_decorator(
    sensitive_post_parameters(
        "name",
        "email",
        "organisation",
        "group",
        "access_requirements",
        "dietary_requirements",
        "access_needs",
        "food_needs",
        "phone",
        "mode",
    ),
    name="dispatch",
)
class RegisterView(SeminarMixin, FormView):
    template_name = "registrations/register.html"
    form_class = PublicRegistrationForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "offers_online": self.offers_online()}

    def offers_online(self):
        try:
            return offers_online(self.seminar)
        except DatabaseError:
            return False

    def get_context_data(self, **kwargs):
        try:
            places_left = services.places_left(self.seminar)
            online_left = services.online_places_left(self.seminar)
        except DatabaseError:  # the page after a failed save, with the database still away
            places_left = online_left = None
        return super().get_context_data(
            closed_message=services.closed_message(self.seminar),
            places_left=places_left,
            online_places_left=online_left,
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        if refused := too_many_posts(request, group="registrations:register", limit="register"):
            return refused
        # Refuse a form loaded before the deadline and sent after it, with the page's message.
        if services.closed_message(self.seminar):
            return self.render_to_response(self.get_context_data(form=self.get_form()))
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        if form.is_spam:
            return redirect(self.check_email_url())
        arguments = form.service_arguments()
        # The mailing list is its own, with its own confirmation: not part of the registration.
        wants_news = arguments.pop("future_seminars")
        try:
            services.register(self.seminar, **arguments)
        except services.RegistrationError as error:
            form.add_error(None, str(error))
            return self.form_invalid(form)
        except DatabaseError:
            return database_failed(self, form)
        if wants_news:
            # The place is taken: a failed sign-up must not say otherwise. The person can join
            # the list from any page's footer later.
            try:
                subscriber_services.sign_up(email=arguments["email"])
            except DatabaseError:
                logger.warning("mailing-list sign-up after a registration failed")
        return redirect(self.check_email_url())


class CheckEmailView(SeminarMixin, TemplateView):
    """The same page whatever happened, so it never tells whether an address was registered."""

    template_name = "registrations/check_email.html"


class ManageLinkView(SeminarMixin, FormView):
    template_name = "registrations/manage_link.html"
    form_class = ManageLinkForm

    def post(self, request, *args, **kwargs):
        if refused := too_many_posts(request, group="registrations:link", limit="manage_link"):
            return refused
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        if not form.is_spam:
            services.send_manage_link(self.seminar, email=form.cleaned_data["email"])
        return redirect(self.check_email_url())


@method_decorator(never_cache, name="dispatch")
class TokenMixin:
    """Pages reached by a private link: never kept by a browser or proxy; guessing is limited."""

    http_method_names = ["get", "post", "head", "options"]

    def dispatch(self, request, *args, **kwargs):
        try:
            self.registration = Registration.objects.select_related(
                "seminar", "seminar__venue", "call_back"
            ).get(manage_token=kwargs["token"])
        except Registration.DoesNotExist:
            return token_not_found(request)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        registration = self.registration
        return super().get_context_data(
            registration=registration,
            seminar=registration.seminar,
            position=registration.waiting_position(),
            life=registration.seminar.phase(),
            **kwargs,
        )


class ManageView(TokenMixin, FormView):
    """The private page behind the emailed link. GET only shows; changes are POSTs."""

    template_name = "registrations/manage.html"
    form_class = RequirementsForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.registration}

    def get_context_data(self, **kwargs):
        registration = self.registration
        context = super().get_context_data(
            may_correct_name=services.may_correct_own_name(registration),
            # Offered while registration is open and either way is possible: the move page
            # says when places have run out.
            may_change_mode=rules.may_change_mode(registration)
            and (registration.is_online or offers_online(registration.seminar)),
            **kwargs,
        )
        context["private_sections"] = sections.for_registration(registration, life=context["life"])
        return context

    def form_valid(self, form):
        data = form.cleaned_data
        asked = form.needs_arguments()
        try:
            with transaction.atomic():
                services.update_requirements(
                    self.registration,
                    access_requirements=data["access_requirements"],
                    dietary_requirements=data["dietary_requirements"],
                    health_consent=data["health_consent"],
                    needs=asked["needs"],
                )
                services.change_call_request(self.registration, phone=asked["phone"])
        except services.RegistrationError as error:
            form.add_error(None, str(error))
            return self.form_invalid(form)
        if asked["needs"] and not data["health_consent"]:
            messages.warning(self.request, NEEDS_NOT_KEPT)
        else:
            messages.success(self.request, "Your requirements are saved.")
        return redirect(self.registration.manage_path)


class NameView(TokenMixin, FormView):
    """The person corrects how their name is spelt: badges, sheets and certificates follow."""

    template_name = "registrations/name.html"
    form_class = NameForm

    def get_initial(self):
        return {"name": self.registration.name}

    def get_context_data(self, **kwargs):
        registration = self.registration
        refusal = ""
        if not services.may_correct_own_name(registration):
            refusal = (
                services.NAME_FROZEN
                if registration.seminar.attendance_completed_at
                else "This registration has been cancelled, so it cannot change."
            )
        return super().get_context_data(refusal=refusal, **kwargs)

    def form_valid(self, form):
        try:
            services.correct_own_name(self.registration, form.cleaned_data["name"])
        except services.RegistrationError as error:
            form.add_error("name", str(error))
            return self.form_invalid(form)
        messages.success(self.request, "Your name is corrected.")
        return redirect(self.registration.manage_path)


class CancelView(TokenMixin, TemplateView):
    """GET asks "are you sure?"; only the POST from that page cancels."""

    template_name = "registrations/cancel.html"

    def post(self, request, *args, **kwargs):
        was_waiting = self.registration.is_waiting
        services.cancel_registration(self.registration)
        messages.success(
            request,
            "You have left the waiting list." if was_waiting else "Your place is cancelled.",
        )
        return redirect(self.registration.manage_path)


class ModeView(TokenMixin, TemplateView):
    """Move between the room and online. GET says what would change; only the POST from this
    page moves (to the other of the two), while places allow and registration is open."""

    template_name = "registrations/mode.html"

    def get_context_data(self, **kwargs):
        registration = self.registration
        target = Mode.ROOM if registration.is_online else Mode.ONLINE
        refusal = rules.why_not_change_mode(registration)
        if not refusal and target == Mode.ONLINE and not offers_online(registration.seminar):
            refusal = "This seminar has no online places."
        return super().get_context_data(
            target=target,
            refusal=refusal,
            notices=sections.move_notices(registration, to=target) if not refusal else [],
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        registration = self.registration
        target = Mode.ROOM if registration.is_online else Mode.ONLINE
        try:
            services.change_mode(registration, target)
        except services.RegistrationError as error:
            return self.render_to_response(self.get_context_data(error=str(error)))
        messages.success(
            request,
            "You are now taking part online. We have emailed you the details."
            if target == Mode.ONLINE
            else "You now have a place in the room. We have emailed you the details.",
        )
        return redirect(registration.manage_path)


class StopEmailsView(TokenMixin, TemplateView):
    """The link in every future-seminar email. GET asks; the POST from this page stops them."""

    template_name = "registrations/stop_emails.html"

    def post(self, request, *args, **kwargs):
        services.stop_future_seminar_emails(self.registration)
        return self.render_to_response(self.get_context_data(stopped=True))
