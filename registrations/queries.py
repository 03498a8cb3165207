"""How many: places taken, held and left, and the waiting list. The one home of each count;
capacity rules, the seminar lists' states, the seminar's page, the admin and the overview ask
these, so no two screens count places differently."""

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
