"""A seminar's feedback results, and the results as a spreadsheet: for whoever may read the
results in the admin (organisers), whose list of them (the series' summary) links here. A
seminar's figures appear only once its form has closed: until then, only how many answered.
Never one person's answers: results.py keeps the rule."""

import re

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path

from common.smallgroups import SMALL_GROUP
from common.spreadsheets import csv_download
from feedback import services
from feedback.admin import seminars_with_feedback
from feedback.models import FeedbackAnswer, closed_seminars, closes_at
from feedback.results import CSV_HEADER, csv_rows, results_of, seminar_results
from seminars.models import Seminar

from .moved import old_address


def _check(request):
    """The results admin's own rule: who may view it may read these."""
    if not admin.site.get_model_admin(FeedbackAnswer).has_view_permission(request):
        raise PermissionDenied


def seminar_page(request, seminar_id):
    _check(request)
    seminar = get_object_or_404(Seminar, pk=seminar_id)
    services.close_feedback(seminar)  # if due and not yet done: results never meet a key
    closed = seminar.pk in closed_seminars([seminar])
    context = {
        **admin.site.each_context(request),
        "title": f"Feedback on Seminar {seminar.number}: {seminar.title}",
        "opts": FeedbackAnswer._meta,
        "seminar": seminar,
        "results": seminar_results(seminar) if closed else None,
        "answers": FeedbackAnswer.objects.filter(seminar=seminar).count(),
        "results_from": closes_at(seminar),
        "small_group": SMALL_GROUP,
    }
    return TemplateResponse(request, "organising/feedback/seminar_results.html", context)


def results_csv(request):
    _check(request)
    services.forget_markers()  # forms due to close are closed before anything is read
    seminars = seminars_with_feedback()
    filename = "feedback.csv"
    # Only plain ASCII digits reach the filename: anything else (a newline, say) would break
    # the header, so it is ignored and every seminar comes.
    if re.fullmatch(r"[0-9]{1,9}", number := request.GET.get("seminar", "").strip()):
        seminars = seminars.filter(pk=number)
        filename = f"feedback-seminar-{number}.csv"
    seminars = list(seminars)
    closed = closed_seminars(seminars)
    rows = csv_rows(results_of(s for s in seminars if s.pk in closed))
    return csv_download(filename, CSV_HEADER, rows)


urlpatterns = [
    path("feedback/csv/", admin.site.admin_view(results_csv), name="feedback-csv"),
    path(
        "feedback/<int:seminar_id>/", admin.site.admin_view(seminar_page), name="feedback-seminar"
    ),
]
old_admin_urls = [
    old_address(
        "feedback/feedbackanswer/csv/", "feedback_feedbackanswer_csv", "organising:feedback-csv"
    ),
    old_address(
        "feedback/feedbackanswer/<int:seminar_id>/",
        "feedback_feedbackanswer_seminar",
        "organising:feedback-seminar",
    ),
]
