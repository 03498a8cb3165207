"""Applications: applying, status changes (every one through set_status, which checks the
TRANSITIONS table and records who made the change and when), withdrawing and the panel's scores.
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.views.decorators.debug import sensitive_variables

from config.limits import allow_daily
from registrations import services as registration_services
from registrations.services import LINK_EMAILS_PER_DAY
from seminars.dates import deadline
from seminars.models import RegistrationState, Seminar

from .. import emails
from ..models import BursaryApplication, BursaryGroup, BursaryStatus, Review, StatusChange
from ..permissions import is_panel_member


class BursaryError(Exception):
    """A bursary rule refused the request; str(exc) is safe to show to the person."""


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
    state = seminar.bursary_state(now)
    if state == RegistrationState.OPEN and seminar.bursaries_per_group:
        return None
    if state == RegistrationState.CLOSED or seminar.is_past(now):
        closed_at = seminar.bursary_deadline
        return (
            f"Applications for travel bursaries closed at {deadline(closed_at)} (UK time)."
            if closed_at
            else "Applications for travel bursaries have closed."
        )
    return "We are not taking travel bursary applications for this seminar."


@sensitive_variables()
def apply(
    seminar,
    *,
    name,
    email,
    group,
    travelling_from,
    travel_cost,
    statement,
    organisation="",
    companion_needed=False,
    companion_cost=None,
    prefers_booking=False,
    access_needs="",
    health_consent=False,
    now=None,
):
    """Record a bursary application, or email the existing link if the address already applied.

    Side effects, in one transaction: the application row and one queued email. Returns
    (application, outcome) with outcome "submitted" or "existing"; the public page is the same
    for both.
    """
    now = now or timezone.now()
    email = email.strip()
    with transaction.atomic():
        seminar = Seminar.objects.select_for_update().get(pk=seminar.pk)
        message = closed_message(seminar, now=now)
        if message:
            raise BursaryError(message)
        existing = (
            BursaryApplication.objects.filter(
                seminar=seminar, email__iexact=email, status__in=BursaryStatus.open
            )
            .order_by("created")
            .first()
        )
        if existing:
            if allow_daily("bursary-link-emails", existing.email, limit=LINK_EMAILS_PER_DAY):
                emails.queue_existing_application(existing)
            return existing, "existing"
        health = group == BursaryGroup.SERVICE_USER_CARER or bool(access_needs.strip())
        application = BursaryApplication(
            seminar=seminar,
            name=name.strip(),
            email=email,
            group=group,
            organisation=organisation.strip(),
            travelling_from=travelling_from.strip(),
            travel_cost=travel_cost,
            companion_needed=companion_needed,
            companion_cost=companion_cost if companion_needed else None,
            prefers_booking=prefers_booking,
            access_needs=access_needs.strip(),
            statement=statement.strip(),
            health_consent_at=now if (health and health_consent) else None,
            privacy_agreed_at=now,
            status_changed_at=now,
        )
        try:
            application.full_clean()
        except ValidationError as error:
            raise BursaryError(" ".join(error.messages)) from None
        try:
            with transaction.atomic():
                application.save()
        except IntegrityError:
            raise BursaryError(
                "We could not save your application just now. Please try again."
            ) from None
        emails.queue_application_received(application)
    return application, "submitted"


def set_status(application, new_status, *, by=None, now=None):
    """The one way an application changes status: checks the move, records who and when.

    Side effects, in one transaction that locks the application: the status, a StatusChange
    row. Callers queue the email that goes with the move.
    """
    now = now or timezone.now()
    with transaction.atomic():
        application = BursaryApplication.objects.select_for_update().get(pk=application.pk)
        if not application.can_move_to(new_status):
            raise BursaryError(
                f"An application that is {application.get_status_display().lower()} cannot "
                f"become {BursaryStatus(new_status).label.lower()}."
            )
        StatusChange.objects.create(
            application=application,
            from_status=application.status,
            to_status=new_status,
            by=by,
            at=now,
        )
        application.status = new_status
        application.status_changed_at = now
        application.save(update_fields=["status", "status_changed_at", "updated"])
    return application


def withdraw(application, *, now=None):
    """The applicant withdraws. Side effects: status change, a place held by an offer is
    released, and a confirmation email. A confirmed place stays theirs."""
    with transaction.atomic():
        application = set_status(application, BursaryStatus.WITHDRAWN, now=now)
        _release_place(application, now=now)
        emails.queue_application_withdrawn(application)
    return application


def visible_applications(user):
    """The applications `user` may see: none for non-panel staff, and none with a conflict."""
    if not is_panel_member(user):
        return BursaryApplication.objects.none()
    conflicts = Review.objects.filter(reviewer=user, conflict=True).values("application_id")
    return BursaryApplication.objects.exclude(pk__in=conflicts)


def score(application, *, reviewer, score, comment=""):
    """Record or change `reviewer`'s score. Refused after a declared conflict of interest.

    Side effects: one Review row created or updated.
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
        review = review or Review(application=application, reviewer=reviewer)
        review.score, review.comment = score, comment.strip()
        review.full_clean(exclude=["application", "reviewer"], validate_unique=False)
        review.save()
    return review


def declare_conflict(application, *, reviewer):
    """`reviewer` knows the applicant: their score goes, and the application leaves their view.

    Side effects: the reviewer's Review row becomes a conflict without a score or comment.
    """
    with transaction.atomic():
        review, _ = Review.objects.select_for_update().get_or_create(
            application=application,
            reviewer=reviewer,
            defaults={"conflict": True},
        )
        review.conflict, review.score, review.comment = True, None, ""
        review.save(update_fields=["conflict", "score", "comment", "updated"])
    return review


def _release_place(application, *, now):
    if application.registration_id:
        registration_services.release_held_place(application.registration, now=now)
