"""Where each seminar stands, for the pages that list seminars (seminars' templates load this
library, so the seminars app never imports this one: HS-1).

`{% seminar_states seminars as seminars %}` gives every seminar in the list a `state`, counting
the places taken at all of them in one query, so a list of one seminar or of twenty costs the
same. Only seminars open for registration show their places, so only theirs are counted: the
whole-page cache renews a page when a registration is saved at a seminar it counted
(queries.counted_on_page), so the counts shown stay right and the rest stay cached.
"""

from dataclasses import dataclass

from django import template
from django.urls import reverse
from django.utils import timezone

from seminars import dates
from seminars.models import WindowState

from .. import queries, rules

register = template.Library()


@dataclass(frozen=True)
class SeminarState:
    """How a seminar stands for someone deciding whether to come: a short label, and the one
    thing they can do next (register, join the waiting list, or read about the seminar)."""

    key: str  # open, waiting_list, not_open, closed, to_be_announced, postponed, cancelled, past
    label: str
    action_label: str
    action_url: str
    places_left: int | None = None

    @property
    def takes_registrations(self):
        return self.key in ("open", "waiting_list")


def state_of(seminar, *, taken, now, online_left=None):
    """The seminar's state given the places `taken` there (in the room) and the online places
    left (None when it offers none); the same rules as the seminar's page and
    registrations.services.closed_message."""
    see = ("See the seminar", seminar.get_absolute_url())
    if seminar.is_cancelled:
        return SeminarState("cancelled", "Cancelled", *see)
    if seminar.is_postponed:
        return SeminarState("postponed", "Postponed: new date to come", *see)
    if seminar.is_past(now):
        return SeminarState("past", "Took place", *see)
    if seminar.is_tentative:
        # Only the month is known; the lists show it beside this, never an invented day.
        return SeminarState("to_be_announced", "Date to be announced", *see)
    registration = seminar.registration_state(now)
    if registration == WindowState.OPEN:
        left = queries.left(seminar.capacity, taken)
        register_url = reverse("registrations:register", kwargs={"slug": seminar.slug})
        if left:
            label = f"Open: {left} place{'s' if left != 1 else ''} left"
            return SeminarState("open", label, "Register for a place", register_url, left)
        if online_left:
            label = f"Room full: {online_left} online place{'s' if online_left != 1 else ''} left"
            return SeminarState("open", label, "Register for a place", register_url, 0)
        return SeminarState(
            "waiting_list", "Full: waiting list open", "Join the waiting list", register_url, 0
        )
    if registration == WindowState.CLOSED:
        return SeminarState("closed", "Registration closed", *see)
    if registration == WindowState.NOT_OPEN:
        opens = dates.local(seminar.registration_opens_at)
        opens = f"{opens.day} {opens:%B %Y}"  # no weekday: badges stay short
        return SeminarState("not_open", f"Registration opens {opens}", *see)
    return SeminarState("not_open", "Registration not open yet", *see)


def shows_places(seminar, *, now):
    """Whether the seminar's state (state_of) says how many places are left: open for
    registration."""
    if seminar.is_cancelled or seminar.is_postponed or seminar.is_past(now):
        return False
    return not seminar.is_tentative and seminar.registration_state(now) == WindowState.OPEN


@register.simple_tag(takes_context=True)
def seminar_states(context, seminars):
    """The same seminars, each with a `state` (SeminarState); one query for the whole list (none
    when no seminar in it is open for registration)."""
    seminars = [seminar for seminar in seminars if seminar]
    now = context.get("now") or timezone.now()
    counted = [seminar for seminar in seminars if shows_places(seminar, now=now)]
    counts = queries.places_taken_at(counted) if counted else {}
    for seminar in seminars:
        taken, online_left = counts.get(seminar.pk, (0, None))
        seminar.state = state_of(seminar, taken=taken, online_left=online_left, now=now)
    return seminars


@register.simple_tag(takes_context=True)
def seminar_state(context, seminar):
    """One seminar's SeminarState (one query), for its own page."""
    return seminar_states(context, [seminar])[0].state


@register.simple_tag(takes_context=True)
def may_record_arrival(context, seminar):
    """Whether the signed-in staff member may mark arrivals and add walk-ins now (rules.py)."""
    return rules.may_record_arrival(context["request"].user, seminar)
