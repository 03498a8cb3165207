"""Status moves: every one through set_status, which checks the TRANSITIONS table, records who
made the move and when in the log, and queues the email that goes with it; and the applicant's
withdrawal, the one move an applicant makes outside an offer or a claim."""

from django.db import transaction
from django.utils import timezone

from common import race
from common.audit import record, record_many
from seminars.models import Seminar

from .. import bulk_emails, emails
from ..models import BursaryApplication, BursaryStatus
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


def set_statuses(applications, new_status, *, by=None, now=None):
    """set_status for many applications at once (offers that lapsed together at a seminar):
    the same checks, log entries, money entries and emails, in a fixed number of queries
    however many there are. The caller holds their row locks (select_for_update), as
    set_status takes them, and the seminar's where a rule counts across it.

    Side effects, in the caller's transaction: for each application, the status, an entry in
    the log with the move's "from" and "to" codes, the entries the move writes in the ledger
    (money.on_moves), and the email that goes with the move."""
    now = now or timezone.now()
    applications = list(applications)
    if not applications:
        return applications
    for application in applications:
        check_move(application, new_status)
    label = BursaryStatus(new_status).label
    record_many(
        applications,
        lambda application: f"{application.get_status_display()} to {label}",
        by=by,
        data=lambda application: {"from": application.status, "to": new_status},
        now=now,
    )
    before = {application.pk: application.status for application in applications}
    BursaryApplication.objects.filter(pk__in=before).update(
        status=new_status, status_changed_at=now, updated=timezone.now()
    )
    for application in applications:
        application.status = new_status
        application.status_changed_at = now
    money.on_moves(applications, new_status, by=by, now=now)
    bulk_emails.queue_for_moves(applications, before)
    return applications


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
