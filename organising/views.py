"""Staff pages outside the admin: the day itself (the door list on a phone, the printed sheets,
name badges, the caterer's and venue's totals) and the funder's report.

Every page needs a signed-in, verified staff member with the check-in permission (organisers and
door helpers). Each tap on the door list is one small POST; with JavaScript it updates the row in
place and says when it failed, without JavaScript the page reloads at that row.
"""

from functools import wraps

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import DatabaseError
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from common.spreadsheets import csv_download
from registrations import rules, services
from registrations.models import Registration, sort_key
from registrations.needs import access_codes, counted, food_codes, words
from registrations.queries import need_counts, with_needs_counted
from registrations.rules import visible_registrations
from seminars.models import Seminar

from . import report as reporting
from .forms import WalkInForm
from .rules import budget_lines_visible

SAVE_FAILED = "That was not saved: check the connection and try again."


def for_door_staff(view):
    """Signed in with the second factor (the admin's own check), and allowed to use the door
    pages (registrations/rules.py). Whether arrivals may be recorded now is the rules' too."""

    @wraps(view)
    def checked(request, seminar_id, *args, **kwargs):
        if not rules.may_use_door_pages(request.user):
            raise PermissionDenied
        seminar = get_object_or_404(Seminar.objects.select_related("venue"), pk=seminar_id)
        return view(request, seminar, *args, **kwargs)

    return admin.site.admin_view(checked)


def by_sort_name(registrations):
    return sorted(registrations, key=lambda r: (sort_key(r.sort_name), sort_key(r.name), r.pk))


DOOR_FIELDS = ["name", "sort_name", "organisation", "status", "attended", "companion", "email"]


def _on_the_list():
    """Those with a place and those waiting, in the room: never a place held for a bursary
    offer, which is nobody's at the door until it is accepted (registrations.rules), and never
    someone taking part online (their attendance has its own page, organising/online.py)."""
    return Registration.objects.registered().in_the_room()


def _people(seminar, *more_fields):
    """Those with a place and those waiting, each by sort name (accents and case aside)."""
    rows = list(_on_the_list().filter(seminar=seminar).only(*DOOR_FIELDS, *more_fields))
    confirmed = by_sort_name(r for r in rows if r.is_confirmed)
    waiting = by_sort_name(r for r in rows if r.is_waiting)
    return confirmed, waiting


@for_door_staff
def door_list(request, seminar):
    confirmed, waiting = _people(seminar)
    query = request.GET.get("q", "").strip()
    shown = [r for r in confirmed if sort_key(query) in sort_key(r.name)] if query else confirmed
    return render(
        request,
        "organising/door_list.html",
        {
            "seminar": seminar,
            "people": shown,
            "waiting": waiting,
            "query": query,
            "closed": rules.why_not_record_arrival(request.user, seminar),
            "arrived": sum(r.attended is True for r in confirmed),
            "expected": len(confirmed),
            "companions": sum(r.companion for r in confirmed if r.attended),
            "online": services.online_places(seminar).exists(),
        },
    )


def _answer(request, seminar, registration, error=None):
    """JSON for the page's script, or back to the row for a page without it."""
    wants_json = "application/json" in request.headers.get("Accept", "")
    if wants_json:
        if error:
            return JsonResponse({"error": error}, status=409)
        return JsonResponse(
            {"arrived": registration.attended is True, "companion": registration.companion}
        )
    if error:
        messages.error(request, error)
    return redirect(reverse("organising:door", args=[seminar.pk]) + f"#person-{registration.pk}")


@require_POST
@for_door_staff
def arrival(request, seminar, registration_id):
    registration = get_object_or_404(
        visible_registrations(request.user), pk=registration_id, seminar=seminar
    )
    arrived = request.POST.get("arrived") == "yes"
    try:
        registration = services.mark_attendance(
            registration, attended=True if arrived else None, by=request.user
        )
    except services.RegistrationError as error:
        return _answer(request, seminar, registration, str(error))
    except DatabaseError:
        return _answer(request, seminar, registration, SAVE_FAILED)
    return _answer(request, seminar, registration)


@require_POST
@for_door_staff
def companion(request, seminar, registration_id):
    registration = get_object_or_404(
        visible_registrations(request.user), pk=registration_id, seminar=seminar
    )
    try:
        registration = services.note_companion(
            registration, companion=request.POST.get("companion") == "yes", by=request.user
        )
    except services.RegistrationError as error:
        return _answer(request, seminar, registration, str(error))
    except DatabaseError:
        return _answer(request, seminar, registration, SAVE_FAILED)
    return _answer(request, seminar, registration)


@for_door_staff
def walk_in(request, seminar):
    closed = rules.why_not_record_arrival(request.user, seminar)
    if closed:
        return render(
            request, "organising/walk_in.html", {"seminar": seminar, "closed": closed}, status=403
        )
    form = WalkInForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            registration, existing = services.add_walk_in(
                seminar,
                name=data["name"],
                email=data["email"],
                group=data["group"],
                health_consent=data["health_consent"],
                override_capacity=data["beyond_capacity"],
                by=request.user,
            )
        except services.RegistrationError as error:
            form.add_error(None, str(error))
        except DatabaseError:
            form.add_error(None, SAVE_FAILED)
        else:
            messages.success(
                request,
                f"{registration.name} already had a place: marked as arrived."
                if existing
                else f"{registration.name} is added and marked as arrived.",
            )
            return redirect(
                reverse("organising:door", args=[seminar.pk]) + f"#person-{registration.pk}"
            )
    return render(request, "organising/walk_in.html", {"seminar": seminar, "form": form})


@for_door_staff
def staff_sheet(request, seminar):
    # Needs are held only with the person's consent (database rules), so all are shown.
    confirmed, _ = _people(seminar, "access_requirements", "dietary_requirements", "needs")
    for person in confirmed:
        person.access_ticked = words(access_codes(person.needs))
        person.food_ticked = words(food_codes(person.needs))
    return render(request, "organising/staff_sheet.html", {"seminar": seminar, "people": confirmed})


@for_door_staff
def sign_sheet(request, seminar):
    confirmed, _ = _people(seminar)
    return render(request, "organising/sign_sheet.html", {"seminar": seminar, "people": confirmed})


@for_door_staff
def badges(request, seminar):
    confirmed, _ = _people(seminar)
    return render(request, "organising/badges.html", {"seminar": seminar, "people": confirmed})


@for_door_staff
def totals(request, seminar):
    """For the caterer and the venue: how many, and how many ticked each need on the checklist.
    Never anyone's own words (they are on the staff sheet), and no names."""
    people = with_needs_counted().filter(seminar=seminar)
    counts = need_counts([seminar])[seminar.pk]
    return render(
        request,
        "organising/totals.html",
        {
            "seminar": seminar,
            "people": people.count(),
            "companions": people.filter(companion=True).count(),
            "diets": counted(counts, "food"),
            "access": counted(counts, "access"),
            "more_food": counts["anything_else_food"],
            "more_access": counts["anything_else_access"],
        },
    )


def may_read_report(user):
    """Organisers (who see registrations) and the bursary panel: the report names nobody."""
    return user.has_perm("registrations.view_registration") or user.has_perm(
        "bursaries.view_bursaryapplication"
    )


def funders_report(request, as_csv=False):
    if not may_read_report(request.user):
        raise PermissionDenied
    form = reporting.PeriodForm(request.GET or None)
    period = form.cleaned_data if form.is_valid() else {}
    series, seminars = reporting.report(
        period.get("start"), period.get("end"), money_lines=budget_lines_visible(request.user)
    )
    if as_csv:
        return csv_download(
            "funders-report.csv", reporting.CSV_HEADER, reporting.csv_rows(series, seminars)
        )
    return render(
        request,
        "organising/report.html",
        {
            "form": form,
            "series": series,
            "seminars": seminars,
            "milestones": reporting.MILESTONES,
            "query": request.GET.urlencode(),
        },
    )


report_page = admin.site.admin_view(funders_report)
report_csv = admin.site.admin_view(lambda request: funders_report(request, as_csv=True))
