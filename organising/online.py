"""Who joined online (registrations' online places): organisers tick them, or paste the list
of addresses the meeting platform exports, from the seminar's day until attendance is
complete; after that only a recorded correction changes one person's attendance."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import DatabaseError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from common.forms import PlainErrorsMixin
from registrations import rules, services
from registrations.rules import visible_registrations
from seminars.models import Seminar

from .views import SAVE_FAILED, by_sort_name


class PastedListForm(PlainErrorsMixin, forms.Form):
    addresses = forms.CharField(
        label="Paste the list of people who joined",
        help_text="The list your meeting platform exports (its attendance or participants "
        "report), as it is: we find the email addresses in it. Addresses of people without "
        "an online place here are listed for you to check, and not saved.",
        max_length=200_000,
        widget=forms.Textarea(attrs={"rows": 6, "spellcheck": "false"}),
        error_messages={
            "required": "Paste the list from your meeting platform.",
            "max_length": "That list is too long: paste it in parts.",
        },
    )


def online_attendance(request, seminar_id):
    if not rules.may_enter_attendance_after_the_day(request.user):
        raise PermissionDenied
    seminar = get_object_or_404(Seminar, pk=seminar_id)
    people = _people(request, seminar)
    closed = rules.why_not_record_online_attendance(request.user, seminar)
    form = PastedListForm(request.POST if request.POST.get("paste") else None)
    unmatched = []
    if request.method == "POST" and not closed:
        if request.POST.get("paste"):
            if form.is_valid():
                matched, unmatched = services.match_addresses(
                    seminar, form.cleaned_data["addresses"]
                )
                joined = matched | {person.pk for person in people if person.attended}
                if _save(request, seminar, joined, f"{len(matched)} matched in the list."):
                    if not unmatched:
                        return _back(seminar)
                    form = PastedListForm()
        else:
            if _save(request, seminar, request.POST.getlist("joined"), "Saved."):
                return _back(seminar)
        people = _people(request, seminar)
    return render(
        request,
        "organising/online_attendance.html",
        {
            "seminar": seminar,
            "people": people,
            "joined": sum(person.attended is True for person in people),
            "closed": closed,
            "form": form,
            "unmatched": unmatched,
        },
    )


def _people(request, seminar):
    places = visible_registrations(request.user, services.online_places(seminar))
    return by_sort_name(places.only("name", "sort_name", "email", "attended"))


def _save(request, seminar, joined, words):
    try:
        changed = services.record_online_attendance(seminar, joined=joined, by=request.user)
    except services.RegistrationError as error:
        messages.error(request, str(error))
        return False
    except (DatabaseError, ValueError):
        messages.error(request, SAVE_FAILED)
        return False
    messages.success(request, f"{words} {changed} change{'s' if changed != 1 else ''} saved.")
    return True


def _back(seminar):
    return redirect(reverse("organising:online-attendance", args=[seminar.pk]))


online_attendance = admin.site.admin_view(online_attendance)
