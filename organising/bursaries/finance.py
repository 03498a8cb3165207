"""The finance office's spreadsheet of awards, bookings, advances, claims and payments."""

from bursaries import services
from bursaries.models import PAYMENT_WORDS
from bursaries.rules import identity_hidden
from common.spreadsheets import csv_download
from ledger.balances import balance
from ledger.models import Kind
from ledger.money import exported

from .common import for_the_panel

HIDDEN = "Hidden for blind review"


@for_the_panel
def finance_csv(request):
    """Each award's money for the finance office, from the ledger (one balance per award, so
    these figures and the panel's page never disagree), exact to the penny, safe to open in a
    spreadsheet (a byte-order mark tells Excel it is UTF-8). Names and emails follow the
    admin's rule: hidden under blind review until the offer is accepted. The list of
    applications links to it (panel only, as is the list)."""
    awards = (
        services.visible_applications(request.user)
        .filter(account__isnull=False)
        .select_related("seminar", "account")
        .prefetch_related("account__entries")
        .order_by("seminar__number", "group", "pk")
    )
    rows = (
        (
            award.reference,
            f"{award.seminar.number}: {award.seminar.title}",
            award.get_bursary_group_display(),
            *_identity(award),
            award.get_status_display(),
            PAYMENT_WORDS.get(award.payment_method, ""),
            *_amounts(balance(award.account.entries.all())),
            _day(award, Kind.PAID),
        )
        for award in awards.iterator(chunk_size=500)
    )
    return csv_download(
        "bursary-awards.csv",
        [
            "Reference",
            "Seminar",
            "Group",
            "Name",
            "Email",
            "Status",
            "How we pay",
            "Committed (GBP)",
            "Booked by us (GBP)",
            "Advance (GBP)",
            "Claimed (GBP)",
            "Approved (GBP)",
            "Paid (GBP)",
            "Left over (GBP)",
            "Asked back, not yet returned (GBP)",
            "Returned (GBP)",
            "Waived (GBP)",
            "Paid on",
        ],
        rows,
    )


def _amounts(money):
    """31.20, never 31.2000000000000: each from the one balance. Approved is empty until
    the panel approves (an approval may be of nothing)."""
    return (
        exported(money.committed),
        exported(money.booked),
        exported(money.advanced),
        exported(money.claimed),
        exported(money.approved) if money.has_approval else "",
        exported(money.paid),
        exported(money.left_over),
        exported(money.awaiting_return),
        exported(money.returned),
        exported(money.waived),
    )


def _day(award, kind):
    days = [entry.paid_on for entry in award.account.entries.all() if entry.kind == kind]
    return max(days).isoformat() if days else None


def _identity(award):
    """Name and email, or neither under blind review before the offer is accepted
    (bursaries.rules): every row is one the member may see, so that is what remains to ask."""
    if identity_hidden(award):
        return (HIDDEN, HIDDEN)
    return (award.name, award.email)
