"""Applications: applying (or a supporter or the panel applying for someone), correcting,
changing the address, and the panel's scores and conflicts of interest. Status moves are in
states.py.
"""

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.views.decorators.debug import sensitive_variables

from common import race
from common.audit import record
from common.limits import allow_daily
from outbox import services as outbox
from registrations import services as registration_services
from registrations.models import EmailChangeReason, RegistrationStatus, needs_health_consent
from registrations.services import LINK_EMAILS_PER_DAY
from seminars.dates import deadline
from seminars.models import Seminar, WindowState

from .. import emails
from ..models import (
    COST_FIELDS,
    BursaryApplication,
    BursaryStatus,
    Review,
    SeminarBursaries,
    new_token,
)
from ..rules import panel_members


class BursaryError(Exception):
    """A bursary rule refused the request; str(exc) is safe to show to the person."""


# What an applicant may write on the form, and later correct.
APPLICANT_FIELDS = [
    "name",
    "email",
    "group",
    "organisation",
    "supporter_name",
    "travelling_from",
    "travel_cost",
    "accommodation_cost",
    "companion_needed",
    "companion_cost",
    "care_cost",
    "payment_method",
    "access_needs",
    "statement",
]
TEXT_FIELDS = {
    "name",
    "email",
    "organisation",
    "supporter_name",
    "travelling_from",
    "access_needs",
    "statement",
}


def closed_message(seminar, *, now=None):
    """Why bursary applications are not open now, in plain words; None while they are."""
    now = now or timezone.now()
    if seminar.is_cancelled:
        return "This seminar has been cancelled, so we are not taking bursary applications."
    if seminar.is_postponed:
        return (
            "This seminar has been postponed. We will open bursary applications again when it "
            "has a new date."
        )
    bursaries = SeminarBursaries.of(seminar)
    state = bursaries.state(now)
    if state == WindowState.OPEN and bursaries.offered:
        return None
    if state == WindowState.CLOSED or seminar.is_past(now):
        closed_at = bursaries.deadline
        return (
            f"Applications for travel bursaries closed at {deadline(closed_at)} (UK time)."
            if closed_at
            else "Applications for travel bursaries have closed."
        )
    return "We are not taking travel bursary applications for this seminar."


def _cleaned(fields, consent=False):
    fields = {key: value.strip() if key in TEXT_FIELDS else value for key, value in fields.items()}
    fields["needs"] = registration_services.kept_needs(fields.get("needs"), consent=consent)
    if "companion_needed" in fields and not fields["companion_needed"]:
        fields["companion_cost"] = None
    return fields


def locked_application(application):
    """The application, re-read holding its row lock (only its own row: the seminar is locked
    on its own where a rule counts across it), with its seminar."""
    return (
        BursaryApplication.objects.select_for_update(of=("self",))
        .select_related("seminar")
        .get(pk=application.pk)
    )


# The offer's fields: filled in when an offer is staged, and cleared when it is not sent.
OFFER_STATE = [*(offered for _, offered in COST_FIELDS.values()), "offer_amount", "reply_by"]
DECISION_FIELDS = ["staged_decision", "decision_note", *OFFER_STATE, "updated"]


def clear_offer(application):
    for _, offered in COST_FIELDS.values():
        setattr(application, offered, None)
    application.offer_amount = None
    application.reply_by = None


def _validate(application):
    try:
        application.full_clean()
    except ValidationError as error:
        raise BursaryError(" ".join(error.messages)) from None


def _save(application, **kwargs):
    """Save, turning a clash with another application (the one-per-address rule, reachable when
    two requests race) into a message."""
    try:
        with transaction.atomic():
            application.save(**kwargs)
    except IntegrityError:
        raise BursaryError(
            "We could not save your application just now. Please try again."
        ) from None


@sensitive_variables()
def apply(seminar, *, health_consent=False, by=None, now=None, **fields):
    """Record a bursary application, or email the existing link if the address already applied.

    `fields` are APPLICANT_FIELDS. A panel member (`by`) may enter an application taken by
    phone, also after applications close (but not for a seminar that is over or not going
    ahead). Side effects, in one transaction: the application row, an audit entry when the
    panel entered it, and one queued email. Returns (application, outcome) with outcome
    "submitted" or "existing"; the public page is the same for both.
    """
    fields = _cleaned(fields, consent=health_consent)
    with transaction.atomic():
        seminar = Seminar.objects.select_for_update().get(pk=seminar.pk)
        now = now or timezone.now()  # after the lock, as registering does
        message = closed_message(seminar, now=now)
        if message and not (by and _going_ahead(seminar, now)):
            raise BursaryError(message)
        existing = (
            BursaryApplication.objects.filter(
                seminar=seminar,
                email__iexact=fields["email"],
                status__in=BursaryStatus.not_withdrawn,
            )
            .order_by("created")
            .first()
        )
        if existing:
            # The panel entering an application by phone is told only that one exists (no
            # reference: blind review), and the person is not emailed out of the blue.
            if not by and allow_daily(
                "bursary-link-emails", existing.email, limit=LINK_EMAILS_PER_DAY
            ):
                emails.queue_existing_application(existing)
            return existing, "existing"
        health = needs_health_consent(fields["group"], fields.get("access_needs"), fields["needs"])
        application = BursaryApplication(
            seminar=seminar,
            health_consent_at=now if (health and health_consent) else None,
            privacy_agreed_at=now,
            status_changed_at=now,
            **fields,
        )
        _validate(application)
        _save(application)
        if by:
            record(application, "entered by the panel (taken by phone)", by=by, now=now)
        emails.queue_application_received(application)
    return application, "submitted"


def _going_ahead(seminar, now):
    """Whether the panel may still enter an application: the seminar offers bursaries and is
    published and not over."""
    return SeminarBursaries.of(seminar).offered and seminar.phase(now).is_live


@sensitive_variables()
def correct(application, *, health_consent=False, now=None, **fields):
    """The applicant changes their application, until applications close and while it is
    submitted or on the reserve list. Email and group stay fixed once a decision is made.

    Scores given before the change stay, marked as given to the earlier version (changed_at).
    Side effects, in one transaction that locks the application: the changed fields, an audit
    entry naming them, and an email confirming the change. Returns the changed field names.
    """
    now = now or timezone.now()
    fields = _cleaned(fields, consent=health_consent)
    with transaction.atomic():
        application = locked_application(application)
        if not application.can_correct(now):
            raise BursaryError(
                "You can no longer change this application: applications have closed, or the "
                "panel has decided. If something is wrong, email us."
            )
        if fields["email"].lower() != application.email.lower():
            # Not here: the answer would tell whoever has the link whether an address applied.
            raise BursaryError("To change your email address, email us: we check it is you first.")
        if application.identity_fixed and fields["group"] != application.group:
            raise BursaryError(
                "Your group cannot change now that the panel has decided. If it is wrong, email us."
            )
        changed = [key for key, value in fields.items() if getattr(application, key) != value]
        for key in changed:
            setattr(application, key, fields[key])
        health = needs_health_consent(application.group, application.access_needs, fields["needs"])
        consent = (application.health_consent_at or now) if (health and health_consent) else None
        if consent != application.health_consent_at:
            application.health_consent_at = consent
            changed.append("health_consent_at")
        if not changed:
            return []
        if application.staged_decision:
            # A decision staged on the earlier version waits for the panel to read this one.
            application.staged_decision = ""
            clear_offer(application)
            changed += ["staged_decision"]
        application.changed_at = now
        _validate(application)
        _save(application, update_fields=[*set(changed), *OFFER_STATE, "changed_at", "updated"])
        record(application, "changed by the applicant", by=None, fields=changed, now=now)
        emails.queue_application_changed(application)
    return sorted(changed)


EMAIL_CHANGE_ACTIONS = {
    EmailChangeReason.TYPO: "email address corrected by the panel (a typing mistake); new "
    "private link",
    EmailChangeReason.NEW_ADDRESS: "email address changed by the panel (a new address); new "
    "private link",
}


def change_email(application, *, email, reason, by):
    """The panel changes an applicant's email address: the private link follows the person.

    `reason` (registrations' EmailChangeReason) says whether the old address was a typing
    mistake (it is told nothing) or one the person used to have (it is told that the address
    changed, naming no seminar and carrying no link). Either way the application gets a new
    private link and the old one stops working (a 404, like any unknown link). A place at the
    seminar still under the old address (held for the offer, or confirmed by accepting it)
    follows too, through registrations.services.change_email, with its own new link.

    Side effects, in one transaction that locks the seminar, then the application: the
    address and link changed, an audit entry (field names only), one email with the new link
    to the new address, the notice to the old one for a new address, and the place's change.
    Raises BursaryError when the address is not valid or has an application for the seminar
    already, or the application's details were removed.
    """
    email = email.strip()
    if reason not in EmailChangeReason.values:
        raise BursaryError(
            "Say whether the old address was a typing mistake or the person has a new one."
        )
    try:
        validate_email(email)
    except ValidationError:
        raise BursaryError(
            "Enter an email address in the correct format, like name@example.com."
        ) from None
    with transaction.atomic():
        race.locked(Seminar, application.seminar_id)
        application = locked_application(application)
        if application.anonymised_at:
            raise BursaryError("This application's personal details were removed.")
        old = application.email
        if email == old:
            return application
        application.email = email
        application.token = new_token()
        _validate(application)
        _save(application, update_fields=["email", "token", "updated"])
        record(application, EMAIL_CHANGE_ACTIONS[reason], by=by, fields=["email"])
        outbox.withdraw_queued(application, to=old, reason=outbox.ADDRESS_LEFT)
        _place_follows(application, old=old, reason=reason, by=by)
        emails.queue_email_changed(application)
        if reason == EmailChangeReason.NEW_ADDRESS:
            emails.queue_old_address_told(application, old)
    return application


def _place_follows(application, *, old, reason, by):
    registration = application.registration
    if (
        registration is None
        or registration.email.lower() != old.lower()
        or registration.status == RegistrationStatus.CANCELLED
    ):
        return
    try:
        registration_services.change_email(
            registration, email=application.email, reason=reason, by=by, tell_old_address=False
        )
    except registration_services.RegistrationError as error:
        raise BursaryError(
            f"The place at the seminar could not follow: {error} Change that registration "
            "first, or ask an organiser."
        ) from None


def nobody_may_decide():
    """Undecided applications on which every active panel member has declared a conflict of
    interest: only a superuser may decide them now."""
    members = panel_members()
    return (
        BursaryApplication.objects.filter(status__in=BursaryStatus.undecided)
        .annotate(
            conflicts=Count(
                "reviews", filter=Q(reviews__conflict=True, reviews__reviewer__in=members)
            )
        )
        .filter(conflicts__gte=members.count(), conflicts__gt=0)
    )


def score(application, *, reviewer, score, comment=""):
    """Record or change `reviewer`'s score. Refused after a declared conflict of interest.

    Side effects, in one transaction: one Review row created or updated, and an audit entry
    naming the reviewer (never the score).
    """
    with transaction.atomic():
        review = (
            Review.objects.select_for_update()
            .filter(application=application, reviewer=reviewer)
            .first()
        )
        if review and review.conflict:
            raise BursaryError("You have declared a conflict of interest with this applicant.")
        if application.status == BursaryStatus.WITHDRAWN:
            raise BursaryError("This application was withdrawn, so it is not scored.")
        if score not in range(1, 6):
            raise BursaryError("Choose a score from 1 to 5.")
        if review and (review.score, review.comment) == (score, comment.strip()):
            return review  # the same score again: nothing changed, nothing to record
        action = "score changed" if review and review.score else "scored"
        review = review or Review(application=application, reviewer=reviewer)
        review.score, review.comment = score, comment.strip()
        review.full_clean(exclude=["application", "reviewer"], validate_unique=False)
        review.save()
        record(application, action, by=reviewer, fields=["reviews"])  # who, never the score
    return review


def declare_conflict(application, *, reviewer):
    """`reviewer` knows the applicant: their score goes, and the application leaves their view.

    Side effects, in one transaction: the reviewer's Review row becomes a conflict without a
    score or comment, and an audit entry on the application (who, never why).
    """
    with transaction.atomic():
        review, _ = Review.objects.select_for_update().get_or_create(
            application=application,
            reviewer=reviewer,
            defaults={"conflict": True},
        )
        review.conflict, review.score, review.comment = True, None, ""
        review.save(update_fields=["conflict", "score", "comment", "updated"])
        record(application, "declared a conflict of interest", by=reviewer)
    return review


def withdraw_conflict(application, *, reviewer):
    """`reviewer` declared a conflict by mistake: the application comes back into their view,
    to read and score afresh (the score the declaration removed is gone).

    Side effects, in one transaction: the conflict row deleted (a row without a score would
    count as "scored", showing others' scores), and an audit entry on the application.
    """
    with transaction.atomic():
        deleted, _ = Review.objects.filter(
            application=application, reviewer=reviewer, conflict=True
        ).delete()
        if not deleted:
            raise BursaryError("You have no conflict of interest declared on this application.")
        record(application, "withdrew a conflict of interest", by=reviewer)


def release_place(application, *, now):
    """A place held for this applicant's offer goes back (to the waiting list, in order)."""
    if application.registration_id:
        registration_services.release_held_place(application.registration, now=now)
