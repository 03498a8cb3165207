"""Status moves: every one through set_status, which checks the TRANSITIONS table, records who
made the move and when in the log, and queues the email that goes with it; and the applicant's
withdrawal, the one move an applicant makes outside an offer or a claim."""

from django.db import transaction
from django.utils import timezone

from common import race
from common.audit import record
from seminars.models import Seminar

from .. import emails
from ..models import BursaryStatus
from . import money
from .applications import (
    DECISION_FIELDS,
    BursaryError,
    clear_offer,
    locked_application,
    release_place,
)


def check_move(application, new_status):
    """Refuse a move the TRANSITIONS table does not allow, in words for the person."""
    if not application.can_move_to(new_status):
        raise BursaryError(
            f"An application that is {application.get_status_display().lower()} cannot "
            f"become {BursaryStatus(new_status).label.lower()}."
        )


def set_status(application, new_status, *, by=None, now=None):
    """The one way an application changes status: checks the move, records who and when, and
    queues the email that goes with it (emails.queue_for_move: chosen by the move, so no
    caller pairs them by hand).

    Side effects, in one transaction that locks the application: the status, an entry in the
    log (common.audit) whose data holds the move's "from" and "to" codes, and the email. The
    email is built now, so callers move the status last, once everything it reports (a note,
    a released place, a confirmed registration) is saved.
    """
    now = now or timezone.now()
    with transaction.atomic():
        application = locked_application(application)
        check_move(application, new_status)
        record(
            application,
            f"{application.get_status_display()} to {BursaryStatus(new_status).label}",
            by=by,
            data={"from": application.status, "to": new_status},
            now=now,
        )
        before = application.status
        application.status = new_status
        application.status_changed_at = now
        application.save(update_fields=["status", "status_changed_at", "updated"])
        money.on_move(application, new_status, by=by, now=now)
        emails.queue_for_move(application, before)
    return application


def withdraw(application, *, now=None):
    """The applicant withdraws, before or after accepting, but before the seminar and before
    anything was booked or paid in advance (a bursary where money moved is settled instead).

    Side effects, in one transaction that locks the seminar, then the application: status
    change, any staged decision dropped, a place held by an offer released (a confirmed place
    stays theirs until they cancel it), and a confirmation email.
    """
    now = now or timezone.now()
    with transaction.atomic():
        race.locked(Seminar, application.seminar_id)
        application = locked_application(application)
        if application.status in (BursaryStatus.BOOKED, BursaryStatus.ADVANCE_PAID):
            raise BursaryError(
                "We have already booked or paid for your travel, so this bursary stays. If you "
                "cannot come, cancel your place and email us: if you are unwell, you do not "
                "have to pay anything back."
            )
        if application.status in BursaryStatus.withdrawable and not application.can_withdraw:
            raise BursaryError(
                "The seminar has begun, so this cannot be changed here. If you need help, email us."
            )
        application.staged_decision = ""
        if application.status in (BursaryStatus.SUBMITTED, BursaryStatus.RESERVE):
            clear_offer(application)  # an offer staged but never sent
        application.save(update_fields=DECISION_FIELDS)
        release_place(application, now=now)
        application = set_status(application, BursaryStatus.WITHDRAWN, now=now)
    return application
