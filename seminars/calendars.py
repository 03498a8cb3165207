"""iCalendar (RFC 5545) files for one seminar or the whole series, made with the icalendar package.

Only seminars with a fixed start appear: a month-only seminar has no honest DTSTART.
"""

from urllib.parse import urlsplit

from django.conf import settings
from icalendar import Calendar, Event, Timezone

from . import dates

ICAL_STATUS = {"published": "CONFIRMED", "postponed": "TENTATIVE", "cancelled": "CANCELLED"}


def build(seminars, *, base_url):
    """An .ics file's bytes; links and UIDs use `base_url`, such as https://example.org."""
    calendar = Calendar()
    calendar.add("prodid", "-//Reimagining professionalism//Seminar series//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", settings.SITE_NAME)
    # Every time is UK time. The zone always goes in, so that a calendar with no seminars yet
    # still has the one component RFC 5545 requires.
    calendar.add_component(Timezone.from_tzid(settings.TIME_ZONE))
    host = urlsplit(base_url).hostname
    for seminar in seminars:
        calendar.add_component(_event(seminar, base_url, host))
    return calendar.to_ical()


def _event(seminar, base_url, host):
    event = Event()
    url = base_url + seminar.get_absolute_url()
    prefix = {"postponed": "Postponed: ", "cancelled": "Cancelled: "}.get(seminar.status, "")
    event.add("uid", f"seminar-{seminar.pk}@{host}")
    event.add("dtstamp", seminar.updated)
    event.add("summary", f"{prefix}{seminar}")
    event.add("dtstart", dates.local(seminar.starts_at))
    if seminar.ends_at:
        event.add("dtend", dates.local(seminar.ends_at))
    event.add("status", ICAL_STATUS.get(seminar.status, "CONFIRMED"))
    event.add("url", url)
    description = [seminar.summary] if seminar.summary else []
    if seminar.registration_deadline:
        description.append(
            f"Register by {dates.deadline(seminar.registration_deadline)} (UK time)."
        )
    description.append(f"Details: {url}")
    event.add("description", "\n\n".join(description))
    if seminar.venue:
        venue = seminar.venue
        parts = [str(venue), venue.address.replace("\n", ", ")]
        event.add("location", ", ".join(part for part in parts if part))
    return event
