"""One function per message. Each queues a templated email in the caller's transaction.

Emails to the list (announcements, "registration is open", the carried-over "stay?" question)
go through queue_bulk, which adds List-Unsubscribe; the confirmation of a sign-up is the
person's own and does not.
"""

from django.conf import settings

from outbox.mail import PRIVATE_LINK, queue_bulk, queue_templated_email, render_templated_email
from seminars.dates import day, local

CONFIRM = "subscribers/emails/confirm"
STAY = "subscribers/emails/stay"
ANNOUNCEMENT = "subscribers/emails/announcement"
REGISTRATION_OPEN = "subscribers/emails/registration_open"


def _context(subscriber, **extra):
    return {
        "subscriber": subscriber,
        "confirm_url": subscriber.confirm_url,
        "unsubscribe_url": subscriber.unsubscribe_url,
        "CONTACT_EMAIL": settings.CONTACT_EMAIL,
        "SITE_URL": settings.SITE_URL,
        **extra,
    }


def _seminar(seminar):
    return {"seminar": seminar, "seminar_url": settings.SITE_URL + seminar.get_absolute_url()}


def queue_confirm(subscriber):
    """The double opt-in: a link to confirm what they asked for, which works for CONFIRM_DAYS."""
    joins_list, seminars = subscriber.wishes()
    queue_templated_email(
        CONFIRM,
        to=[subscriber.email],
        context=_context(
            subscriber,
            joins_list=joins_list,
            seminars=seminars,
            confirm_by=day(local(subscriber.confirm_by)),
        ),
    )


def queue_stay(subscribers):
    """Once to each person carried over from the old tick box: stay on the list?"""
    queue_bulk(
        STAY,
        [
            (s.email, _context(s, keep_until=day(local(s.keep_until))), s.unsubscribe_url)
            for s in subscribers
        ],
    )


def announcement_context(seminar, subscriber, *, message):
    return _context(subscriber, message=message, **_seminar(seminar))


def preview_announcement(seminar, subscriber, *, message):
    context = announcement_context(seminar, subscriber, message=message)
    return render_templated_email(
        ANNOUNCEMENT, {**context, "unsubscribe_url": PRIVATE_LINK, "confirm_url": PRIVATE_LINK}
    )


def queue_announcement(seminar, subscribers, *, message, not_before=None):
    queue_bulk(
        ANNOUNCEMENT,
        [
            (s.email, announcement_context(seminar, s, message=message), s.unsubscribe_url)
            for s in subscribers
        ],
        not_before=not_before,
    )


def queue_registration_open(seminar, subscribers):
    queue_bulk(
        REGISTRATION_OPEN,
        [(s.email, _context(s, **_seminar(seminar)), s.unsubscribe_url) for s in subscribers],
    )
