"""One function per message. Each queues a templated email in the caller's transaction."""

from django.conf import settings

from outbox.mail import TextAttachment, queue_templated_email
from seminars import calendars


def _context(registration, **extra):
    return {
        "registration": registration,
        "seminar": registration.seminar,
        "manage_url": registration.manage_url,
        "seminar_url": settings.SITE_URL + registration.seminar.get_absolute_url(),
        "CONTACT_EMAIL": settings.CONTACT_EMAIL,
        "SITE_URL": settings.SITE_URL,
        **extra,
    }


def _calendar(seminar):
    if not seminar.starts_at:
        return ()
    content = calendars.build([seminar], base_url=settings.SITE_URL).decode()
    return (TextAttachment(f"seminar-{seminar.number}.ics", content, "text/calendar"),)


def _queue(name, registration, *, attachments=(), **extra):
    queue_templated_email(
        f"registrations/emails/{name}",
        to=[registration.email],
        context=_context(registration, **extra),
        attachments=attachments,
    )


def queue_place_confirmed(registration):
    _queue("place_confirmed", registration, attachments=_calendar(registration.seminar))


def queue_waiting_list_joined(registration):
    _queue("waiting_list_joined", registration, position=registration.waiting_position())


def queue_place_offered_from_waiting_list(registration):
    _queue("place_from_waiting_list", registration, attachments=_calendar(registration.seminar))


def queue_registration_cancelled(registration, *, by_organiser):
    _queue("registration_cancelled", registration, by_organiser=by_organiser)


def queue_manage_link(registration):
    _queue("manage_link", registration, position=registration.waiting_position())


def queue_reminder(registration):
    _queue("reminder", registration, attachments=_calendar(registration.seminar))
