"""The follow-up emails: one function per message, each queued in the caller's transaction.

Both are declared at the end for organisers to read in the outbox, and built from the
registration they are about (again, when tried again).
"""

from django.conf import settings
from django.urls import reverse

from common.groups import ORGANISERS
from outbox import kinds
from outbox.attachments import DrawnAtSending
from outbox.mail import BinaryAttachment, Message, OutboxError, queue_email, queue_emails
from registrations.models import Registration

from . import pdf
from .rules import may_have_certificate

THANKS = "certificates/emails/thanks"
SORRY = "certificates/emails/sorry_we_missed_you"
NAME_CHANGE_DECIDED = "certificates/emails/name_change_decided"
CERTIFICATE = "certificates/certificate"  # the outbox's name for draw_certificate


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


def certificate_attachment(registration):
    """The certificate, drawn by the email worker just before it sends the email (outbox/
    attachments.py), from the register as the download is: the email keeps only the id."""
    return DrawnAtSending(CERTIFICATE, {"registration": registration.pk})


def draw_certificate(*, registration):
    """The renderer the outbox calls (declared in CertificatesConfig.ready): the certificate
    of the registration with the id `registration`, as PDF bytes, exactly as its download
    (services.certificate_for). Refused (OutboxError, for staff, naming nobody) when the
    registration is gone or may no longer have a certificate."""
    from .services import CertificateError, certificate_for  # services queue these emails

    found = Registration.objects.select_related("seminar__venue").filter(pk=registration).first()
    if found is None:
        raise OutboxError("Not sent: the registration has been deleted since.")
    try:
        content = certificate_for(found)
    except CertificateError as error:
        raise OutboxError(f"Not sent: their certificate cannot be drawn now. {error}") from None
    return BinaryAttachment(pdf.filename(found), content, pdf.CONTENT_TYPE)


def build_thanks(*, registration, signatory=None, issued=None):
    # `signatory` and `issued` are in the rows of emails queued when the PDF was drawn at once.
    attachments = ()
    if may_have_certificate(registration):
        attachments = (certificate_attachment(registration),)
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


def queue_thanks(registrations):
    """Thanks, the materials and their private link, with their certificate attached (for
    those who may have one: rules.may_have_certificate), drawn when the email is sent. The
    caller records the certificates in the register first (services.issue_certificates).
    People without an address (an organiser gives them theirs) get no email."""
    queue_emails(THANKS, [{"registration": r} for r in registrations if r.email])


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
kinds.name_kinds(
    {
        "certificates/thanks": "Thank you, with the certificate",
        "certificates/sorry_we_missed_you": "Sorry we missed you",
        "certificates/name_change_decided": "Name on a certificate: the change decided",
    }
)
