"""Retention and erasure of contributors' details: the fee's amounts stay in the ledger (whose
own period forgets the payee's name on payments); who it was, their address, whether they took
part with lived experience (health data) and their consent go FEE_KEEP_MONTHS after the
seminar ends, or when they ask us to erase them."""

from django.conf import settings
from django.db import transaction
from django.db.models.functions import Lower
from django.utils import timezone

from seminars.dates import shift_months
from seminars.models import ended_before

from .models import InvolvementFee, new_token


def apply_retention(*, now=None):
    """Anonymise the fees of seminars that ended FEE_KEEP_MONTHS ago. Safe to run daily, and
    twice. One transaction. Returns how many were anonymised."""
    now = now or timezone.now()
    cutoff = shift_months(now, -settings.FEE_KEEP_MONTHS)
    with transaction.atomic():
        fees = list(
            InvolvementFee.objects.filter(
                ended_before(cutoff, via="seminar__"), anonymised_at__isnull=True
            ).select_for_update(of=("self",))
        )
        return anonymise(fees, now=now)


ANONYMISED_BLANK = ["name", "organisation"]
KEPT_FIELDS_CHANGED = [
    "email",
    "token",
    "lived_experience",
    "consent_at",
    "anonymised_at",
    "updated",
]


def anonymise(fees, *, now):
    """Remove who it was: name, address, the lived-experience flag and its consent, the
    organisation they named; the private link stops working. Amounts, unit, rate, choice and
    dates stay. Call inside a transaction. Returns how many."""
    for fee in fees:
        fee.email = f"removed-{fee.pk}@invalid"
        fee.token = new_token()
        fee.lived_experience = False
        fee.consent_at = None
        for field in ANONYMISED_BLANK:
            setattr(fee, field, "")
        fee.anonymised_at = fee.updated = now
    InvolvementFee.objects.bulk_update(
        fees,
        [*KEPT_FIELDS_CHANGED, *ANONYMISED_BLANK],
        batch_size=500,
    )
    return len(fees)


def _fees(email):
    return InvolvementFee.objects.annotate(address=Lower("email")).filter(address=email.lower())


def export(email):
    """The fees held about `email`, ready for JSON (the subject access request's part)."""
    return [
        {
            "seminar": f"Seminar {fee.seminar.number}: {fee.seminar.title}",
            "name": fee.name,
            "email": fee.email,
            "takes_part_with_lived_experience": fee.lived_experience,
            "consent_given": fee.consent_at and timezone.localtime(fee.consent_at).isoformat(),
            "for": fee.for_what,
            "fee": str(fee.amount),
            "choice": fee.get_choice_display(),
            "amount_taken": str(fee.amount_taken),
            "another_way": fee.get_another_way_display(),
            "organisation": fee.organisation,
        }
        for fee in _fees(email).select_related("seminar").order_by("created")
    ]


def erase(email, *, now=None):
    """Anonymise every fee of `email` now (finance records keep the amounts). Returns how
    many."""
    with transaction.atomic():
        fees = list(_fees(email).filter(anonymised_at__isnull=True).select_for_update())
        return anonymise(fees, now=now or timezone.now())
