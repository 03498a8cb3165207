"""One function per message. Each queues a templated email in the caller's transaction."""

from django.conf import settings
from django.urls import reverse

from outbox.mail import (
    PRIVATE_LINK,
    TextAttachment,
    queue_many,
    queue_templated_email,
    render_templated_email,
)
from seminars import calendars
from seminars.changes import DATE, VENUE, parts_words


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


def calendar_attachments(seminar):
    """The seminar's calendar file, for emails that confirm a place; none without a date."""
    if not seminar.starts_at:
        return ()
    content = calendars.build([seminar], base_url=settings.SITE_URL).decode()
    return (TextAttachment(f"seminar-{seminar.number}.ics", content, calendars.CONTENT_TYPE),)


SEMINAR_CHANGED = "registrations/emails/seminar_changed"
NEW_SEMINAR = "registrations/emails/new_seminar"


def _queue(name, registration, *, attachments=(), **extra):
    queue_templated_email(
        f"registrations/emails/{name}",
        to=[registration.email],
        context=_context(registration, **extra),
        attachments=attachments,
    )


def queue_place_confirmed(registration):
    _queue("place_confirmed", registration, attachments=calendar_attachments(registration.seminar))


def queue_waiting_list_joined(registration):
    _queue("waiting_list_joined", registration, position=registration.waiting_position())


def queue_place_offered_from_waiting_list(registration):
    _queue(
        "place_from_waiting_list",
        registration,
        attachments=calendar_attachments(registration.seminar),
    )


def queue_registration_cancelled(registration, *, by_organiser):
    _queue("registration_cancelled", registration, by_organiser=by_organiser)


def queue_manage_link(registration):
    """The link again. For a place held for a bursary offer it is a kind of its own
    (registrations/held_place_link, the same words), which organisers do not read: who holds
    a bursary is not theirs to learn."""
    name = "held_place_link" if registration.status == "held" else "manage_link"
    _queue(name, registration, position=registration.waiting_position())


def queue_email_changed(registration):
    """To the new address, after staff changed it: their place (or place in line) and their new
    private link, with the calendar file for a confirmed place at a seminar to come."""
    seminar = registration.seminar
    attachments = ()
    if registration.is_confirmed and not seminar.is_past():
        attachments = calendar_attachments(seminar)
    _queue(
        "email_changed",
        registration,
        attachments=attachments,
        position=registration.waiting_position(),
    )


def queue_old_address_told(address):
    """To an address someone no longer uses, after staff changed it: that it changed, and whom
    to ask if they did not expect it. No seminar is named and no link is given: whoever reads
    this address now may not be the person."""
    queue_templated_email(
        "registrations/emails/email_changed_old",
        to=[address],
        context={"CONTACT_EMAIL": settings.CONTACT_EMAIL},
    )


def queue_reminders(registrations):
    """One reminder each, written together (registrations with their seminar and venue)."""
    queue_many(
        "registrations/emails/reminder",
        [(r.email, _context(r), calendar_attachments(r.seminar)) for r in registrations],
    )


def seminar_changed_context(registration, *, reason, message, changed=()):
    """`changed` (seminars.changes), when known, names what changed, for wording that fits:
    "The date of Seminar 3 has changed", or a postponement with its new date."""
    return _context(
        registration,
        reason=reason,
        message=message,
        parts=parts_words(changed),
        new_date=DATE in changed,
        venue_changed=VENUE in changed,
    )


def preview_seminar_changed(registration, *, reason, message, changed=()):
    context = seminar_changed_context(registration, reason=reason, message=message, changed=changed)
    return render_templated_email(SEMINAR_CHANGED, {**context, "manage_url": PRIVATE_LINK})


def queue_seminar_changed(registrations, *, reason, message, changed=()):
    """One email each about a change to their seminar, written together; with the calendar
    file when the seminar moved or was postponed to a new date."""
    with_calendar = reason == "moved" or (reason == "postponed" and DATE in changed)
    queue_many(
        SEMINAR_CHANGED,
        [
            (
                r.email,
                seminar_changed_context(r, reason=reason, message=message, changed=changed),
                calendar_attachments(r.seminar) if with_calendar else (),
            )
            for r in registrations
        ],
    )


def new_seminar_context(seminar, subscriber, *, message):
    """`subscriber` is one of the person's registrations: its link stops these emails."""
    return {
        "seminar": seminar,
        "name": subscriber.name,
        "message": message,
        "seminar_url": settings.SITE_URL + seminar.get_absolute_url(),
        "unsubscribe_url": settings.SITE_URL
        + reverse("registrations:stop-emails", kwargs={"token": subscriber.manage_token}),
        "CONTACT_EMAIL": settings.CONTACT_EMAIL,
    }


def preview_new_seminar(seminar, subscriber, *, message):
    context = new_seminar_context(seminar, subscriber, message=message)
    return render_templated_email(NEW_SEMINAR, {**context, "unsubscribe_url": PRIVATE_LINK})


def queue_new_seminar(seminar, subscriber, *, message):
    queue_templated_email(
        NEW_SEMINAR,
        to=[subscriber.email],
        context=new_seminar_context(seminar, subscriber, message=message),
    )
