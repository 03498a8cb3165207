"""Emails about money left over from an advance: asked back (with the series' instructions for
paying it back: never bank details), waived, and returned. For the panel alone to read in the
outbox, as every bursary email is (bursaries.emails)."""

from decimal import Decimal

from common.groups import BURSARY_PANEL
from ledger.models import MoneySettings
from outbox import kinds
from outbox.mail import queue_email

from .emails import _message, readable_outbox


def _queue(name, application, amount):
    queue_email(f"bursaries/emails/{name}", about={"application": application}, amount=str(amount))


def queue_asked_back(application, *, amount):
    _queue("asked_back", application, amount)


def queue_waived(application, *, amount):
    _queue("waived", application, amount)


def queue_returned(application, *, amount):
    _queue("returned", application, amount)


def build(*, application, amount):
    return _message(
        application,
        amount=Decimal(amount),
        how_to_return=MoneySettings.current().how_to_return,
    )


for _name in ("asked_back", "waived", "returned"):
    kinds.declare(f"bursaries/{_name}", readers={BURSARY_PANEL}, build=build, only=readable_outbox)
