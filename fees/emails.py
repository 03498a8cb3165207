"""One function per message to a contributor; each queues a templated email. Every kind is
declared at the end, for organisers to read in the outbox (the panel never sees fees)."""

from django.conf import settings

from common.groups import ORGANISERS
from outbox import kinds
from outbox.mail import Message, OutboxError, queue_email

from .models import FeeSettings


def _context(fee):
    return {
        "fee": fee,
        "seminar": fee.seminar,
        "link_url": fee.link_url,
        "policy": FeeSettings.current(),
        "CONTACT_EMAIL": settings.CONTACT_EMAIL,
    }


def build_offered(*, fee):
    return Message(to=(fee.email,), context=_context(fee))


def still_offered(*, fee):
    if fee.anonymised_at:
        raise OutboxError("The fee's details have been removed.")


def queue_offered(fee):
    """The offer and the private link: sent when the fee is offered, and again to a corrected
    address."""
    queue_email("fees/emails/offered", about={"fee": fee})


kinds.declare("fees/offered", readers={ORGANISERS}, build=build_offered, still_true=still_offered)
kinds.name_kinds({"fees/offered": "Involvement fee offered"})
