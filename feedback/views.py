"""The feedback form, behind a registration's private link."""

from django.db import DatabaseError
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
from django.views.generic import FormView

from common.views import database_failed, token_not_found
from registrations.models import Registration

from . import services
from .forms import FeedbackForm
from .models import FeedbackState, closes_at, feedback_state, may_give_feedback


@method_decorator(never_cache, name="dispatch")
class FeedbackView(FormView):
    """Open to people marked as attended once attendance is complete; anyone else gets the 404
    page, as for a link that matches nothing. The page says kindly when the form has closed or
    the person has already answered, and a POST then gets the same page."""

    template_name = "feedback/feedback_form.html"
    form_class = FeedbackForm
    http_method_names = ["get", "post", "head", "options"]

    def dispatch(self, request, *args, **kwargs):
        try:
            self.registration = Registration.objects.select_related("seminar").get(
                manage_token=kwargs["token"]
            )
        except Registration.DoesNotExist:
            return token_not_found(request)
        if not may_give_feedback(self.registration):
            raise Http404("This registration is not asked for feedback.")
        self.seminar = self.registration.seminar
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "questions": self.seminar.feedback_questions.all()}

    def get_context_data(self, **kwargs):
        state = feedback_state(self.registration)
        return super().get_context_data(
            registration=self.registration,
            seminar=self.seminar,
            state=state,
            closes_at=closes_at(self.seminar),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        if feedback_state(self.registration) != FeedbackState.OPEN:
            return self.get(request, *args, **kwargs)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        try:
            services.give_feedback(self.registration, **form.service_arguments())
        except services.FeedbackError as error:
            form.add_error(None, str(error))
            return self.form_invalid(form)
        except DatabaseError:
            return database_failed(self, form)
        return redirect(reverse("feedback:give", kwargs={"token": self.registration.manage_token}))
