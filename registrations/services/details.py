"""What a person told us: their requirements, corrections by organisers, details filled in from
elsewhere, and whether they came."""

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone

from common.audit import record
from common.validators import NAME_CHARACTERS_MESSAGE, refused_name_characters
from outbox import services as outbox

from .. import emails
from ..models import (
    EmailChangeReason,
    ParticipantGroup,
    Registration,
    RegistrationStatus,
    default_sort_name,
    needs_health_consent,
    new_token,
)
from ..needs import in_order
from .book_ahead import tell_organisers
from .places import RegistrationError, check_rules


def update_requirements(
    registration,
    *,
    access_requirements,
    dietary_requirements,
    health_consent,
    needs=None,
    now=None,
):
    """Change the access and dietary requirements (and, unless `needs` is None, the needs
    ticked on the checklist) of an active registration.

    Needs are kept only with consent: without it none is saved. Unticking consent with no
    access requirements withdraws it: the needs go, and the stated group, if it is health
    information, becomes "prefer not to say". Side effects: one row updated. Raises
    RegistrationError for a cancelled registration.
    """
    now = now or timezone.now()
    with transaction.atomic():
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if not registration.is_active:
            raise RegistrationError("This registration has been cancelled, so it cannot change.")
        before = registration.needs
        registration.access_requirements = access_requirements.strip()
        registration.dietary_requirements = dietary_requirements.strip()
        if needs is not None:
            registration.needs = in_order(needs)
        if not health_consent:
            registration.needs = []
        withdrawn = not health_consent and not registration.access_requirements
        if withdrawn and registration.group in ParticipantGroup.health_related:
            # Consent withdrawn: keep nothing that needed it.
            registration.group = ParticipantGroup.PREFER_NOT_TO_SAY
        needs_consent = needs_health_consent(
            registration.group, registration.access_requirements, registration.needs
        )
        if health_consent and needs_consent:
            registration.health_consent_at = registration.health_consent_at or now
        elif not needs_consent:
            registration.health_consent_at = None
        check_rules(registration)
        registration.save(
            update_fields=[
                "group",
                "access_requirements",
                "dietary_requirements",
                "needs",
                "health_consent_at",
                "updated",
            ]
        )
        tell_organisers(registration, before=before)
    return registration


# What an organiser may correct on someone's registration (from a phone call, say). The email
# address is not among them: it changes only through change_email, which gives a new link.
ORGANISER_FIELDS = [
    "name",
    "sort_name",
    "organisation",
    "access_requirements",
    "dietary_requirements",
    "future_seminars",
]
NO_CONSENT_FOR_ACCESS = (
    "This person has not consented to us holding health information, so access requirements "
    "cannot be recorded. Ask them to add them on their own page, where they can give consent."
)


def correct_details(registration, *, by, **fields):
    """An organiser corrects `fields` (ORGANISER_FIELDS) of a registration.

    Access requirements are health information: they can be recorded only under the person's
    own consent, which an organiser cannot give for them. A sort name nobody chose (empty, or
    the last word of the name) follows the name. Side effects: the changed fields and an audit
    entry naming them, in one transaction. Returns the changed field names.
    """
    if "email" in fields:
        raise TypeError("An email address changes only through change_email().")
    with transaction.atomic():
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        old_sort_name = registration.sort_name
        follows_name = old_sort_name == default_sort_name(registration.name)
        changed = []
        for field in ORGANISER_FIELDS:
            if field not in fields or field == "sort_name":
                continue
            value = fields[field].strip() if isinstance(fields[field], str) else fields[field]
            if getattr(registration, field) != value:
                setattr(registration, field, value)
                changed.append(field)
        wanted = fields.get("sort_name", old_sort_name).strip()
        follows_name = follows_name and wanted in ("", old_sort_name)
        sort_name = wanted if wanted and not follows_name else default_sort_name(registration.name)
        followed = []  # saved, but part of the name's change rather than one of its own
        if sort_name != old_sort_name:
            registration.sort_name = sort_name
            (followed if follows_name else changed).append("sort_name")
        if registration.access_requirements and not registration.health_consent_at:
            raise RegistrationError(NO_CONSENT_FOR_ACCESS)
        if changed:
            check_rules(registration)
            registration.save(update_fields=[*changed, *followed, "updated"])
            record(registration, "corrected by an organiser", by=by, fields=changed)
    return changed


EMAIL_CHANGE_ACTIONS = {
    EmailChangeReason.TYPO: "email address corrected (a typing mistake); new private link",
    EmailChangeReason.NEW_ADDRESS: "email address changed (a new address); new private link",
}


def change_email(registration, *, email, reason, by, tell_old_address=True):
    """Staff change someone's email address: the private link follows the person.

    `reason` (EmailChangeReason) says whether the old address was a typing mistake (it is told
    nothing) or an address the person used to have (it is told that the address for their
    place changed, naming no seminar and carrying no link). Either way the registration gets
    a new private link, and the old one stops working (a 404, like any unknown link). A caller
    that tells the old address itself (a bursary application's change) passes
    tell_old_address=False.

    Side effects, in one transaction that locks the registration: the address and the link
    changed, an audit entry (the field names, never the values), and, with an address to write
    to, one email to the new address with the new link (for a place or a waiting-list entry; a
    place held for a bursary offer is the panel's to write about, and a cancelled one has
    nothing to say), plus the notice to the old address for a new address. Raises
    RegistrationError for an address that is not valid or already registered for the seminar.
    Returns the registration.
    """
    email = email.strip()
    if reason not in EmailChangeReason.values:
        raise RegistrationError(
            "Say whether the old address was a typing mistake or the person has a new one."
        )
    if email:
        try:
            validate_email(email)
        except ValidationError:
            raise RegistrationError(
                "Enter an email address in the correct format, like name@example.com."
            ) from None
    with transaction.atomic():
        registration = (
            Registration.objects.select_for_update(of=("self",))
            .select_related("seminar")
            .get(pk=registration.pk)
        )
        old = registration.email
        if email == old:
            return registration
        registration.email = email
        registration.manage_token = new_token()
        check_rules(registration)
        registration.save(update_fields=["email", "manage_token", "updated"])
        record(registration, EMAIL_CHANGE_ACTIONS[reason], by=by, fields=["email"])
        if old:
            outbox.withdraw_queued(registration, to=old, reason=outbox.ADDRESS_LEFT)
        if email:
            _send_new_link(registration, first_address=not old)
        told = registration.status != RegistrationStatus.HELD and tell_old_address
        if old and told and reason == EmailChangeReason.NEW_ADDRESS:
            emails.queue_old_address_told(registration, old)
    return registration


def _send_new_link(registration, *, first_address):
    """The new link to the new address: for a place or a waiting-list entry (a place held for a
    bursary offer is the panel's to write about; a cancelled one has nothing to say). Someone
    given their first address gets the ordinary confirmation: there is no change to tell."""
    if registration.status not in (RegistrationStatus.CONFIRMED, RegistrationStatus.WAITING):
        return
    if not first_address:
        emails.queue_email_changed(registration)
    elif registration.is_confirmed:
        emails.queue_place_confirmed(registration)
    else:
        emails.queue_waiting_list_joined(registration)


def resend_confirmation(registration, *, by):
    """Email the person their confirmation again, with their private link, to the address we
    have now: after an organiser corrected a wrong one, say. Emails already sent or failed stay
    as they were, so nothing goes to the old address again.

    Side effects, in one transaction: one queued email (their place, or their place on the
    waiting list) and an audit entry. Raises RegistrationError when there is nothing to send.
    """
    with transaction.atomic():
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        seminar = registration.seminar
        if not registration.email:
            raise RegistrationError(
                "This person has no email address. Add it first, or tell them yourself."
            )
        if seminar.is_cancelled or seminar.is_past():
            raise RegistrationError(
                "This seminar has been cancelled or has taken place, so there is no "
                "confirmation to send."
            )
        if registration.status == RegistrationStatus.CONFIRMED:
            emails.queue_place_confirmed(registration)
        elif registration.status == RegistrationStatus.WAITING:
            emails.queue_waiting_list_joined(registration)
        elif registration.status == RegistrationStatus.HELD:
            raise RegistrationError(
                "This place is held while the person decides on a travel bursary: the bursary "
                "emails tell them about it, so there is no confirmation to send yet."
            )
        else:
            raise RegistrationError("This registration is cancelled: there is nothing to send.")
        record(registration, "confirmation sent again", by=by)
    return registration


def complete_details(
    registration,
    *,
    group="",
    organisation="",
    access_requirements="",
    needs=(),
    health_consent_at=None,
):
    """Fill in what the person has not told us on their registration, from what they told us
    elsewhere (a bursary application), never overwriting anything they wrote here.

    Health information (a service-user or carer group, access requirements) is copied only
    with the consent given where it was written (`health_consent_at`), which then covers it
    here too. Side effects: one row updated. Returns the names of the fields filled in.
    """
    with transaction.atomic():
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        filled = {}
        if not registration.group and group:
            filled["group"] = group
        if not registration.organisation and organisation.strip():
            filled["organisation"] = organisation.strip()
        if not registration.access_requirements and access_requirements.strip():
            filled["access_requirements"] = access_requirements.strip()
        if not registration.needs and needs:
            filled["needs"] = in_order(needs)
        health = needs_health_consent(
            filled.get("group"), filled.get("access_requirements"), filled.get("needs")
        )
        if health and not health_consent_at:
            filled.pop("access_requirements", None)
            filled.pop("needs", None)
            if filled.get("group") in ParticipantGroup.health_related:
                del filled["group"]
        elif health and not registration.health_consent_at:
            filled["health_consent_at"] = health_consent_at
        for field, value in filled.items():
            setattr(registration, field, value)
        if filled:
            check_rules(registration)
            registration.save(update_fields=[*filled, "updated"])
            tell_organisers(registration)  # needs are filled only where there were none
    return sorted(filled)


NAME_FROZEN = (
    "The seminar's attendance is now recorded, so your name here can no longer be changed. "
    "If the name on your certificate is wrong, ask for a change from your registration page."
)


def may_correct_own_name(registration):
    """A person corrects their own name until the seminar's attendance is complete: from then
    on it is the name on certificates, which changes only with an organiser's approval (the
    certificates app keeps those requests)."""
    cancelled = registration.status == RegistrationStatus.CANCELLED
    return not cancelled and not registration.seminar.attendance_completed_at


def correct_own_name(registration, name):
    """The person corrects their own name (badges and sheets follow it), until the seminar's
    attendance is complete (may_correct_own_name).

    A sort name nobody chose follows the name. Side effects: one row updated, and an audit entry
    (by nobody: the person acted; the field's name, never its values). Raises RegistrationError
    for a cancelled registration, once attendance is complete, or for an empty name or one
    with control or text-direction characters.
    """
    name = " ".join(name.split())
    if not name:
        raise RegistrationError("Enter your full name.")
    if refused_name_characters(name):
        raise RegistrationError(NAME_CHARACTERS_MESSAGE)
    with transaction.atomic():
        registration = (
            Registration.objects.select_for_update()
            .select_related("seminar")
            .get(pk=registration.pk)
        )
        if registration.status == RegistrationStatus.CANCELLED:
            raise RegistrationError("This registration has been cancelled, so it cannot change.")
        if registration.seminar.attendance_completed_at:
            raise RegistrationError(NAME_FROZEN)
        if registration.sort_name == default_sort_name(registration.name):
            registration.sort_name = default_sort_name(name)
        registration.name = name
        registration.save(update_fields=["name", "sort_name", "updated"])
        record(registration, "corrected their own name", by=None, fields=["name"])
    return registration
