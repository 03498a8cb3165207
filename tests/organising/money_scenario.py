"""A seeded series of money with known answers, made through the ledger's services alone (as
bursaries and fees make theirs): two seminars in the financial year 2026-27 and one before it,
travel bursaries with an advance partly returned, a booking and a claim, a leftover waived and a
declined offer; involvement fees paid and promised, and a contributor's travel booked.

Known answers, seminars A and B (2026-27):
  travel bursaries  committed 147.50  spent 147.50 (A alone; B's offer was declined)
  involvement       committed 270.35  spent 195.35
  all               committed 417.85  spent 342.85
Seminar C (2025) adds 20.00 committed and spent on travel bursaries, paid on 1 October 2025."""

import datetime
from dataclasses import dataclass
from decimal import Decimal as D

from ledger import services
from ledger.models import Budget, BudgetLine, Purpose, WaiverReason
from tests.factories import SeminarFactory
from tests.utils import london

TRAVEL, INVOLVEMENT = BudgetLine.TRAVEL_BURSARIES, BudgetLine.INVOLVEMENT
YEAR_2026 = (datetime.date(2026, 4, 1), datetime.date(2027, 3, 31))


def day(month, number, year=2026):
    return datetime.date(year, month, number)


def account(seminar, line, reference, purpose=Purpose.EXPENSES, description=None):
    return services.open_account(
        seminar=seminar,
        line=line,
        purpose=purpose,
        reference=reference,
        description=description or ("Travel bursary" if line == TRAVEL else "Involvement"),
    )


@dataclass
class Scenario:
    a: object
    b: object
    c: object


def seed():
    a = SeminarFactory(starts_at=london(2026, 5, 12, 10))
    b = SeminarFactory(starts_at=london(2026, 10, 6, 10))
    c = SeminarFactory(starts_at=london(2025, 11, 4, 10))

    # £60 advanced, £52 claimed and approved, £8 asked back and returned.
    b1 = account(a, TRAVEL, "B1")
    services.offer(b1, {"travel": D("60")})
    services.advance(b1, D("60"), payee="Siân Jones", paid_on=day(5, 1), reference="ADV-1")
    services.claim(b1, D("52"))
    services.approve(b1, D("52"))
    services.ask_back(b1)
    services.returned(b1, D("8"), paid_on=day(6, 1))

    # Tickets booked for them, then a claim paid: £4.60 of the offer released.
    b2 = account(a, TRAVEL, "B2")
    services.offer(b2, {"travel": D("40.10"), "care": D("20")})
    services.book(b2, D("25.50"), payee="Ola Adé", what="Train tickets", paid_on=day(5, 3))
    services.claim(b2, D("30"))
    services.approve(b2, D("30"))
    services.pay(b2, payee="Ola Adé", paid_on=day(5, 20), reference="P-2")

    # £40 advanced, £31.20 approved, the £8.80 left over waived.
    b3 = account(a, TRAVEL, "B3")
    services.offer(b3, {"travel": D("40")})
    services.advance(b3, D("40"), payee="Kim Lee", paid_on=day(5, 2), reference="ADV-3")
    services.approve(b3, D("31.20"))
    services.waive(b3, reason=WaiverReason.SMALL)

    # Offered and declined: nothing committed.
    b4 = account(b, TRAVEL, "B4")
    services.offer(b4, {"travel": D("100")})
    services.release(b4, why="declined")

    fee = account(a, INVOLVEMENT, "F1", Purpose.FEE, "Involvement fee: speaking")
    services.offer(fee, {"fee": D("150")})
    services.approve(fee, D("150"))
    services.pay(fee, payee="Siân Jones", paid_on=day(5, 12), reference="PAY-9")

    travel = account(b, INVOLVEMENT, "E1", description="A contributor's travel")
    services.offer(travel, {"travel": D("45.35")})
    services.book(travel, D("45.35"), payee="Ray Moss", what="Coach", paid_on=day(9, 30))

    promised = account(b, INVOLVEMENT, "F2", Purpose.FEE, "Involvement fee: co-facilitating")
    services.offer(promised, {"fee": D("75")})

    old = account(c, TRAVEL, "B0")
    services.offer(old, {"travel": D("20")})
    services.advance(old, D("20"), payee="Pat Old", paid_on=day(10, 1, 2025))

    Budget.objects.create(line=TRAVEL, amount=D("200"))
    Budget.objects.create(line=TRAVEL, seminar=a, amount=D("120"))
    Budget.objects.create(line=INVOLVEMENT, amount=D("250"))
    return Scenario(a, b, c)
