"""The panel's staged decisions: recorded one by one (an offer's amounts checked against the
seminar's maximum award and the travel bursaries' budget), previewed, then sent together."""

from django.db import transaction
from django.utils import timezone

from common.audit import record

from ..models import BursaryStatus, CostLine
from ..queries import offer_overrun
from .applications import DECISION_FIELDS, BursaryError, clear_offer, locked_application
from .offers import not_offer, offer, put_on_reserve, set_offer_lines

STAGED_ACTIONS = {
    BursaryStatus.OFFERED: "Offer",
    BursaryStatus.RESERVE: "Reserve list",
    BursaryStatus.NOT_OFFERED: "Not offered",
}


def stage_decision(
    application,
    *,
    decision,
    lines=None,
    reply_by=None,
    note="",
    over_budget=False,
    by,
    now=None,
):
    """Record a decision to send later with others, after a preview. Nothing is sent here.

    An offer's amounts (`lines`) are checked against the seminar's maximum award now, and again
    when it is sent. Side effects: the staged decision, its amounts and note, and an audit
    entry. Raises BursaryError for a decision the application's status does not allow, an
    offer without amounts or reply-by date, or one that would take the travel bursaries'
    budget over unless the panel chose to go `over_budget` (then recorded).
    """
    now = now or timezone.now()
    with transaction.atomic():
        application = locked_application(application)
        if decision not in STAGED_ACTIONS or not application.can_move_to(decision):
            raise BursaryError(
                f"{application.reference} is {application.get_status_display().lower()}: that "
                "decision is not possible."
            )
        if decision == BursaryStatus.OFFERED:
            set_offer_lines(application, lines, reply_by, now)
            if warning := offer_overrun(application, application.offer_amount):
                if not over_budget:
                    raise BursaryError(f"{warning} Lower the offer, or stage it over budget.")
                record(application, "offer staged over budget", by=by, now=now)
        else:
            clear_offer(application)
        application.staged_decision = decision
        application.decision_note = note.strip()
        application.save(update_fields=DECISION_FIELDS)
        record(
            application,
            f"decision staged: {STAGED_ACTIONS[decision].lower()}",
            by=by,
            fields=["staged_decision"],
            now=now,
        )
    return application


def send_staged_decisions(applications, *, by, now=None):
    """Carry out every staged decision, each in its own transaction, in ranking order.

    Returns (sent, problems): problems are messages for the panel, such as a full group or
    decisions that must wait for the deadline, and leave that decision staged.
    """
    sent, problems = [], []
    for application in applications:
        decision = application.staged_decision
        note = application.decision_note
        try:
            if decision == BursaryStatus.OFFERED:
                offer(
                    application,
                    lines={line: application.offered(line) for line in CostLine},
                    reply_by=application.reply_by,
                    note=note,
                    by=by,
                    now=now,
                )
            elif decision == BursaryStatus.RESERVE:
                put_on_reserve(application, by=by, note=note, now=now)
            elif decision == BursaryStatus.NOT_OFFERED:
                not_offer(application, by=by, note=note, now=now)
            else:
                continue
        except BursaryError as error:
            problems.append(f"{application.reference}: {error}")
        else:
            sent.append(application)
    return sent, problems
