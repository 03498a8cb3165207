"""iCalendar (RFC 5545) files for one seminar or the whole series, made with the icalendar package.

Only seminars with a fixed start appear: a month-only seminar has no honest DTSTART. Files are
published (METHOD:PUBLISH: calendars offer to add the event; no reply is asked for), and each
event carries SEQUENCE and LAST-MODIFIED from the seminar's last change, so that a calendar
updates the event it has instead of adding a second one.
"""

import datetime
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from icalendar import Calendar, Event, Timezone, TimezoneDaylight, TimezoneStandard

from . import dates

# What the files are served and attached as: calendars then offer to add the event.
CONTENT_TYPE = "text/calendar; method=PUBLISH; charset=utf-8"
# SEQUENCE counts seconds from here to the seminar's last change: it only ever grows.
SEQUENCE_EPOCH = datetime.datetime(2015, 1, 1, tzinfo=datetime.UTC)

ICAL_STATUS = {"published": "CONFIRMED", "postponed": "TENTATIVE", "cancelled": "CANCELLED"}


# Where an online participant's event says it is: the link itself never goes in a calendar
# file (calendars sync, share and show it to others); it is in their email.
ONLINE_LOCATION = "Online (the link is in your email)"


def build(seminars, *, base_url, location=None, changed=None):
    """An .ics file's bytes; links and UIDs use `base_url`, such as https://example.org.
    `location`, when given, is every event's location instead of its venue (ONLINE_LOCATION
    for someone taking part online). `changed`, when later than a seminar's last change, is
    the event's instead (one person's own event, moved online or back to the room: its
    SEQUENCE must grow for calendars to take the new location)."""
    calendar = Calendar()
    calendar.add("prodid", "-//Reimagining professionalism//Seminar series//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", settings.SITE_NAME)
    # Every time is UK time. The zone always goes in, so that a calendar with no seminars yet
    # still has the one component RFC 5545 requires.
    calendar.add_component(uk_time())
    host = urlsplit(base_url).hostname
    for seminar in seminars:
        calendar.add_component(_event(seminar, base_url, host, location=location, changed=changed))
    return calendar.to_ical()


def uk_time():
    """Europe/London as rules, which every client reads the same way and which hold for any
    year since 1996. (icalendar's own zone lists every change as one RDATE list, of which some
    parsers, Thunderbird's among them, read only the first.) Each onset is in the local time
    before it: clocks go forward at 01:00 GMT and back at 02:00 BST, both 01:00 UTC, on the
    last Sunday of March and of October."""
    zone = Timezone()
    zone.add("tzid", settings.TIME_ZONE)
    for part, start, month, offsets, name in [
        (TimezoneDaylight, datetime.datetime(1996, 3, 31, 1), 3, (0, 1), "BST"),
        (TimezoneStandard, datetime.datetime(1996, 10, 27, 2), 10, (1, 0), "GMT"),
    ]:
        onset = part()
        onset.add("dtstart", start)
        onset.add("rrule", {"freq": "yearly", "bymonth": month, "byday": "-1su"})
        onset.add("tzoffsetfrom", datetime.timedelta(hours=offsets[0]))
        onset.add("tzoffsetto", datetime.timedelta(hours=offsets[1]))
        onset.add("tzname", name)
        zone.add_component(onset)
    return zone


def web_links(seminar, *, base_url):
    """{"google": …, "outlook": …}: links that open the seminar in Google Calendar or Outlook
    on the web, ready to save, with the times in UTC (so no zone can be misread)."""
    start = seminar.starts_at.astimezone(datetime.UTC)
    end = (seminar.ends_at or seminar.starts_at + datetime.timedelta(hours=1)).astimezone(
        datetime.UTC
    )
    title, url = str(seminar), base_url + seminar.get_absolute_url()
    place = _location(seminar.venue) if seminar.venue else ""
    google = {
        "action": "TEMPLATE",
        "text": title,
        "dates": f"{start:%Y%m%dT%H%M%SZ}/{end:%Y%m%dT%H%M%SZ}",
        "details": f"Details: {url}",
        "location": place,
    }
    outlook = {
        "rru": "addevent",
        "subject": title,
        "startdt": f"{start:%Y-%m-%dT%H:%M:%SZ}",
        "enddt": f"{end:%Y-%m-%dT%H:%M:%SZ}",
        "body": f"Details: {url}",
        "location": place,
    }
    return {
        "google": "https://calendar.google.com/calendar/render?" + urlencode(google),
        "outlook": "https://outlook.office.com/calendar/0/action/compose?" + urlencode(outlook),
    }


def _location(venue):
    return ", ".join(part for part in (str(venue), venue.postal_address) if part)


def _event(seminar, base_url, host, *, location=None, changed=None):
    event = Event()
    updated = max(seminar.updated, changed) if changed else seminar.updated
    url = base_url + seminar.get_absolute_url()
    prefix = {"postponed": "Postponed: ", "cancelled": "Cancelled: "}.get(seminar.status, "")
    event.add("uid", f"seminar-{seminar.pk}@{host}")
    event.add("dtstamp", updated)
    event.add("last-modified", updated)
    event.add("sequence", int((updated - SEQUENCE_EPOCH).total_seconds()))
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
    if location:
        event.add("location", location)
    elif seminar.venue:
        event.add("location", _location(seminar.venue))
    return event
