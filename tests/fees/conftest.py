import datetime
from decimal import Decimal as D

import pytest
from django.utils import timezone

from fees import services
from fees.models import FeeSettings
from tests.factories import PersonFactory, SeminarFactory
from tests.roles import make_staff

DAY = datetime.timedelta(days=1)


@pytest.fixture
def rates():
    """The series' rates: £25 an hour (the default), £80 a half day, £150 a day (set here)."""
    settings, _ = FeeSettings.objects.get_or_create(pk=1)
    settings.half_day_rate, settings.day_rate = D("80"), D("150")
    settings.save()
    return settings


@pytest.fixture
def users(django_user_model):
    return {
        role: make_staff(django_user_model, role) for role in ("organiser", "panel", "superuser")
    }


@pytest.fixture
def coming():
    """A seminar two weeks from now."""
    return SeminarFactory(starts_at=timezone.now() + 14 * DAY)


@pytest.fixture
def held():
    """A seminar that took place two days ago."""
    return SeminarFactory(starts_at=timezone.now() - 2 * DAY)


def talk(seminar, name="Dee Contributor"):
    from seminars.models import SeminarSpeaker

    return SeminarSpeaker.objects.create(seminar=seminar, person=PersonFactory(name=name))


def offer(seminar, by, **overrides):
    """A fee of 4 hours at £25 (£100) for a speaker with lived experience."""
    arguments = {
        "speaker": talk(seminar),
        "name": "",
        "email": "dee@example.org",
        "for_what": "Speaking at the seminar, and preparing",
        "unit": "hour",
        "quantity": D("4"),
        "lived_experience": True,
        "consent": True,
        **overrides,
    }
    return services.offer_fee(seminar, by=by, **arguments)
