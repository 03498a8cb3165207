"""One function per message to a bursary applicant; each queues a templated email."""

import copy

from django.conf import settings

from outbox.mail import queue_templated_email, render_templated_email

from .models import BursaryStatus


def _context(application, **extra):
    return {
        "application": application,
        "seminar": application.seminar,
        "status_url": application.status_url,
        "seminar_url": settings.SITE_URL + application.seminar.get_absolute_url(),
        "CONTACT_EMAIL": settings.CONTACT_EMAIL,
        **extra,
    }


def _queue(name, application, **extra):
    queue_templated_email(
        f"bursaries/emails/{name}", to=[application.email], context=_context(application, **extra)
    )


def queue_application_received(application):
    _queue("application_received", application)


def queue_existing_application(application):
    _queue("existing_application", application)


def queue_application_withdrawn(application):
    _queue("application_withdrawn", application)


def queue_offered(application):
    _queue("offered", application)


def queue_reserve(application):
    _queue("reserve", application)


def queue_not_offered(application):
    _queue("not_offered", application)


def queue_accepted(application):
    _queue("accepted", application)


def queue_declined(application):
    _queue("declined", application)


def queue_lapsed(application):
    _queue("lapsed", application)


def queue_offer_reminder(application):
    _queue("offer_reminder", application)


DECISION_EMAILS = {
    BursaryStatus.OFFERED: "offered",
    BursaryStatus.RESERVE: "reserve",
    BursaryStatus.NOT_OFFERED: "not_offered",
}


def preview_staged(application, *, hide_name=False):
    """The email a staged decision will send, rendered now for the panel to read first.

    In blind review the applicant's name is replaced, as everywhere else the panel looks.
    """
    future = copy.copy(application)
    if hide_name:
        future.name = "[name hidden for blind review]"
    future.status = application.staged_decision
    future.offer_amount = application.staged_amount
    future.reply_by = application.staged_reply_by
    name = DECISION_EMAILS[application.staged_decision]
    return render_templated_email(f"bursaries/emails/{name}", _context(future))


def queue_claim_received(application):
    _queue("claim_received", application)


def queue_claim_queried(application):
    _queue("claim_queried", application)


def queue_claim_paid(application):
    _queue("claim_paid", application)
