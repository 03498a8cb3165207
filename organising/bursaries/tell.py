"""The page that tells the bursary holders a seminar moved or was postponed: the form (ticked
from the latest recorded change), the emails as they will read, and Send.

It is the registrations' page of the same name (moving up beside it at the same time), called
with the same arguments: once both are here, the holders' page uses that one and this goes."""

import hashlib
import json

from django.contrib import admin, messages
from django.shortcuts import redirect
from django.template.response import TemplateResponse

from bursaries.admin.forms import SeminarChangeForm
from seminars.changes import POSTPONED, describe, latest_change


def tell_about_change_page(
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
    """The GET shows the preview at once; "Update the preview" re-reads the form; Send sends
    only what was previewed (`previews(data)` and `send(data)` are the group's)."""
    if seminar.is_cancelled:
        messages.warning(
            request,
            "This seminar is cancelled: use 'Email everyone registered' on the registrations "
            "list to tell people.",
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
                messages.success(request, f"Queued {count} email(s).")
                return redirect(back_url)
            stale = True  # changed since the preview: show the new one first
    elif not form.is_bound and (initial or seminar.is_postponed):
        data = {"changed": initial, "message": ""}
    context = {
        **admin.site.each_context(request),
        "title": title,
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
    return TemplateResponse(request, "organising/bursaries/tell_about_change.html", context)


def _digest(data):
    """What was previewed, so that Send sends only what the person read."""
    words = json.dumps([sorted(data["changed"]), data["message"]])
    return hashlib.sha256(words.encode()).hexdigest()
