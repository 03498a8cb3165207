"""Subject access and erasure for one email address, across every app that holds personal data:
registrations, the mailing list, bursary applications and emails (bursaries.personal_data, which
sits above them) and involvement fees (fees, beside bursaries). Payment entries in the ledger keep
the payee's name until the finance records' period ends (ledger.retention): a legal obligation,
said in the privacy notice."""

from django.db import transaction

from bursaries import personal_data as bursary_data
from fees import retention as fee_data


def export(email):
    data = bursary_data.export(email)
    data["involvement_fees"] = fee_data.export(email)
    return data


def erase(email, *, now=None):
    with transaction.atomic():
        counts = bursary_data.erase(email, now=now)
        counts["involvement_fees_anonymised"] = fee_data.erase(email, now=now)
    return counts
