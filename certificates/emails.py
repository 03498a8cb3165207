"""The follow-up emails: one function per message, each queued in the caller's transaction."""

from django.conf import settings
from django.urls import reverse

from outbox.mail import BinaryAttachment, queue_many, queue_templated_email

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


def queue_thanks(registrations, *, signatory=None, now=None):
    """Thanks, the materials and their private link, with their certificate attached (for
    those who may have one: rules.may_have_certificate). People without an address (an
    organiser gives them theirs) get no email and no certificate made."""
    queue_many(
        THANKS,
        [
            (
                r.email,
                _context(r),
                [certificate_attachment(r, signatory=signatory, now=now)]
                if may_have_certificate(r)
                else [],
            )
            for r in registrations
            if r.email
        ],
    )


def queue_sorry_we_missed_you(registrations):
    queue_many(SORRY, [(r.email, _context(r), ()) for r in registrations])


def queue_name_change_decided(registration, *, approved):
    """The organisers' answer to a request to change the name on a certificate (nothing for
    someone without an email address)."""
    if registration.email:
        queue_templated_email(
            NAME_CHANGE_DECIDED,
            to=[registration.email],
            context={**_context(registration), "approved": approved},
        )
