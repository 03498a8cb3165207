"""The follow-up emails: one function per message, each queued in the caller's transaction.

Both are declared at the end for organisers to read in the outbox, and built from the
registration they are about (again, when tried again).
"""

import datetime

from django.conf import settings
from django.urls import reverse

from common.groups import ORGANISERS
from outbox import kinds
from outbox.mail import BinaryAttachment, Message, OutboxError, queue_email, queue_emails

from . import pdf
from .rules import may_have_certificate

THANKS = "certificates/emails/thanks"
SORRY = "certificates/emails/sorry_we_missed_you"
NAME_CHANGE_DECIDED = "certificates/emails/name_change_decided"


def _context(registration):
    seminar = registration.seminar
    return {
        "registration": registration,
        "seminar": seminar,
        "online": registration.is_online,  # the seminar's place reads "Online"
        "seminar_url": settings.SITE_URL + seminar.get_absolute_url(),
        "materials_url": settings.SITE_URL
        + reverse("outputs:registered-materials", kwargs={"token": registration.manage_token}),
        "manage_url": registration.manage_url,
        "CONTACT_EMAIL": settings.CONTACT_EMAIL,
        "SITE_URL": settings.SITE_URL,
    }


def certificate_attachment(registration, *, signatory=None, now=None):
    """The certificate, issued into the register now (the caller's transaction) if it was not."""
    from .services import issue_certificate  # services queue these emails

    issued = issue_certificate(registration, now=now)
    return BinaryAttachment(
        pdf.filename(registration),
        pdf.render(registration, issued=issued, signatory=signatory, now=now),
        pdf.CONTENT_TYPE,
    )


def build_thanks(*, registration, signatory, issued):
    issued = datetime.datetime.fromisoformat(issued) if issued else None
    attachments = ()
    if may_have_certificate(registration):
        attachments = (certificate_attachment(registration, signatory=signatory, now=issued),)
    return Message(
        to=(registration.email,), context=_context(registration), attachments=attachments
    )


def still_attended(*, registration, **values):
    if registration.attended is not True:
        raise OutboxError("Not sent again: they are no longer recorded as attending.")


def build_sorry(*, registration):
    return Message(to=(registration.email,), context=_context(registration))


def still_missed(*, registration):
    if registration.attended is True:
        raise OutboxError("Not sent again: they are recorded as attending since.")


def queue_thanks(registrations, *, signatory=None, now=None):
    """Thanks, the materials and their private link, with their certificate attached (for
    those who may have one: rules.may_have_certificate). People without an address (an
    organiser gives them theirs) get no email and no certificate made."""
    queue_emails(
        THANKS,
        [{"registration": r, "signatory": signatory} for r in registrations if r.email],
        issued=now.isoformat() if now else None,
    )


def queue_sorry_we_missed_you(registrations):
    queue_emails(SORRY, [{"registration": r} for r in registrations])


def build_name_change_decided(*, registration, approved):
    return Message(
        to=(registration.email,), context={**_context(registration), "approved": approved}
    )


def queue_name_change_decided(registration, *, approved):
    """The organisers' answer to a request to change the name on a certificate (nothing for
    someone without an email address)."""
    if registration.email:
        queue_email(NAME_CHANGE_DECIDED, about={"registration": registration}, approved=approved)


kinds.declare(
    kinds.kind_of(THANKS), readers={ORGANISERS}, build=build_thanks, still_true=still_attended
)
kinds.declare(
    kinds.kind_of(SORRY), readers={ORGANISERS}, build=build_sorry, still_true=still_missed
)
kinds.declare(
    kinds.kind_of(NAME_CHANGE_DECIDED), readers={ORGANISERS}, build=build_name_change_decided
)
