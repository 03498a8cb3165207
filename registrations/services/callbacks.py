"""The call-back list: people who asked us to phone them to talk about what would help.

The number is theirs to give and goes with the registration's other details (apply_retention).
Organisers mark each call done ("Called"), which records who called and when.
"""

import re

from django.db import transaction
from django.utils import timezone

from common.audit import record

from ..models import CallBack, Registration
from .errors import RegistrationError

PHONE_MISSING = (
    "Enter a phone number we can call you on, like 07700 900123, or untick 'Please phone me'."
)
PHONE_CHARACTERS = re.compile(r"^\+?[\d\s().-]+$")


def clean_phone(phone):
    """The number as written, its spaces tidied; RegistrationError (PHONE_MISSING) when it
    could not be a phone number (empty, letters, fewer than 6 or more than 15 digits)."""
    phone = " ".join((phone or "").split())
    digits = sum(c.isdigit() for c in phone)
    if not PHONE_CHARACTERS.match(phone) or not 6 <= digits <= 15:
        raise RegistrationError(PHONE_MISSING)
    return phone


def ask_for_call(registration, *, phone):
    """Put `registration` on the call-back list with `phone` (already cleaned), or change the
    number of a call not made yet. A call already made is asked for again with the new number.
    Side effects: one CallBack row written. Call inside the caller's transaction."""
    call, created = CallBack.objects.get_or_create(
        registration=registration, defaults={"phone": phone}
    )
    if not created and (call.phone != phone or call.called_at):
        call.phone = phone
        call.called_at = None
        call.called_by = None
        call.save(update_fields=["phone", "called_at", "called_by", "updated"])
    return call


def change_call_request(registration, *, phone):
    """The person asks for a call, changes the number, or (`phone` None) no longer wants one.

    Side effects, in one transaction: the CallBack row written or deleted. Raises
    RegistrationError for a cancelled registration or a number that cannot be one."""
    if phone is not None:
        phone = clean_phone(phone)
    with transaction.atomic():
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if not registration.is_active:
            raise RegistrationError("This registration has been cancelled, so it cannot change.")
        if phone is None:
            CallBack.objects.filter(registration=registration).delete()
            return None
        return ask_for_call(registration, phone=phone)


def mark_called(call, *, by, now=None):
    """An organiser phoned: record who and when ("Called"). Marking it twice changes nothing.

    Side effects, in one transaction: the row updated and an audit entry on the registration.
    Returns the call back."""
    now = now or timezone.now()
    with transaction.atomic():
        call = CallBack.objects.select_for_update().get(pk=call.pk)
        if call.called_at:
            return call
        call.called_at = now
        call.called_by = by
        call.save(update_fields=["called_at", "called_by", "updated"])
        record(call.registration, "phoned about what would help", by=by, now=now)
    return call
