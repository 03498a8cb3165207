"""Bursary applications."""

from decimal import Decimal

import factory
from django.utils import timezone

from bursaries.models import BursaryApplication, BursaryGroup

from .seminars import SeminarFactory


class BursaryApplicationFactory(factory.django.DjangoModelFactory):
    """A submitted application from a third-sector employee, who needs no health consent."""

    class Meta:
        model = BursaryApplication
        skip_postgeneration_save = True  # the hook saves what it changes

    seminar = factory.SubFactory(SeminarFactory)
    name = factory.Sequence(lambda n: f"Applicant {n}")
    email = factory.Sequence(lambda n: f"applicant{n}@example.org")
    group = BursaryGroup.THIRD_SECTOR
    organisation = "Leeds Mind"
    travelling_from = "Bradford"
    travel_cost = Decimal("24.50")
    statement = factory.Sequence(lambda n: f"Statement {n}: I would like to learn and share.")
    privacy_agreed_at = factory.LazyFunction(timezone.now)
    offer_amount = None
    offer_travel = factory.SelfAttribute("offer_amount")  # an offer given as one amount is travel

    @factory.post_generation
    def money(application, create, extracted, **kwargs):
        """An offer made by the factory (offered, or any later status) has its ledger account
        and offer entries, as one sent through the services has; an ended offer has released
        them."""
        from bursaries.models import BursaryStatus
        from bursaries.services import money
        from ledger import services as ledger

        ended = (BursaryStatus.DECLINED, BursaryStatus.LAPSED, BursaryStatus.WITHDRAWN)
        if not create or application.offer_amount is None or application.account_id:
            return
        if application.status in BursaryStatus.live_award or application.status in ended:
            money._offer(application, by=None, now=timezone.now())
        if application.status in ended:
            ledger.release(application.account, why="offer ended")


def claim_money(application):
    """(approved, paid, paid on) of an award, from its ledger entries (None where there is no
    approval or payment yet), to compare with a tuple in a test."""
    from bursaries.queries import money_facts

    facts = money_facts(application)
    money = facts["money"]
    return (
        money.approved if money.has_approval else None,
        money.paid or None,
        facts["paid_on"].get("paid"),
    )


def advance_paid(application, amount, paid_on):
    """Record an advance in the award's ledger, as the panel's action does."""
    from ledger import services as ledger

    ledger.advance(application.account, amount, payee=application.name, paid_on=paid_on)
    return application
