"""Retention: applications anonymised after the seminar, keeping amounts and dates."""

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from common.storage import private_storage
from seminars.dates import shift_months
from seminars.models import ended_before

from ..models import Booking, BursaryApplication, Claim, Receipt, Review, new_token


def apply_retention(*, now=None):
    """Remove personal details and receipt files BURSARY_KEEP_MONTHS after each seminar ends.

    Finance records keep amounts, dates, status and group, without names; reviewers' scores
    stay, their comments go. Safe to run daily, and twice. Side effects: rows anonymised and
    receipt files deleted from storage (after the transaction commits). Returns how many
    applications were anonymised.
    """
    now = now or timezone.now()
    cutoff = shift_months(now, -settings.BURSARY_KEEP_MONTHS)
    ended = ended_before(cutoff, via="seminar__")
    with transaction.atomic():
        applications = list(
            BursaryApplication.objects.filter(ended, anonymised_at__isnull=True).select_for_update(
                of=("self",)
            )
        )
        return anonymise(applications, now=now)


# What says who applied, and what they wrote: emptied when an application is anonymised.
ANONYMISED_BLANK = [
    "name",
    "organisation",
    "supporter_name",
    "travelling_from",
    "access_needs",
    "statement",
    "decision_note",
]


def anonymise(applications, *, now):
    """Keep amounts, dates, status and group; remove everything that says who it was.

    Receipt files go (from storage once the transaction commits), and so do reviewers'
    comments, claim notes, what was booked and where tickets were posted; the old private link
    stops working. Call inside a transaction. Returns how many were anonymised.
    """
    receipts = Receipt.objects.filter(claim__application__in=applications)
    files = [receipt.file.name for receipt in receipts]
    receipts.delete()
    Review.objects.filter(application__in=applications).update(comment="")
    Claim.objects.filter(application__in=applications).update(
        reason_over_offer="", question="", answer=""
    )
    Booking.objects.filter(application__in=applications).update(
        journey="", details="", postal_address=""
    )
    for application in applications:
        application.email = f"removed-{application.pk}@invalid"
        application.token = new_token()
        for field in ANONYMISED_BLANK:
            setattr(application, field, "")
        application.needs = []
        application.anonymised_at = application.updated = now
    BursaryApplication.objects.bulk_update(
        applications,
        ["email", "token", *ANONYMISED_BLANK, "needs", "anonymised_at", "updated"],
        batch_size=500,
    )
    delete_files_after_commit(files)
    return len(applications)


def delete_files_after_commit(names):
    """Private files go from storage once the rows that named them are gone for good."""
    storage = private_storage()
    transaction.on_commit(lambda: [storage.delete(name) for name in names])
