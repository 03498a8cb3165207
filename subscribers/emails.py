"""One function per message. Each queues a templated email in the caller's transaction.

Emails to the list (announcements, "registration is open", the carried-over "stay?" question)
carry List-Unsubscribe (their builds add outbox.mail.list_headers); the confirmation of a
sign-up is the person's own and does not.
"""

from django.conf import settings
from django.utils import timezone

from common.groups import ORGANISERS
from outbox import kinds
from outbox.mail import (
    PRIVATE_LINK,
    Message,
    OutboxError,
    list_headers,
    queue_email,
    queue_emails,
    render_templated_email,
)
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


def build_confirm(*, subscriber):
    """The double opt-in: a link to confirm what they asked for, which works for CONFIRM_DAYS."""
    joins_list, seminars = subscriber.wishes()
    return Message(
        to=(subscriber.email,),
        context=_context(
            subscriber,
            joins_list=joins_list,
            seminars=seminars,
            confirm_by=day(local(subscriber.confirm_by)),
        ),
    )


def still_confirmable(*, subscriber):
    if subscriber.confirmation_expired(timezone.now()):
        raise OutboxError(
            "Not sent again: its link to confirm has expired. They can sign up again."
        )


def _list_message(subscriber, context):
    """An email to the list: with List-Unsubscribe, its own one-click address (outbox.mail)."""
    return Message(
        to=(subscriber.email,), context=context, headers=list_headers(subscriber.unsubscribe_url)
    )


def build_stay(*, subscriber):
    return _list_message(
        subscriber, _context(subscriber, keep_until=day(local(subscriber.keep_until)))
    )


def announcement_context(seminar, subscriber, *, message):
    return _context(subscriber, message=message, **_seminar(seminar))


def build_announcement(*, seminar, subscriber, message):
    return _list_message(subscriber, announcement_context(seminar, subscriber, message=message))


def build_registration_open(*, seminar, subscriber):
    return _list_message(subscriber, _context(subscriber, **_seminar(seminar)))


def queue_confirm(subscriber):
    queue_email(CONFIRM, about={"subscriber": subscriber})


def queue_stay(subscribers):
    """Once to each person carried over from the old tick box: stay on the list?"""
    queue_emails(STAY, [{"subscriber": s} for s in subscribers])


def preview_announcement(seminar, subscriber, *, message):
    context = announcement_context(seminar, subscriber, message=message)
    return render_templated_email(
        ANNOUNCEMENT, {**context, "unsubscribe_url": PRIVATE_LINK, "confirm_url": PRIVATE_LINK}
    )


def queue_announcement(seminar, subscribers, *, message, not_before=None):
    queue_emails(
        ANNOUNCEMENT,
        [{"seminar": seminar, "subscriber": s} for s in subscribers],
        message=message,
        not_before=not_before,
    )


def queue_registration_open(seminar, subscribers):
    queue_emails(REGISTRATION_OPEN, [{"seminar": seminar, "subscriber": s} for s in subscribers])


kinds.declare(
    kinds.kind_of(CONFIRM),
    readers={ORGANISERS},
    build=build_confirm,
    still_true=still_confirmable,
)
for _template, _build in (
    (STAY, build_stay),
    (ANNOUNCEMENT, build_announcement),
    (REGISTRATION_OPEN, build_registration_open),
):
    kinds.declare(kinds.kind_of(_template), readers={ORGANISERS}, build=_build)
kinds.name_kinds(
    {
        "subscribers/confirm": "Mailing list: confirm the address",
        "subscribers/stay": "Mailing list: stay on it?",
        "subscribers/announcement": "Seminar announced to the mailing list",
        "subscribers/registration_open": "Registration open (to the mailing list)",
    }
)
