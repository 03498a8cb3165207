from django import template

from seminars import dates

register = template.Library()

register.filter("long_day", dates.day)


@register.simple_tag
def venue_access(seminar, now=None):
    """What the seminar page says about access at the seminar's venue (Venue.access_for)."""
    return seminar.venue.access_for(
        starts_at=seminar.starts_at, registration_deadline=seminar.registration_deadline, now=now
    )
