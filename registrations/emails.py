"""One function per message. Each queues a templated email in the caller's transaction.

Every kind is declared at the end, with who may read it in the outbox (organisers) and how it
is built from the registration it is about, when queued and again when tried again.
"""

from django.conf import settings
from django.urls import reverse

from common.groups import ORGANISERS
from outbox import kinds
from outbox.mail import (
    PRIVATE_LINK,
    Message,
    OutboxError,
    TextAttachment,
    queue_email,
    queue_emails,
    render_templated_email,
)
from seminars import calendars
from seminars.changes import DATE, VENUE, email_label, parts_words

from .models import RegistrationStatus
from .needs import COUNTED_AS, Need
from .queries import book_ahead_counts
from .rules import organiser_addresses


def _context(registration, **extra):
    return {
        "registration": registration,
        # Online: the seminar's place is "Online", and a confirmed place carries the joining
        # link, which only this person's emails and private page ever show.
        "online": registration.is_online,
        "joining_link": registration.joining_link,
        "seminar": registration.seminar,
        "manage_url": registration.manage_url,
        "seminar_url": settings.SITE_URL + registration.seminar.get_absolute_url(),
        "CONTACT_EMAIL": settings.CONTACT_EMAIL,
        "SITE_URL": settings.SITE_URL,
        **extra,
    }


def calendar_attachments(seminar, *, online=False, changed=None):
    """The seminar's calendar file, for emails that confirm a place; none without a date. For
    someone taking part online its location says so (the link itself stays in the email);
    `changed` (their registration's last change) makes a move update the event they have."""
    if not seminar.starts_at:
        return ()
    location = calendars.ONLINE_LOCATION if online else None
    content = calendars.build(
        [seminar], base_url=settings.SITE_URL, location=location, changed=changed
    ).decode()
    return (TextAttachment(f"seminar-{seminar.number}.ics", content, calendars.CONTENT_TYPE),)


SEMINAR_CHANGED = "registrations/emails/seminar_changed"
NEW_SEMINAR = "registrations/emails/new_seminar"
PLACE_CONFIRMED = "registrations/emails/place_confirmed"
WAITING_LIST_JOINED = "registrations/emails/waiting_list_joined"
PLACE_FROM_WAITING_LIST = "registrations/emails/place_from_waiting_list"
REGISTRATION_CANCELLED = "registrations/emails/registration_cancelled"
MANAGE_LINK = "registrations/emails/manage_link"
HELD_PLACE_LINK = "registrations/emails/held_place_link"
EMAIL_CHANGED = "registrations/emails/email_changed"
EMAIL_CHANGED_OLD = "registrations/emails/email_changed_old"
REMINDER = "registrations/emails/reminder"
MODE_CHANGED = "registrations/emails/mode_changed"
BOOK_AHEAD = "registrations/emails/book_ahead_asked"


def _message(registration, *, attachments=(), **extra):
    return Message(
        to=(registration.email,), context=_context(registration, **extra), attachments=attachments
    )


def _still(status, words):
    """Tried again later, an email whose news is no longer true is not sent."""

    def check(*, registration, **values):
        if registration.status != status:
            raise OutboxError(f"Not sent again: {words}")

    return check


still_confirmed = _still(RegistrationStatus.CONFIRMED, "the place is no longer confirmed.")
still_waiting = _still(RegistrationStatus.WAITING, "they are no longer on the waiting list.")
still_cancelled = _still(RegistrationStatus.CANCELLED, "the registration is no longer cancelled.")


def registration_calendar(registration):
    return calendar_attachments(
        registration.seminar, online=registration.is_online, changed=registration.updated
    )


def build_place_confirmed(*, registration):
    return _message(registration, attachments=registration_calendar(registration))


def build_waiting_list_joined(*, registration):
    return _message(registration, position=registration.waiting_position())


def build_registration_cancelled(*, registration, by_organiser):
    return _message(registration, by_organiser=by_organiser)


def build_manage_link(*, registration):
    return _message(registration, position=registration.waiting_position())


def build_seminar_changed(*, registration, reason, message, changed):
    with_calendar = reason == "moved" or (reason == "postponed" and DATE in changed)
    return _message(
        registration,
        attachments=registration_calendar(registration) if with_calendar else (),
        **_changed_extra(reason=reason, message=message, changed=changed),
    )


def build_new_seminar(*, seminar, subscriber, message):
    return Message(
        to=(subscriber.email,),
        context=new_seminar_context(seminar, subscriber, message=message),
    )


def _in_a_list(names):
    """Names said one after another ("BSL interpreter and live captions"): each after the first
    starts in lower case, unless it starts with an abbreviation ("BSL")."""
    return [
        name if i == 0 or name[1:2].isupper() else name[:1].lower() + name[1:]
        for i, name in enumerate(names)
    ]


def build_book_ahead(*, seminar, needs):
    """To the organisers: someone with a place asked for `needs` (an interpreter, captions),
    which take weeks to book. Counts only, never who: the overview and the staff sheet are
    where organisers read names. Organisers who may see registrations read it in the outbox."""
    counts = book_ahead_counts([seminar])[seminar.pk]
    return Message(
        to=tuple(organiser_addresses()),
        context={
            "seminar": seminar,
            "asked": _in_a_list([COUNTED_AS[need] for need in needs]),
            "counts": [(COUNTED_AS[need], counts[need]) for need in Need.book_ahead],
            "admin_url": settings.SITE_URL
            + reverse("admin:seminars_seminar_change", args=[seminar.pk]),
            "CONTACT_EMAIL": settings.CONTACT_EMAIL,
        },
    )


def queue_book_ahead(seminar, needs):
    queue_email(BOOK_AHEAD, about={"seminar": seminar}, needs=list(needs))


def queue_place_confirmed(registration):
    queue_email(PLACE_CONFIRMED, about={"registration": registration})


def queue_waiting_list_joined(registration):
    queue_email(WAITING_LIST_JOINED, about={"registration": registration})


def queue_place_offered_from_waiting_list(registration):
    queue_email(PLACE_FROM_WAITING_LIST, about={"registration": registration})


def queue_places_offered_from_waiting_list(registrations):
    """The same email to each of `registrations`, in one INSERT."""
    queue_emails(PLACE_FROM_WAITING_LIST, [{"registration": r} for r in registrations])


def queue_registration_cancelled(registration, *, by_organiser):
    queue_email(
        REGISTRATION_CANCELLED, about={"registration": registration}, by_organiser=by_organiser
    )


def queue_manage_link(registration):
    """The link again. For a place held for a bursary offer it is a kind of its own
    (registrations/held_place_link, the same words), which organisers do not read: who holds
    a bursary is not theirs to learn."""
    template = HELD_PLACE_LINK if registration.status == RegistrationStatus.HELD else MANAGE_LINK
    queue_email(template, about={"registration": registration})


def queue_mode_changed(registration):
    """Where they take part now (the room or online, with the joining link), with the calendar
    entry that says so."""
    queue_email(MODE_CHANGED, about={"registration": registration})


def build_email_changed(*, registration):
    seminar = registration.seminar
    attachments = ()
    if registration.is_confirmed and not seminar.is_past():
        attachments = registration_calendar(registration)
    return _message(registration, attachments=attachments, position=registration.waiting_position())


def queue_email_changed(registration):
    """To the new address, after staff changed it: their place (or place in line) and their new
    private link, with the calendar file for a confirmed place at a seminar to come."""
    queue_email(EMAIL_CHANGED, about={"registration": registration})


def build_old_address_told(*, registration, address):
    return Message(to=(address,), context={"CONTACT_EMAIL": settings.CONTACT_EMAIL})


def queue_old_address_told(registration, address):
    """To an address someone no longer uses, after staff changed it: that it changed, and whom
    to ask if they did not expect it. No seminar is named and no link is given: whoever reads
    this address now may not be the person."""
    queue_email(EMAIL_CHANGED_OLD, about={"registration": registration}, address=address)


def queue_reminders(registrations):
    """One reminder each, written together (registrations with their seminar and venue)."""
    queue_emails(REMINDER, [{"registration": r} for r in registrations])


def _changed_extra(*, reason, message, changed):
    return {
        "reason": reason,
        "message": message,
        "parts": parts_words(changed),
        "new_date": DATE in changed,
        "venue_changed": VENUE in changed,
    }


def seminar_changed_context(registration, *, reason, message, changed=()):
    """`changed` (seminars.changes), when known, names what changed, for wording that fits:
    "The date of Seminar 3 has changed", or a postponement with its new date."""
    return _context(registration, **_changed_extra(reason=reason, message=message, changed=changed))


def preview_seminar_changed(registration, *, reason, message, changed=()):
    context = seminar_changed_context(registration, reason=reason, message=message, changed=changed)
    return render_templated_email(SEMINAR_CHANGED, {**context, "manage_url": PRIVATE_LINK})


def queue_seminar_changed(registrations, *, reason, message, changed=()):
    """One email each about a change to their seminar, written together; with the calendar
    file when the seminar moved or was postponed to a new date."""
    queue_emails(
        SEMINAR_CHANGED,
        [{"registration": r} for r in registrations],
        reason=reason,
        message=message,
        changed=list(changed),
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
    queue_email(NEW_SEMINAR, about={"seminar": seminar, "subscriber": subscriber}, message=message)


def _declare(template, build, still_true=None):
    kinds.declare(kinds.kind_of(template), readers={ORGANISERS}, build=build, still_true=still_true)


_declare(PLACE_CONFIRMED, build_place_confirmed, still_confirmed)
_declare(WAITING_LIST_JOINED, build_waiting_list_joined, still_waiting)
_declare(PLACE_FROM_WAITING_LIST, build_place_confirmed, still_confirmed)
_declare(REGISTRATION_CANCELLED, build_registration_cancelled, still_cancelled)
_declare(MANAGE_LINK, build_manage_link)
_declare(EMAIL_CHANGED, build_email_changed)
_declare(EMAIL_CHANGED_OLD, build_old_address_told)
# Who holds a bursary is not for organisers to learn: superusers only (the panel writes to
# bursary holders through the bursary emails).
kinds.declare(kinds.kind_of(HELD_PLACE_LINK), readers=set(), build=build_manage_link)
_declare(REMINDER, build_place_confirmed, still_confirmed)
_declare(MODE_CHANGED, build_place_confirmed, still_confirmed)
_declare(SEMINAR_CHANGED, build_seminar_changed)
_declare(NEW_SEMINAR, build_new_seminar)
_declare(BOOK_AHEAD, build_book_ahead)

kinds.name_kinds(
    {
        "registrations/place_confirmed": "Place confirmed",
        "registrations/waiting_list_joined": "On the waiting list",
        "registrations/place_from_waiting_list": "Place from the waiting list",
        "registrations/registration_cancelled": "Registration cancelled",
        "registrations/manage_link": "Private link sent again",
        "registrations/held_place_link": "Private link sent again (a place held for a bursary)",
        "registrations/email_changed": "Email address changed: the new link",
        "registrations/email_changed_old": "Email address changed: the old address told",
        "registrations/reminder": "Reminder before the seminar",
        "registrations/mode_changed": "Moved between the room and online",
        "registrations/seminar_changed": email_label,
        "registrations/new_seminar": "New seminar announced",
        "registrations/book_ahead_asked": "Interpreter or captions asked for (to organisers)",
    }
)
