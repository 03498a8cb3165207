"""Organisers' emails to a seminar's people, each through the one mailing page
(organising/mailing.py): everyone registered (with a place or waiting), the mailing list's
announcement, and telling everyone registered that the seminar moved or was postponed.

That last is prompted after an organiser saves such a change (seminars.slots "changed", filled
in organising/apps.py). Places held for bursary offers are never in these groups: the bursary
panel tells the holders, from its own prompt and page (bursaries).
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.html import format_html

from registrations import emails, rules, services
from registrations.models import Registration
from seminars.changes import CANCELLED, describe
from seminars.models import Seminar
from subscribers import emails as subscriber_emails

from ..mailing import mailing_page, tell_about_change_page
from .forms import AnnouncementForm, ChangeMessageForm

AS_THE_FIRST = "Preview (as the first person will see it)"


def registered(seminar):
    """Everyone with a place or waiting, in the order they registered."""
    return (
        Registration.objects.registered()
        .filter(seminar=seminar)
        .select_related("seminar", "seminar__venue")
        .order_by("created", "pk")
    )


def _to_registrations(seminar):
    """(Those registered with an address, how many have none.)"""
    everyone = list(registered(seminar))
    with_email = [registration for registration in everyone if registration.email]
    return with_email, len(everyone) - len(with_email)


def _people(count):
    return f"{count} {'person' if count == 1 else 'people'}"


def registrations_list(seminar):
    changelist = reverse("admin:registrations_registration_changelist")
    return f"{changelist}?seminar__id__exact={seminar.pk}"


def email_registered(request, seminar_id):
    if not rules.may_change_registrations(request.user):
        raise PermissionDenied
    seminar = get_object_or_404(Seminar, pk=seminar_id)
    with_email, not_emailed = _to_registrations(seminar)
    return mailing_page(
        request,
        seminar,
        title=f"Email everyone registered for seminar {seminar.number}",
        form=ChangeMessageForm(request.POST or None),
        recipients=len(with_email),
        not_emailed=not_emailed,
        previews=lambda data: [
            (
                AS_THE_FIRST,
                emails.preview_seminar_changed(
                    with_email[0], reason=data["reason"], message=data["message"]
                ),
            )
        ],
        send=lambda data: services.notify_registrants(
            seminar, reason=data["reason"], message=data["message"], by=request.user
        ),
        back_url=registrations_list(seminar),
        back_label="Registrations",
    )


def announce(request, seminar_id):
    if not rules.may_change_registrations(request.user):
        raise PermissionDenied
    seminar = get_object_or_404(Seminar.objects.public(), pk=seminar_id)
    subscribers = services.future_seminar_subscribers(exclude_seminar=seminar)
    return mailing_page(
        request,
        seminar,
        title=f"Announce seminar {seminar.number} to the mailing list",
        form=AnnouncementForm(request.POST or None),
        recipients=len(subscribers),
        previews=lambda data: [
            (
                AS_THE_FIRST,
                subscriber_emails.preview_announcement(
                    seminar, subscribers[0], message=data["message"]
                ),
            )
        ],
        send=lambda data: services.announce_seminar(
            seminar, message=data["message"], by=request.user
        ),
        back_url=registrations_list(seminar),
        back_label="Registrations",
    )


def tell_registered(request, seminar_id):
    """After a move or a postponement: one preview for someone with a place and one for someone
    waiting (their words differ), then send to them all."""
    if not rules.may_change_registrations(request.user):
        raise PermissionDenied
    seminar = get_object_or_404(Seminar.objects.select_related("venue"), pk=seminar_id)
    with_email, not_emailed = _to_registrations(seminar)
    reason = "postponed" if seminar.is_postponed else "moved"
    examples = {}
    for registration in with_email:
        examples.setdefault(registration.get_status_display(), registration)
    return tell_about_change_page(
        request,
        seminar,
        title=f"Tell everyone registered for seminar {seminar.number} about its change",
        recipients=len(with_email),
        not_emailed=not_emailed,
        previews=lambda data: [
            (
                f"For someone whose registration is: {status}",
                emails.preview_seminar_changed(
                    example, reason=reason, message=data["message"], changed=data["changed"]
                ),
            )
            for status, example in examples.items()
        ],
        send=lambda data: services.notify_registrants(
            seminar,
            reason=reason,
            message=data["message"],
            by=request.user,
            changed=data["changed"],
        ),
        back_url=reverse("admin:seminars_seminar_change", args=[seminar.pk]),
        back_label=f"Seminar {seminar.number}",
    )


def prompt_registrants(request, seminar, changed):
    """Fills seminars.slots "changed": after an organiser saves a move or a postponement, a
    message with the link to tell everyone registered (with an address), for those who may."""
    count = registered(seminar).exclude(email="").count()
    # A cancellation is told from "Email everyone registered" (its reason: cancelled).
    page = "email-registered" if CANCELLED in changed else "tell-registered"
    if count and rules.may_change_registrations(request.user):
        messages.warning(
            request,
            format_html(
                '{}. Tell the {} registered: <a href="{}">preview the email to them</a>.',
                describe(seminar, changed),
                _people(count),
                reverse(f"organising:{page}", args=[seminar.pk]),
            ),
        )
