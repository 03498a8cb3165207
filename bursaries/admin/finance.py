"""The finance office's spreadsheet of awards, bookings, advances, claims and payments."""

import csv

from django.db.models import OuterRef, Q, Subquery, Sum
from django.http import HttpResponse

from common.spreadsheets import spreadsheet_safe

from .. import services
from ..models import Booking, BursaryStatus
from ..permissions import require_panel


def finance_csv(request):
    """Awards, bookings, advances and claims for the finance office, safe to open in a
    spreadsheet (a byte-order mark tells Excel it is UTF-8)."""
    require_panel(request)
    awards = (
        services.visible_applications(request.user)
        .filter(
            Q(status__in=BursaryStatus.live_award)
            | Q(advance_amount__isnull=False)
            | Q(bookings__isnull=False)
        )
        .distinct()
        .select_related("seminar", "claim")
        .annotate(booked=Subquery(_booked_total_subquery()))
        .order_by("seminar__number", "group", "pk")
    )
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="bursary-awards.csv"'
    response["Cache-Control"] = "no-store"
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow(
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
        ]
    )
    for award in awards:
        claim = getattr(award, "claim", None)
        writer.writerow(
            [
                spreadsheet_safe(value)
                for value in (
                    award.reference,
                    f"{award.seminar.number}: {award.seminar.title}",
                    award.get_bursary_group_display(),
                    award.name,
                    award.email,
                    award.get_status_display(),
                    award.get_payment_method_display(),
                    award.offer_amount,
                    award.booked,
                    award.advance_amount,
                    claim and claim.amount,
                    claim and claim.amount_approved,
                    claim and claim.amount_paid,
                    claim and claim.paid_on and claim.paid_on.isoformat(),
                )
            ]
        )
    return response


def _booked_total_subquery():
    return (
        Booking.objects.filter(application=OuterRef("pk"))
        .values("application")
        .annotate(total=Sum("cost"))
        .values("total")
    )
