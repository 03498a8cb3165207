"""One page for every email staff send to a group (everyone registered for a seminar, the
mailing list, the bursary holders): write, read the email as it will go, then send.

Send sends only what was read: the page carries a digest of the previewed form, and if the
form changed since, nothing is sent and the new preview is shown instead. Each caller says who
the email goes to, how to preview it and how to send it (one service call); this page does the
rest, so every group email behaves and reads the same.
"""

import hashlib
import json

from django.contrib import admin, messages
from django.shortcuts import redirect
from django.template.response import TemplateResponse

from common.words import how_many
from seminars.changes import PARTS, describe, latest_change
from seminars.forms import SeminarChangeForm


def mailing_page(
    request,
    seminar,
    *,
    title,
    form,
    recipients,
    previews,
    send,
    back_url,
    back_label,
    not_emailed=0,
    shown=None,
    template="organising/mailing.html",
    extra_context=None,
):
    """The page. `form` is bound to the POST (or not, on a GET); `recipients` is how many the
    email goes to and `not_emailed` how many of the group have no address; `previews(data)`
    gives [(heading, rendered email)] and `send(data)` queues the emails and returns how many.
    `shown` is the form's data to preview at once on a GET (None: wait to be asked)."""
    data, stale = shown, False
    if form.is_bound:
        data = form.cleaned_data if form.is_valid() else None
        if data is not None and "send" in request.POST:
            if request.POST.get("previewed") == digest(data):
                count = send(data)
                messages.success(request, f"Queued {how_many(count, 'email')}.")
                return redirect(back_url)
            stale = True  # changed since the preview (or never previewed): show it first
    context = {
        **admin.site.each_context(request),
        "title": title,
        "seminar": seminar,
        "form": form,
        "recipients": recipients,
        "not_emailed": not_emailed,
        "previews": previews(data) if data is not None and recipients else [],
        "previewed": digest(data) if data is not None else "",
        "stale": stale,
        "back_url": back_url,
        "back_label": back_label,
        **(extra_context or {}),
    }
    return TemplateResponse(request, template, context)


def tell_about_change_page(request, seminar, *, cancellation_told_elsewhere=True, **kwargs):
    """The mailing page for telling a group that the seminar moved, was postponed or was
    cancelled: the form asks what changed, ticked from the change the seminar admin recorded,
    and the email is previewed at once. Those registered hear of a cancellation from 'Email
    everyone registered' instead (`cancellation_told_elsewhere`)."""
    if seminar.is_cancelled and cancellation_told_elsewhere:
        messages.error(
            request,
            "This seminar is cancelled: use 'Email everyone registered' on the registrations "
            "list to tell people.",
        )
        return redirect(kwargs["back_url"])
    change = latest_change(seminar)
    initial = [part for part in (change.fields if change else []) if part in PARTS]
    form = SeminarChangeForm(request.POST or None, seminar=seminar, initial={"changed": initial})
    at_once = initial or seminar.is_postponed or seminar.is_cancelled
    shown = {"changed": initial, "message": ""} if at_once else None
    return mailing_page(
        request,
        seminar,
        form=form,
        shown=shown,
        template="organising/tell_about_change.html",
        extra_context={
            "change": change,
            "change_words": describe(seminar, change.fields) if change else "",
        },
        **kwargs,
    )


def digest(data):
    """What was previewed, so that Send sends only what the person read."""
    words = json.dumps(
        {name: sorted(value) if isinstance(value, list) else value for name, value in data.items()},
        sort_keys=True,
        default=str,
    )
    return hashlib.sha256(words.encode()).hexdigest()
