"""The panel's work on applications that is not the admin's list or page: one action at a
time, receipts, sending staged decisions, and conflicts of interest."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.views.decorators.debug import sensitive_post_parameters

from bursaries import emails, services
from bursaries.admin.actions import ACTIONS, make_form
from bursaries.models import Receipt
from bursaries.queries import my_conflicts
from bursaries.receipts import receipt_response
from bursaries.rules import identity_hidden
from common.words import how_many

from .common import applications_admin, change_url, context, for_the_panel, list_url


@for_the_panel
@sensitive_post_parameters()
def action(request, object_id, action):
    """One of the panel's actions on an application, reached by POST from its page: one form,
    one service call, one message. A refused form shows the application's page again, with
    the form's errors. A GET goes back to that page, or first asks to confirm a conflict of
    interest."""
    if action not in ACTIONS:
        raise Http404("No such action.")
    model_admin = applications_admin()
    application = model_admin.application_or_404(request, object_id)
    if request.method != "POST":
        if action == "conflict":
            return declare_conflict(request, application)
        return redirect(change_url(application))
    form = make_form(action, application, data=request.POST)
    if form.is_valid():
        try:
            message = ACTIONS[action].run(application, form, request.user)
        except services.BursaryError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, message)
            if ACTIONS[action].back_to_list:
                return redirect(list_url())
            return redirect(change_url(application))
    return model_admin.review_page(request, application, bound={action: form})


def declare_conflict(request, application):
    """What declaring means, and the button that declares (it posts to the conflict action)."""
    page = context(
        request,
        f"Declare a conflict of interest with {application.reference}",
        application=application,
        blind=identity_hidden(application),
    )
    return TemplateResponse(request, "organising/bursaries/conflict_declare.html", page)


@for_the_panel
def receipt(request, object_id, receipt_id):
    """A receipt for the panel only, as a download no cache keeps."""
    found = get_object_or_404(
        Receipt.objects.filter(claim__application__in=services.visible_applications(request.user)),
        pk=receipt_id,
        claim__application_id=object_id,
    )
    return receipt_response(found)


@for_the_panel
def send_staged(request):
    """Every staged decision with the email it will send; one button sends them all."""
    model_admin = applications_admin()
    staged = list(
        model_admin.get_queryset(request)
        .exclude(staged_decision="")
        .order_by(*model_admin.get_ordering(request))
    )
    if request.method == "POST":
        # Only the decisions the panel member read: one staged since is left for later.
        previewed = set(request.POST.getlist("previewed"))
        staged = [a for a in staged if f"{a.pk}:{a.updated.isoformat()}" in previewed]
        sent, problems = services.send_staged_decisions(staged, by=request.user)
        if sent:
            messages.success(request, f"Sent {how_many(len(sent), 'decision')}.")
        for problem in problems:
            messages.error(request, problem)
        return redirect(list_url())
    waits = {
        message
        for application in staged
        if (message := services.decisions_wait_message(application.seminar))
    }
    page = context(
        request,
        "Send staged decisions",
        waits=sorted(waits),
        previews=[(a, emails.preview_staged(a, hide_name=identity_hidden(a))) for a in staged],
    )
    return TemplateResponse(request, "organising/bursaries/send_staged.html", page)


@for_the_panel
def conflicts(request):
    """The member's own conflicts of interest: those applications are out of their view."""
    page = context(
        request, "Your conflicts of interest", conflicts=list(my_conflicts(request.user))
    )
    return TemplateResponse(request, "organising/bursaries/conflicts.html", page)


@for_the_panel
def withdraw_conflict(request, object_id):
    """GET asks to confirm; POST withdraws and opens the application again."""
    review = get_object_or_404(my_conflicts(request.user), application_id=object_id)
    application = review.application
    if request.method == "POST":
        try:
            services.withdraw_conflict(application, reviewer=request.user)
        except services.BursaryError as error:  # withdrawn meanwhile, in another tab
            messages.error(request, str(error))
            return redirect("organising:bursary-conflicts")
        messages.success(
            request,
            f"You withdrew your conflict of interest with {application.reference}. It is back "
            "in your list: read it again before you score it.",
        )
        return redirect(change_url(application))
    page = context(
        request,
        f"Withdraw your conflict of interest with {application.reference}",
        review=review,
        application=application,
    )
    return TemplateResponse(request, "organising/bursaries/conflict_withdraw.html", page)
