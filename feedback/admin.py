"""Organisers' questions for one seminar, and the results: never one person's answers.

The results table has no list of rows and no page per answer, only the summary pages below:
an answer shown on its own would show its group, however small (results.py keeps the rule).
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse

from common.admin import RecordAdmin
from common.smallgroups import SMALL_GROUP
from seminars.models import Seminar

from . import services
from .models import (
    QUESTIONS_FROZEN,
    FeedbackAnswer,
    FeedbackQuestion,
    questions_frozen,
)
from .results import series_summary


@admin.register(FeedbackQuestion)
class FeedbackQuestionAdmin(admin.ModelAdmin):
    list_display = ["wording", "seminar", "kind", "order"]
    list_filter = ["seminar"]
    search_fields = ["wording"]
    autocomplete_fields = ["seminar"]
    fields = ["seminar", "wording", "hint", "kind", "order"]

    # Questions freeze when a seminar's first answer arrives (models.questions_frozen): the
    # page of a frozen question is read-only, and the form (the model's clean) and the service
    # (under the seminar's lock) refuse a question added to a frozen seminar.

    def has_change_permission(self, request, obj=None):
        if obj is not None and questions_frozen(obj.seminar_id):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and questions_frozen(obj.seminar_id):
            return False
        return super().has_delete_permission(request, obj)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        question = self.get_object(request, object_id)
        if question is not None and questions_frozen(question.seminar_id):
            self.message_user(request, QUESTIONS_FROZEN, messages.WARNING)
        return super().change_view(request, object_id, form_url, extra_context)

    def save_model(self, request, obj, form, change):
        try:
            services.save_question(obj)
        except services.FeedbackError as error:
            # Only when the first answer arrived between the form's check and this save.
            request._feedback_refused = str(error)

    def get_actions(self, request):
        # One at a time, so that each deletion asks whether its seminar's questions are frozen.
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    def delete_model(self, request, obj):
        try:
            services.delete_question(obj)
        except services.FeedbackError as error:
            request._feedback_refused = str(error)

    def response_delete(self, request, obj_display, obj_id):
        return self._refused(request) or super().response_delete(request, obj_display, obj_id)

    def response_add(self, request, obj, post_url_continue=None):
        return self._refused(request) or super().response_add(request, obj, post_url_continue)

    def response_change(self, request, obj):
        return self._refused(request) or super().response_change(request, obj)

    def _refused(self, request):
        if message := getattr(request, "_feedback_refused", None):
            self.message_user(request, message, messages.ERROR)
            return HttpResponseRedirect(reverse("admin:feedback_feedbackquestion_changelist"))
        return None


def seminars_with_feedback():
    return Seminar.objects.filter(attendance_completed_at__isnull=False).order_by("number")


@admin.register(FeedbackAnswer)
class FeedbackResultsAdmin(RecordAdmin):
    """The list page is the series' summary; each seminar's page and the CSV are staff pages
    of their own, for whoever may view this. A seminar's figures appear only once its form has
    closed: until then, only how many have answered."""

    def get_urls(self):
        view = self.admin_site.admin_view
        return [path("", view(self.changelist_view), name="feedback_feedbackanswer_changelist")]

    def _check(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied

    def changelist_view(self, request, extra_context=None):
        self._check(request)
        services.forget_markers()  # forms due to close are closed before anything is read
        context = {
            **self.admin_site.each_context(request),
            "title": "Feedback results",
            "opts": self.model._meta,
            "rows": series_summary(seminars_with_feedback()),
            "small_group": SMALL_GROUP,
        }
        return TemplateResponse(request, "admin/feedback/results.html", context)
