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
