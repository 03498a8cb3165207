"""The series as a whole, worked out from its seminars rather than written into templates."""

from django import template
from django.db import DatabaseError
from django.db.models import Max, Min
from django.utils import timezone

from common import fragments
from seminars import dates
from seminars.models import Seminar

register = template.Library()


def series_months(seminars):
    """(first month, last month) of these seminars, as first days of months; (None, None) when
    there are none. A month-only seminar counts by its month. One query."""
    found = seminars.aggregate(
        first_start=Min("starts_at"),
        last_start=Max("starts_at"),
        first_month=Min("tentative_month"),
        last_month=Max("tentative_month"),
    )
    months = [found["first_month"], found["last_month"]]
    months += [
        timezone.localtime(moment).date().replace(day=1)
        for moment in (found["first_start"], found["last_start"])
        if moment
    ]
    months = [month for month in months if month]
    return (min(months), max(months)) if months else (None, None)


def span_in_words(first, last):
    """'November 2015 to November 2017'; one month alone when they are the same; '' for none."""
    if not first:
        return ""
    if first == last:
        return dates.month(first)
    return f"{dates.month(first)} to {dates.month(last)}"


@register.simple_tag
def series_dates():
    """When the series runs, from its first to its last public seminar. Empty if the database
    cannot be read: the error pages use this too, and must still render."""
    try:
        return span_in_words(*series_months(Seminar.objects.public()))
    except DatabaseError:
        fragments.incomplete()
        return ""
