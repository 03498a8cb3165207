"""How many: places taken, held and left, and the waiting list. The one home of each count;
capacity rules, the seminar lists' states, the seminar's page, the admin and the overview ask
these, so no two screens count places differently."""

from collections import Counter

from django.db.models import Count, Q

from common import pagecache
from seminars.models import Seminar

from .models import Mode, Registration, RegistrationStatus
from .online import capacity_for, online_capacity


def part(seminar_id):
    """The part of the public pages' content that a seminar's registrations are (common.pagecache):
    a registration saved renews only the pages that count that seminar's registrations."""
    return f"registrations:{seminar_id}"


def counted_on_page(seminars):
    """The page being rendered shows counts of these seminars' registrations (seminars or their
    ids): it is renewed when one of them changes. Called by every count here that a public page
    shows, before it counts."""
    if pagecache.rendering():
        pagecache.shows(*(part(getattr(seminar, "pk", seminar)) for seminar in seminars))


def places_taken(seminar, mode=Mode.ROOM):
    """Places confirmed or held at `seminar`, in the room (or online, with `mode`): the one
    count capacity rules compare. One query."""
    counted_on_page([seminar])
    return seminar.registrations.taking_places().filter(mode=mode).count()


def left(capacity, taken):
    """Places left, never below nothing (an organiser may let someone in beyond the places)."""
    return max(capacity - taken, 0)


def places_left(seminar, mode=Mode.ROOM):
    return left(capacity_for(seminar, mode), places_taken(seminar, mode))


def online_places_left(seminar):
    """Online places left; None when the seminar offers none (two queries at most)."""
    if not online_capacity(seminar):
        return None
    return places_left(seminar, Mode.ONLINE)


def places_taken_at(seminars):
    """{seminar id: (places in the room confirmed or held, online places left or None when
    the seminar offers none)}, in one query for any number of seminars."""
    counted_on_page(seminars)
    taking = Q(registrations__status__in=RegistrationStatus.taking_a_place)
    rows = (
        Seminar.objects.filter(pk__in=[seminar.pk for seminar in seminars])
        .annotate(
            room=Count("registrations", filter=taking & Q(registrations__mode=Mode.ROOM)),
            online_taken=Count("registrations", filter=taking & Q(registrations__mode=Mode.ONLINE)),
        )
        .values_list("pk", "room", "online_taken", "online__capacity")
        .order_by()
    )
    return {
        pk: (room, left(capacity, online) if capacity else None)
        for pk, room, online, capacity in rows
    }


def with_place_counts(seminars):
    """Seminars with `places_taken` (confirmed or held), `held_count` and `waiting_count` in
    the room, and `online_taken` and `online_waiting` online, counted in the same query: the
    one way lists and the admin count places."""
    room = Q(registrations__mode=Mode.ROOM)
    online = Q(registrations__mode=Mode.ONLINE)
    taking = Q(registrations__status__in=RegistrationStatus.taking_a_place)
    waiting = Q(registrations__status=RegistrationStatus.WAITING)
    return seminars.annotate(
        places_taken=Count("registrations", filter=taking & room),
        waiting_count=Count("registrations", filter=waiting & room),
        online_taken=Count("registrations", filter=taking & online),
        online_waiting=Count("registrations", filter=waiting & online),
        held_count=Count("registrations", filter=Q(registrations__status=RegistrationStatus.HELD)),
    )


def with_needs_counted():
    """The registrations whose ticked needs are counted: those with a place (confirmed, or held
    for a bursary offer: the person may well come), in the room: online, nobody eats there or
    needs its access."""
    return Registration.objects.taking_places().in_the_room()  # online, nobody needs the room


def need_counts(seminars, among=None):
    """{seminar id: Counter({need code: how many people ticked it})} for `seminars` (seminars or
    their ids), counting registrations with a place (with_needs_counted) and only the checklist
    (registrations.needs), never the "anything else" words. Also counts "anything_else_access"
    and "anything_else_food": how many wrote something there (the staff sheet has the words).
    One query, however many seminars and people; a seminar nobody asked anything for has an
    empty Counter. `among` counts other registrations instead (book_ahead_counts)."""
    ids = [getattr(seminar, "pk", seminar) for seminar in seminars]
    counts = {pk: Counter() for pk in ids}
    rows = (
        (with_needs_counted() if among is None else among)
        .filter(seminar__in=ids)
        .exclude(Q(needs=[]) & Q(access_requirements="") & Q(dietary_requirements=""))
        .values_list("seminar_id", "needs", "access_requirements", "dietary_requirements")
        .order_by()
    )
    for seminar_id, needs, access, dietary in rows:
        counts[seminar_id].update(needs)
        counts[seminar_id]["anything_else_access"] += bool(access.strip())
        counts[seminar_id]["anything_else_food"] += bool(dietary.strip())
    return counts


def book_ahead_counts(seminars):
    """need_counts for the needs booked weeks ahead (Need.book_ahead: an interpreter, live
    captions), counting everyone with a place, in the room or online: captions and an
    interpreter serve both. One query."""
    return need_counts(seminars, among=Registration.objects.taking_places())
