"""A bursary holder who moves online (registrations' `mode_changed` signal, answered here: the
app below never names this one). The travel lines of the award go back to the budget, and the
holder is told; replacement care stays, as they may still need it to take part."""

from decimal import Decimal

from django.dispatch import receiver
from django.utils import timezone

from common.audit import record
from common.groups import BURSARY_PANEL
from ledger import services as ledger
from outbox import kinds
from outbox.mail import queue_email
from registrations.models import Mode
from registrations.sections import register_move_notice
from registrations.signals import mode_changed

from .emails import _message, readable_outbox
from .models import BursaryApplication, BursaryStatus, CostLine

# The lines that pay for coming to the room.
TRAVEL_LINES = (CostLine.TRAVEL, CostLine.ACCOMMODATION, CostLine.COMPANION)
TRAVEL_RELEASED = "bursaries/emails/travel_released"
WHY = "moved online"


@receiver(mode_changed, dispatch_uid="bursaries_release_travel_when_online")
def on_mode_changed(sender, registration, was, by, **kwargs):
    if registration.mode == Mode.ONLINE:
        release_travel(registration, by=by)


def release_travel(registration, *, by=None, now=None):
    """Release the travel lines of every accepted award tied to `registration`, before any
    money was spent on it. Once travel is booked or paid the panel settles it as ever: what
    was spent is spent, and a release then could only come out of the other lines.

    Side effects, in the caller's transaction (change_mode's, which holds the seminar's lock):
    one ledger release per line with money left on it, an entry in the application's log, and
    an email to the holder saying how much went back and what stays. Returns the total."""
    now = now or timezone.now()
    total = Decimal(0)
    awards = BursaryApplication.objects.filter(
        registration=registration,
        status=BursaryStatus.ACCEPTED,
        account__isnull=False,
    ).select_related("account", "seminar")
    for application in awards:
        released = Decimal(0)
        for line in TRAVEL_LINES:
            offered = application.offered(line) or 0
            if offered:
                entry = ledger.release(
                    application.account, why=WHY, amount=offered, part=line.value, by=by, now=now
                )
                released += entry.amount if entry else 0
        if released:
            record(application, "travel released: moved online", by=by, now=now)
            queue_email(TRAVEL_RELEASED, about={"application": application}, amount=str(released))
            total += released
    return total


def move_notice(registration, *, to):
    """What moving online does to an accepted bursary, for the page that asks "are you sure?"."""
    if to != Mode.ONLINE:
        return None
    awards = BursaryApplication.objects.filter(
        registration=registration, status=BursaryStatus.ACCEPTED, account__isnull=False
    )
    if not any(sum(a.offered(line) or 0 for line in TRAVEL_LINES) for a in awards):
        return None
    return (
        "You have a travel bursary. If you take part online, the money for travel (and for "
        "somewhere to stay or a companion's travel) goes back to the bursary fund, so that "
        "someone else can use it. Money for replacement care stays yours. We will email you."
    )


register_move_notice(move_notice)


def build(*, application, amount):
    return _message(
        application,
        amount=Decimal(amount),
        care=application.offered(CostLine.CARE) or 0,
    )


kinds.declare(
    kinds.kind_of(TRAVEL_RELEASED), readers={BURSARY_PANEL}, build=build, only=readable_outbox
)
