"""Emails for many applications making one status move together (services.set_statuses: the
offers that lapse at a seminar in one pass). Each is the email queue_for_move would write for
it alone, word for word; they are written in one INSERT, with every award's money read in one
query and the series' settings once."""

from common.basemodels import settings_read_once
from outbox.mail import queue_emails

from . import emails
from .models import BursaryStatus
from .queries import with_money

# The moves whose email is built from the application alone, by the kind's name (emails.py
# declares each kind and its build): these are written for many applications at once.
TOGETHER = {BursaryStatus.LAPSED: "lapsed"}


def queue_for_moves(applications, before):
    """emails.queue_for_move for each of `applications`, all now in one status; `before` maps
    each pk to where it came from."""
    applications = list(applications)
    statuses = {application.status for application in applications}
    if len(statuses) == 1 and (name := TOGETHER.get(statuses.pop())):
        with_money(applications)
        with settings_read_once():
            queue_emails(
                f"bursaries/emails/{name}",
                [{"application": application} for application in applications],
            )
        return
    for application in applications:
        emails.queue_for_move(application, before[application.pk])
