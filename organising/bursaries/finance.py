"""The finance office's spreadsheet of awards, bookings, advances, claims and payments."""

from django.db.models import F, OuterRef, Q, Subquery, Sum

from bursaries import services
from bursaries.models import Booking, BursaryStatus
from bursaries.rules import identity_hidden
from common.spreadsheets import csv_download

from .common import for_the_panel

HIDDEN = "Hidden for blind review"


@for_the_panel
def finance_csv(request):
    """Awards, bookings, advances and claims for the finance office, safe to open in a
    spreadsheet (a byte-order mark tells Excel it is UTF-8). Names and emails follow the
    admin's rule: hidden under blind review until the offer is accepted. The list of
    applications links to it (panel only, as is the list)."""
    awards = (
        services.visible_applications(request.user)
        .filter(
            Q(status__in=BursaryStatus.live_award)
            | Q(advance_amount__isnull=False)
            | Q(bookings__isnull=False)
        )
        .distinct()
        .select_related("seminar__bursaries")
        .annotate(
            booked=Subquery(_booked_total_subquery()),
            claim_amount=F("claim__amount"),
            claim_approved=F("claim__amount_approved"),
            claim_paid=F("claim__amount_paid"),
            claim_paid_on=F("claim__paid_on"),
        )
        .order_by("seminar__number", "group", "pk")
    )
    rows = (
        (
            award.reference,
            f"{award.seminar.number}: {award.seminar.title}",
            award.get_bursary_group_display(),
            *_identity(award),
            award.get_status_display(),
            award.get_payment_method_display(),
            award.offer_amount,
            award.booked,
            award.advance_amount,
            award.claim_amount,
            award.claim_approved,
            award.claim_paid,
            award.claim_paid_on and award.claim_paid_on.isoformat(),
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
            "Offered (GBP)",
            "Booked by us (GBP)",
            "Advance (GBP)",
            "Claimed (GBP)",
            "Approved (GBP)",
            "Paid (GBP)",
            "Paid on",
        ],
        rows,
    )


def _identity(award):
    """Name and email, or neither under blind review before the offer is accepted
    (bursaries.rules): every row is one the member may see, so that is what remains to ask."""
    if identity_hidden(award):
        return (HIDDEN, HIDDEN)
    return (award.name, award.email)


def _booked_total_subquery():
    return (
        Booking.objects.filter(application=OuterRef("pk"))
        .values("application")
        .annotate(total=Sum("cost"))
        .values("total")
    )
