"""Telling the bursary holders that a seminar moved or was postponed, after an organiser saves
the change. Organisers never see who holds a bursary, so the panel is prompted on its list of
applications (and in a message, when a panel member made the change) to email the holders from
a page of its own that shows the email first. (Everyone registered is organising's to tell.)
"""

import hashlib
import json

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html

from seminars.changes import POSTPONED, describe, latest_change
from seminars.forms import SeminarChangeForm
from seminars.models import Seminar

from .. import emails, services
from ..rules import is_panel_member, require_panel


def panel_urls(model_admin):
    return [
        path(
            "tell-holders/<int:seminar_id>/",
            model_admin.admin_site.admin_view(
                lambda request, seminar_id: tell_holders_view(model_admin, request, seminar_id)
            ),
            name="bursaries_bursaryapplication_tell_holders",
        ),
    ]


def prompt_holders(request, seminar, changed):
    """Fills seminars.slots "changed" (after the registrants' prompt): when the seminar has
    bursary holders, a link to tell them for the panel, and a word for anyone else that the
    panel will be reminded."""
    if not services.holders(seminar).exists():
        return
    if is_panel_member(request.user):
        url = reverse("admin:bursaries_bursaryapplication_tell_holders", args=[seminar.pk])
        messages.add_message(
            request,
            messages.WARNING,
            format_html(
                'Tell the bursary holders too: <a href="{}">preview the email to them</a>.', url
            ),
        )
    else:
        messages.info(
            request,
            "The bursary panel will see a reminder to email this seminar's bursary holders.",
        )


def tell_holders_view(model_admin, request, seminar_id):
    """The panel: preview the email to the seminar's bursary holders, then send it."""
    require_panel(request)
    seminar = get_object_or_404(Seminar.objects.select_related("venue"), pk=seminar_id)
    holders = list(services.holders(seminar))
    # One preview for each kind of holder: the words about tickets and money differ.
    examples = {}
    for application in holders:
        kind = application.get_status_display()
        if application.status == "accepted":
            kind += f", {application.get_payment_method_display().lower()}"
        examples.setdefault(kind, application)
    return _tell_page(
        model_admin,
        request,
        seminar,
        title=f"Tell the bursary holders of seminar {seminar.number} about its change",
        recipients=len(holders),
        not_emailed=0,
        previews=lambda data: [
            (
                f"For a holder whose bursary is: {kind}",
                emails.preview_seminar_changed(
                    example, changed=data["changed"], message=data["message"]
                ),
            )
            for kind, example in examples.items()
        ],
        send=lambda data: services.tell_holders(
            seminar, changed=data["changed"], message=data["message"], by=request.user
        ),
        back_url=reverse("admin:bursaries_bursaryapplication_changelist"),
        back_label="Bursary applications",
    )


def _tell_page(
    model_admin,
    request,
    seminar,
    *,
    title,
    recipients,
    not_emailed,
    previews,
    send,
    back_url,
    back_label,
):
    """The form (ticked from the latest recorded change), the emails as they will read, and
    Send. The GET shows the preview at once; "Update the preview" re-reads the form.

    Only the holders' page uses it now; when that page moves to the staff pages it goes, and
    organising.mailing.tell_about_change_page (everyone registered's) serves the holders too."""
    if seminar.is_cancelled:
        messages.add_message(
            request,
            messages.WARNING,
            "This seminar is cancelled: use 'Email everyone registered' on the registrations "
            "list to tell people.",
            messages.ERROR,
        )
        return redirect(back_url)
    change = latest_change(seminar)
    initial = [part for part in (change.fields if change else []) if part != POSTPONED]
    form = SeminarChangeForm(request.POST or None, seminar=seminar, initial={"changed": initial})
    data, stale = None, False
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        if "send" in request.POST:
            if request.POST.get("previewed") == _digest(data):
                count = send(data)
                model_admin.message_user(request, f"Queued {count} email(s).", messages.SUCCESS)
                return redirect(back_url)
            stale = True  # changed since the preview: show the new one first
    elif not form.is_bound and (initial or seminar.is_postponed):
        data = {"changed": initial, "message": ""}
    context = {
        **model_admin.admin_site.each_context(request),
        "title": title,
        "opts": model_admin.model._meta,
        "seminar": seminar,
        "change": change,
        "change_words": describe(seminar, change.fields) if change else "",
        "form": form,
        "recipients": recipients,
        "not_emailed": not_emailed,
        "previews": previews(data) if data is not None and recipients else [],
        "previewed": data is not None and _digest(data),
        "stale": stale,
        "back_url": back_url,
        "back_label": back_label,
    }
    return TemplateResponse(request, "admin/bursaries/tell_about_change.html", context)


def _digest(data):
    """What was previewed, so that Send sends only what the person read."""
    words = json.dumps([sorted(data["changed"]), data["message"]])
    return hashlib.sha256(words.encode()).hexdigest()
