"""Existing awards get their ledger entries, from the fields that held their money: what was
offered (per cost line), booked, advanced, claimed, approved and paid, and what an ended offer
or an approval below the offer released. The totals of each kind are the fields' own (tested,
forward and back). Times are the nearest the old rows knew."""

from decimal import Decimal

from django.db import migrations

ZERO = Decimal("0.00")
ENDED = {"declined", "lapsed", "withdrawn"}
LIVE = {
    "offered",
    "accepted",
    "booked",
    "advance_paid",
    "claimed",
    "queried",
    "approved",
    "paid",
    "settled",
}
LINES = [
    ("travel", "offer_travel"),
    ("accommodation", "offer_accommodation"),
    ("companion", "offer_companion"),
    ("care", "offer_care"),
]


def forwards(apps, schema_editor):
    Application = apps.get_model("bursaries", "BursaryApplication")
    Claim = apps.get_model("bursaries", "Claim")
    Account = apps.get_model("ledger", "Account")
    Entry = apps.get_model("ledger", "Entry")
    awards = Application.objects.filter(
        offer_amount__isnull=False, status__in=LIVE | ENDED, account__isnull=True
    ).order_by("pk")
    for award in awards.iterator():
        account = Account.objects.create(
            seminar_id=award.seminar_id,
            line="travel_bursaries",
            purpose="expenses",
            reference=f"B{award.pk}",
            description="Travel bursary",
        )
        claim = Claim.objects.filter(application=award).first()
        entries = entries_for(award, list(award.bookings.all()), claim)
        Entry.objects.bulk_create(Entry(account=account, **entry) for entry in entries)
        Application.objects.filter(pk=award.pk).update(account=account)


def entries_for(award, bookings, claim):
    """The entries (as dicts) for one award's old fields, its bookings and its claim (or None):
    kept apart from the database, so that its arithmetic is tested on any old data."""
    moved = award.status_changed_at or award.updated
    entries = []

    def add(kind, amount, at, **details):
        if amount is not None and (amount > 0 or kind == "approved"):
            entries.append({"kind": kind, "amount": amount, "at": at, **details})

    for part, field in LINES:
        add("offered", getattr(award, field), award.created, part=part)
    committed = award.offer_amount
    if award.status in ENDED:
        add("released", committed, moved, note=f"offer {award.status}")
        return entries
    booked = ZERO
    for booking in bookings:
        add(
            "booked",
            booking.cost,
            booking.created,
            note=booking.journey[:300],
            payee=award.name,
            paid_on=booking.created.date(),
        )
        booked += booking.cost
    advanced = award.advance_amount or ZERO
    add(
        "advanced",
        award.advance_amount,
        award.updated,
        payee=award.name,
        paid_on=award.advance_paid_on,
    )
    spent = booked + advanced
    if spent > committed:
        add("offered", spent - committed, award.updated, note="booked beyond the offer")
        committed = spent
    approved = None
    if claim is not None:
        add("claimed", claim.amount, claim.created)
        approved = claim.amount_approved
    elif award.status == "settled":
        approved = advanced  # no claim came: what was booked and advanced stand as spent
    if approved is not None:
        at = claim.updated if claim is not None else moved
        add("approved", approved, at)
        needed = max(booked + approved, spent)
        if committed > needed:
            add("released", committed - needed, at, note="not claimed")
        elif needed > committed:
            add("offered", needed - committed, at, note="approved beyond the offer")
    if claim is not None and claim.amount_paid:
        add("paid", claim.amount_paid, claim.updated, payee=award.name, paid_on=claim.paid_on)
    return entries


def backwards(apps, schema_editor):
    Application = apps.get_model("bursaries", "BursaryApplication")
    Claim = apps.get_model("bursaries", "Claim")
    Account = apps.get_model("ledger", "Account")
    Entry = apps.get_model("ledger", "Entry")
    for award in Application.objects.filter(account__isnull=False).iterator():
        entries = list(Entry.objects.filter(account_id=award.account_id).order_by("at", "pk"))
        advances = [entry for entry in entries if entry.kind == "advanced"]
        Application.objects.filter(pk=award.pk).update(
            advance_amount=sum((e.amount for e in advances), ZERO) if advances else None,
            advance_paid_on=advances[-1].paid_on if advances else None,
        )
        approvals = [entry for entry in entries if entry.kind == "approved"]
        payments = [entry for entry in entries if entry.kind == "paid"]
        Claim.objects.filter(application=award).update(
            amount_approved=sum((e.amount for e in approvals), ZERO) if approvals else None,
            amount_paid=sum((e.amount for e in payments), ZERO) if payments else None,
            paid_on=payments[-1].paid_on if payments else None,
        )
    accounts = list(
        Application.objects.filter(account__isnull=False).values_list("account_id", flat=True)
    )
    Application.objects.update(account=None)
    Entry.objects.filter(account_id__in=accounts).delete()
    Account.objects.filter(pk__in=accounts).delete()


class Migration(migrations.Migration):
    dependencies = [("bursaries", "0017_money_into_the_ledger")]

    operations = [migrations.RunPython(forwards, backwards)]
