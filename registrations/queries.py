"""How many: places taken, held and left, and the waiting list. The one home of each count;
capacity rules, the seminar lists' states, the seminar's page, the admin and the overview ask
these, so no two screens count places differently."""

from collections import Counter

from django.db.models import Count, Q

from .models import Registration, RegistrationStatus


def places_taken(seminar):
    """Places confirmed or held at `seminar`: the one count capacity rules compare. One query."""
    return seminar.registrations.taking_places().count()


def left(capacity, taken):
    """Places left, never below nothing (an organiser may let someone in beyond the places)."""
    return max(capacity - taken, 0)


def places_left(seminar):
    return left(seminar.capacity, places_taken(seminar))


def places_taken_at(seminars):
    """{seminar id: places confirmed or held}, in one query for any number of seminars."""
    rows = (
        Registration.objects.taking_places()
        .filter(seminar__in=[seminar.pk for seminar in seminars])
        .values_list("seminar")
        .annotate(taken=Count("pk"))
        .order_by()
    )
    return dict(rows)


def with_place_counts(seminars):
    """Seminars with `places_taken` (confirmed or held), `held_count` and `waiting_count`
    counted in the same query: the one way lists and the admin count places."""
    return seminars.annotate(
        places_taken=Count(
            "registrations",
            filter=Q(registrations__status__in=RegistrationStatus.taking_a_place),
        ),
        waiting_count=Count(
            "registrations", filter=Q(registrations__status=RegistrationStatus.WAITING)
        ),
        held_count=Count("registrations", filter=Q(registrations__status=RegistrationStatus.HELD)),
    )


def with_needs_counted():
    """The registrations whose ticked needs are counted: those with a place (confirmed, or held
    for a bursary offer: the person may well come). One place to narrow, for example to the
    people in the room."""
    return Registration.objects.taking_places()


def need_counts(seminars):
    """{seminar id: Counter({need code: how many people ticked it})} for `seminars` (seminars or
    their ids), counting registrations with a place (with_needs_counted) and only the checklist
    (registrations.needs), never the "anything else" words. Also counts "anything_else_access"
    and "anything_else_food": how many wrote something there (the staff sheet has the words).
    One query, however many seminars and people; a seminar nobody asked anything for has an
    empty Counter."""
    ids = [getattr(seminar, "pk", seminar) for seminar in seminars]
    counts = {pk: Counter() for pk in ids}
    rows = (
        with_needs_counted()
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
