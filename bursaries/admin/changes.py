"""Telling people that a seminar moved or was postponed, after an organiser saves the change.

Organisers are prompted to email everyone registered (with a place or waiting), from a page that
shows the email first. Organisers never see who holds a bursary, so the panel is prompted on its
list of applications (and in a message, when a panel member made the change) to email the
bursary holders from a staff page of its own (common/staff_pages.py says where).

The organisers' page belongs with the registrations admin; it is here because this is the
seminar admin that is registered last, and the only one free to import both apps.
"""

import hashlib
import json

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html

from common.staff_pages import staff_url
from registrations import emails as registration_emails
from registrations import services as registration_services
from registrations.models import Registration
from seminars.changes import POSTPONED, describe, latest_change
from seminars.models import Seminar

from .. import services
from ..rules import is_panel_member
from .forms import SeminarChangeForm

REGISTRATIONS_PERMISSION = "registrations.change_registration"


def seminar_urls(model_admin):
    return [
        path(
            "<int:object_id>/tell-registered/",
            model_admin.admin_site.admin_view(
                lambda request, object_id: tell_registered_view(model_admin, request, object_id)
            ),
            name="seminars_seminar_tell_registered",
        ),
    ]


def _people(count):
    return f"{count} {'person' if count == 1 else 'people'}"


def prompt(request, seminar, changed):
    """Messages after saving a change: a link for each group the user may tell."""
    what = describe(seminar, changed)
    user = request.user
    registered = _registered(seminar).exclude(email="").count()
    if registered and user.has_perm(REGISTRATIONS_PERMISSION):
        url = reverse("admin:seminars_seminar_tell_registered", args=[seminar.pk])
        messages.add_message(
            request,
            messages.WARNING,
            format_html(
                '{}. Tell the {} registered: <a href="{}">preview the email to them</a>.',
                what,
                _people(registered),
                url,
            ),
        )
    if not services.holders(seminar).exists():
        return
    if is_panel_member(user):
        url = staff_url("bursary-tell-holders", seminar.pk)
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


def _registered(seminar):
    return (
        Registration.objects.registered()
        .filter(seminar=seminar)
        .select_related("seminar", "seminar__venue")
        .order_by("created", "pk")
    )


def tell_registered_view(model_admin, request, object_id):
    """Organisers: preview the email to everyone with a place or waiting, then send it."""
    if not request.user.has_perm(REGISTRATIONS_PERMISSION):
        raise PermissionDenied
    seminar = get_object_or_404(Seminar.objects.select_related("venue"), pk=object_id)
    registered = list(_registered(seminar))
    with_email = [registration for registration in registered if registration.email]
    reason = "postponed" if seminar.is_postponed else "moved"
    # One preview for someone with a place and one for someone waiting: their words differ.
    examples = {}
    for registration in with_email:
        examples.setdefault(registration.get_status_display(), registration)
    return _tell_page(
        model_admin,
        request,
        seminar,
        title=f"Tell everyone registered for seminar {seminar.number} about its change",
        recipients=len(with_email),
        not_emailed=len(registered) - len(with_email),
        previews=lambda data: [
            (
                f"For someone whose registration is: {status}",
                registration_emails.preview_seminar_changed(
                    example, reason=reason, message=data["message"], changed=data["changed"]
                ),
            )
            for status, example in examples.items()
        ],
        send=lambda data: registration_services.notify_registrants(
            seminar,
            reason=reason,
            message=data["message"],
            by=request.user,
            changed=data["changed"],
        ),
        back_url=reverse("admin:seminars_seminar_change", args=[seminar.pk]),
        back_label=f"Seminar {seminar.number}",
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
    Send. The GET shows the preview at once; "Update the preview" re-reads the form."""
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
