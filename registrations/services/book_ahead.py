"""Telling organisers at once when someone asks for what is booked weeks ahead.

A BSL interpreter or live captions (Need.book_ahead) take weeks to book, so a request for one
cannot wait for someone to read the overview: the organisers get an email (counts, no name)
when the first person at a seminar asks for one the seminar has not booked yet (registrations/
venue_check.py says which field records the booking). One interpreter serves everyone, so a
second request tells them nothing new: the overview counts it, and nobody's inbox fills up.
"""

from .. import emails
from ..models import Registration
from ..needs import Need
from ..venue_check import BOOKED


def tell_organisers(registration, *, before=()):
    """Queue the organisers' email if `registration` now asks for a need to book ahead that it
    did not ask for `before`, that the seminar has not booked, and that no other active
    registration at the seminar asks for already. Call inside the caller's transaction, after
    the registration is saved (the seminar's row lock, where the caller holds it, orders two
    first requests at once)."""
    seminar = registration.seminar
    wanted = [
        need
        for need in Need.book_ahead
        if need in registration.needs
        and need not in before
        and not getattr(seminar, BOOKED[need][0])
    ]
    if not wanted or not registration.is_active:
        return
    others = (
        Registration.objects.active()
        .filter(seminar=seminar)
        .exclude(pk=registration.pk)
        .exclude(needs=[])
        .values_list("needs", flat=True)
    )
    asked_before = {need for needs in others for need in needs}
    if first := [need for need in wanted if need not in asked_before]:
        emails.queue_book_ahead(seminar, first)
