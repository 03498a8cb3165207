"""Who joined online: organisers tick them, or paste the list of addresses the meeting
platform exports, from the seminar's day until attendance is complete."""

import re

from django.db import transaction

from common.audit import record

from .. import rules
from ..models import Registration
from .places import RegistrationError, locked_seminar

# Anything that looks like an address, wherever it is in the pasted text (the platforms'
# exports put names, times and addresses in columns).
ADDRESS = re.compile(r"[^\s,;<>\"'()\[\]]+@[^\s,;<>\"'()\[\]]+\.[^\s,;<>\"'()\[\]]+")
WORDS = {True: "marked as joined online", None: "online attendance cleared"}


def online_places(seminar):
    """Confirmed online places at `seminar`, for the page that records who joined."""
    return Registration.objects.confirmed().online().filter(seminar=seminar)


def addresses_in(text):
    """The addresses in pasted text, lower-cased, in the order they first appear."""
    return list(dict.fromkeys(match.casefold() for match in ADDRESS.findall(text or "")))


def record_online_attendance(seminar, *, joined, by, now=None):
    """Set who joined online: the registrations in `joined` (ids) are marked as attended, and
    any other confirmed online place marked as attended before is cleared (an organiser
    unticked them). Only online places; never someone in the room.

    Only while rules.may_record_online_attendance. Side effects, in one transaction that
    locks the seminar: rows updated, one audit entry for each change. Returns how many
    changed."""
    joined = {int(pk) for pk in joined}
    with transaction.atomic():
        seminar = locked_seminar(seminar.pk)
        if message := rules.why_not_record_online_attendance(by, seminar, now=now):
            raise RegistrationError(message)
        changed = 0
        for registration in online_places(seminar).select_for_update():
            attended = True if registration.pk in joined else None
            if registration.attended == attended or (
                attended is None and not registration.attended
            ):
                continue
            registration.attended = attended
            registration.save(update_fields=["attended", "updated"])
            record(registration, WORDS[attended], by=by, fields=["attended"], now=now)
            changed += 1
    return changed


def match_addresses(seminar, text):
    """(ids of online places whose address is in `text`, addresses that match no online
    place): the pasted list, read but not yet saved, for the organiser to check."""
    addresses = addresses_in(text)
    places = {
        email.casefold(): pk
        for pk, email in online_places(seminar).exclude(email="").values_list("pk", "email")
    }
    matched = {places[address] for address in addresses if address in places}
    unmatched = [address for address in addresses if address not in places]
    return matched, unmatched
