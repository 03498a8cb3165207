"""The demo's travel bursaries at the past seminar, through the bursaries' services: one in
each state the panel meets, and every way of paying (see organising/demo/__init__.py)."""

import datetime
from decimal import Decimal as D

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from bursaries.models import BursaryApplication, Claim, PaymentMethod
from bursaries.models.payments import TicketDelivery
from bursaries.services import applications as bursary_applications
from bursaries.services import money as bursary_money
from bursaries.services import offers as bursary_offers
from bursaries.services import payments as bursary_payments
from registrations.models import ParticipantGroup

from .people import email as _email


def bursaries(seminar, *, start, panel):
    """Applied for before the deadline and decided by the panel; claims after `start`."""
    applied = start - datetime.timedelta(days=45)
    decided = start - datetime.timedelta(days=28)
    states = {}
    for name, group, cost in [
        ("Kemi Adeyemi", ParticipantGroup.SERVICE_USER, D("38.50")),
        ("Liam O'Neill", ParticipantGroup.THIRD_SECTOR, D("24.00")),
        ("Mei Chen", ParticipantGroup.EARLY_CAREER, D("61.20")),
        ("Nia Roberts", ParticipantGroup.THIRD_SECTOR, D("15.00")),
        ("Owen Price", ParticipantGroup.EARLY_CAREER, D("80.00")),
        ("Uma Patel", ParticipantGroup.EARLY_CAREER, D("42.00")),
        ("Vik Sharma", ParticipantGroup.THIRD_SECTOR, D("55.00")),
        ("Xena Ward", ParticipantGroup.CARER, D("30.00")),
    ]:
        application, _ = bursary_applications.apply(
            seminar,
            now=applied,
            health_consent=group in ParticipantGroup.health_related,
            name=name,
            email=_email(name),
            group=group,
            organisation="Leeds Mind" if group == ParticipantGroup.THIRD_SECTOR else "",
            travelling_from="Bradford",
            travel_cost=cost,
            statement="I would like to take what I learn back to my peer group.",
        )
        states[name] = application
    for name in ("Kemi Adeyemi", "Liam O'Neill", "Mei Chen", "Uma Patel", "Vik Sharma"):
        bursary_offers.offer(
            states[name],
            lines={"travel": states[name].travel_cost},
            reply_by=decided + datetime.timedelta(days=7),
            by=panel,
            now=decided,
        )
    bursary_offers.not_offer(states["Owen Price"], by=panel, now=decided)
    bursary_offers.put_on_reserve(states["Xena Ward"], by=panel, now=decided)
    accepted = decided + datetime.timedelta(days=1)
    bursary_offers.accept(
        _fresh(states["Kemi Adeyemi"]), payment_method=PaymentMethod.REIMBURSE, now=accepted
    )
    bursary_offers.accept(
        _fresh(states["Liam O'Neill"]), payment_method=PaymentMethod.ADVANCE, now=accepted
    )
    bursary_payments.record_advance(
        _fresh(states["Liam O'Neill"]),
        amount=D("24.00"),
        paid_on=timezone.localdate(accepted),
        by=panel,
        now=accepted,
    )
    bursary_offers.decline(_fresh(states["Mei Chen"]), now=accepted)
    bursary_offers.accept(
        _fresh(states["Uma Patel"]), payment_method=PaymentMethod.REIMBURSE, now=accepted
    )
    bursary_offers.accept(
        _fresh(states["Vik Sharma"]), payment_method=PaymentMethod.BOOK, now=accepted
    )
    bursary_payments.record_booking(
        _fresh(states["Vik Sharma"]),
        journey="Sheffield to Leeds, return",
        details="Off-peak return, booking reference DEMO123",
        cost=D("48.60"),
        delivery=TicketDelivery.EMAIL,
        by=panel,
        now=accepted + datetime.timedelta(days=1),
    )
    after = start + datetime.timedelta(days=2)
    # Every path after the seminar: tickets booked and nothing more to pay; a claim paid; an
    # advance with money left over, asked back.
    bursary_payments.settle(_fresh(states["Vik Sharma"]), by=panel, now=after)
    bursary_payments.submit_claim(
        _fresh(states["Uma Patel"]), amount=D("42.00"), files=_receipt(), now=after
    )
    bursary_payments.approve_claim(
        _fresh(states["Uma Patel"]), amount_approved=D("42.00"), by=panel, now=after
    )
    bursary_payments.pay_claim(
        _fresh(states["Uma Patel"]), paid_on=timezone.localdate(after), by=panel, now=after
    )
    bursary_payments.submit_claim(
        _fresh(states["Liam O'Neill"]), amount=D("19.40"), files=_receipt(), now=after
    )
    bursary_payments.approve_claim(
        _fresh(states["Liam O'Neill"]), amount_approved=D("19.40"), by=panel, now=after
    )
    bursary_money.ask_back(_fresh(states["Liam O'Neill"]), by=panel, now=after)
    # Kemi's claim, sent the day after the seminar, still waits: overdue by now.
    bursary_payments.submit_claim(
        _fresh(states["Kemi Adeyemi"]),
        amount=D("38.50"),
        files=_receipt(),
        now=start + datetime.timedelta(days=1),
    )
    # The claim's row takes its `created` from the clock, not from `now`: the one raw write.
    Claim.objects.filter(application=states["Kemi Adeyemi"]).update(
        created=start + datetime.timedelta(days=1)
    )


def _fresh(application):
    return BursaryApplication.objects.get(pk=application.pk)


def _receipt():
    return [(SimpleUploadedFile("ticket.pdf", b"%PDF-1.4\n%demo\n"), "application/pdf")]
