"""schema.org Event data for a seminar page (JSON-LD), so search engines can show it as an event."""

from django.conf import settings

EVENT_STATUS = {
    "published": "https://schema.org/EventScheduled",
    "postponed": "https://schema.org/EventPostponed",
    "cancelled": "https://schema.org/EventCancelled",
}


def event(seminar, *, base_url):
    """Links use `base_url` (settings.SITE_URL), never a request's Host header."""
    url = base_url + seminar.get_absolute_url()
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": seminar.title,
        "url": url,
        "eventStatus": EVENT_STATUS.get(seminar.status, EVENT_STATUS["published"]),
        "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
        "isAccessibleForFree": True,
        "organizer": {
            "@type": "Organization",
            "name": settings.SITE_NAME,
            "url": base_url + "/",
        },
    }
    if seminar.summary:
        data["description"] = seminar.summary
    if seminar.starts_at:
        data["startDate"] = seminar.starts_at.isoformat()
        if seminar.ends_at:
            data["endDate"] = seminar.ends_at.isoformat()
    elif seminar.tentative_month:
        # ISO 8601 allows a year and month alone: the day is not known, so none is given.
        data["startDate"] = f"{seminar.tentative_month:%Y-%m}"
    if seminar.venue:
        venue = seminar.venue
        data["location"] = {
            "@type": "Place",
            "name": str(venue),
            "address": {
                "@type": "PostalAddress",
                "streetAddress": ", ".join(venue.address.split("\n")),
                "addressLocality": venue.city,
                "postalCode": venue.postcode,
                "addressCountry": "GB",
            },
        }
    performers = [{"@type": "Person", "name": talk.person.name} for talk in seminar.talks.all()]
    if performers:
        data["performer"] = performers
    if seminar.registration_deadline:
        data["offers"] = {
            "@type": "Offer",
            "price": "0",
            "priceCurrency": "GBP",
            "url": url,
            "validThrough": seminar.registration_deadline.isoformat(),
        }
    return data
