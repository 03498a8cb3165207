"""schema.org Event data for a seminar page (JSON-LD), so search engines can show it as an event.

Only a seminar with a fixed date has it: search engines reject an event whose start is a month
alone, so a month-only seminar has none until its day is fixed.
"""

from django.conf import settings

from . import share_cards
from .models import SeminarStatus, WindowState

SCHEMA = "https://schema.org/"
EVENT_STATUS = {
    SeminarStatus.PUBLISHED: SCHEMA + "EventScheduled",
    SeminarStatus.POSTPONED: SCHEMA + "EventPostponed",
    SeminarStatus.CANCELLED: SCHEMA + "EventCancelled",
}
# EventRescheduled needs the old date as previousStartDate, which we do not keep: a seminar
# moved to a new date is simply scheduled on it.


def event(seminar, *, base_url, now=None, places_left=None):
    """The Event for `seminar`, or None while it has no fixed date.

    Links use `base_url` (settings.SITE_URL), never a request's Host header. `places_left` is
    how many places the registration panel shows (None when unknown): this app cannot count
    registrations itself (HS-1), so the page passes on what the panel above it counted.
    """
    if not seminar.starts_at:
        return None
    url = base_url + seminar.get_absolute_url()
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": seminar.title,
        "url": url,
        "startDate": seminar.starts_at.isoformat(),
        "eventStatus": EVENT_STATUS.get(seminar.status, EVENT_STATUS[SeminarStatus.PUBLISHED]),
        "eventAttendanceMode": SCHEMA + "OfflineEventAttendanceMode",
        "isAccessibleForFree": True,
        "image": [share_cards.for_seminar(seminar).url],
        "organizer": {
            "@type": "Organization",
            "name": settings.SITE_NAME,
            "url": base_url + "/",
        },
    }
    if seminar.ends_at:
        data["endDate"] = seminar.ends_at.isoformat()
    if seminar.summary:
        data["description"] = seminar.summary
    if seminar.venue:
        data["location"] = place(seminar.venue)
    performers = [{"@type": "Person", "name": talk.person.name} for talk in seminar.talks.all()]
    if performers:
        data["performer"] = performers
    if seminar.registration_deadline:
        data["offers"] = offer(seminar, url=url, now=now, places_left=places_left)
    return data


def place(venue):
    address = {
        "@type": "PostalAddress",
        "streetAddress": ", ".join(
            line.strip() for line in venue.address.splitlines() if line.strip()
        ),
        "addressLocality": venue.city,
        "postalCode": venue.postcode,
        "addressCountry": "GB",
    }
    return {
        "@type": "Place",
        "name": str(venue),
        "address": {key: value for key, value in address.items() if value},
    }


def offer(seminar, *, url, now, places_left):
    """A free place. Its availability: InStock while registration is open with places left,
    SoldOut when it is open and full (people can still join the waiting list), PreOrder before
    it opens; none once it has closed or the seminar is not going ahead."""
    data = {
        "@type": "Offer",
        "price": "0",
        "priceCurrency": "GBP",
        "url": url,
        "validThrough": seminar.registration_deadline.isoformat(),
    }
    if seminar.registration_opens_at:
        data["validFrom"] = seminar.registration_opens_at.isoformat()
    state = seminar.registration_state(now)
    if state == WindowState.OPEN:
        data["availability"] = SCHEMA + ("SoldOut" if places_left == 0 else "InStock")
    elif state == WindowState.NOT_OPEN:
        data["availability"] = SCHEMA + "PreOrder"
    return data
