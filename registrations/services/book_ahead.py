"""Telling organisers at once when someone asks for what is booked weeks ahead.

A BSL interpreter or live captions (Need.book_ahead) take weeks to book, so a request for one
cannot wait for someone to read the overview: the organisers get an email (counts, no name)
when a registration first asks for one the seminar has not booked yet (registrations/
venue_check.py says which field records the booking).
"""

from .. import emails
from ..needs import Need
from ..venue_check import BOOKED


def tell_organisers(registration, *, before=()):
    """Queue the organisers' email if `registration` now asks for a need to book ahead that it
    did not ask for `before` and the seminar has not booked. Call inside the caller's
    transaction, after the registration is saved."""
    seminar = registration.seminar
    asked = [
        need
        for need in Need.book_ahead
        if need in registration.needs
        and need not in before
        and not getattr(seminar, BOOKED[need][0])
    ]
    if asked and registration.is_active:
        emails.queue_book_ahead(seminar, asked)
