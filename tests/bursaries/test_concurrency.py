"""Panel members offering at once, against PostgreSQL: never more awards than bursaries.

The negative control switches the seminar lock off (a test-only setting) and widens the gap
between counting and writing, to prove that the test can see a race when there is one.
"""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from bursaries import services
from bursaries.models import BursaryApplication, BursaryStatus
from ledger.models import Entry, Kind
from outbox.models import Email
from tests.factories import BursaryApplicationFactory, RegistrationFactory, SeminarFactory
from tests.registrations.test_concurrency import run_at_once

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def offers_at_once(seminar, applications, member):
    reply_by = timezone.now() + datetime.timedelta(days=7)

    def offering(application):
        def run():
            services.offer(
                application, lines={"travel": Decimal("25")}, reply_by=reply_by, by=member
            )

        return run

    return run_at_once([offering(application) for application in applications])


def live(seminar):
    return BursaryApplication.objects.filter(
        seminar=seminar, status__in=BursaryStatus.live_award
    ).count()


def test_twenty_offers_at_once_for_five_bursaries_award_exactly_five(django_user_model):
    member = django_user_model.objects.create_user("panel", is_staff=True)
    seminar = SeminarFactory(bursaries_per_group=5, capacity=100, bursaries_closed=True)
    applications = BursaryApplicationFactory.create_batch(20, seminar=seminar)

    errors = offers_at_once(seminar, applications, member)

    assert live(seminar) == 5
    assert len(errors) == 15
    assert all(isinstance(error, services.BursaryError) for error in errors)
    assert seminar.registrations.filter(status="held").count() == 5


def test_without_the_lock_the_same_offers_go_over_the_limit(django_user_model, settings):
    settings.RACE_TEST_WITHOUT_LOCK = True
    settings.RACE_TEST_DELAY = 0.05
    member = django_user_model.objects.create_user("panel", is_staff=True)
    seminar = SeminarFactory(bursaries_per_group=5, capacity=100, bursaries_closed=True)
    applications = BursaryApplicationFactory.create_batch(20, seminar=seminar)

    offers_at_once(seminar, applications, member)

    assert live(seminar) > 5


def test_offers_racing_for_the_last_places_never_over_allocate(django_user_model):
    member = django_user_model.objects.create_user("panel", is_staff=True)
    seminar = SeminarFactory(bursaries_per_group=10, capacity=3, bursaries_closed=True)
    applications = BursaryApplicationFactory.create_batch(8, seminar=seminar)

    offers_at_once(seminar, applications, member)

    assert seminar.registrations.filter(status__in=["held", "confirmed"]).count() == 3
    assert live(seminar) == 3


def test_two_lapse_jobs_at_once_lapse_each_offer_once(django_user_model):
    """The job run twice at the same moment (two timers overlapping): the second waits on the
    seminar's lock, then finds nothing left to lapse. Each offer lapses once, gives its money
    back once and sends one email; each freed place goes to one person waiting."""
    member = django_user_model.objects.create_user("panel", is_staff=True)
    now = timezone.now()
    seminars = [
        SeminarFactory(bursaries_per_group=5, capacity=4, bursaries_closed=True) for _ in range(2)
    ]
    for seminar in seminars:
        for application in BursaryApplicationFactory.create_batch(4, seminar=seminar):
            services.offer(
                application,
                lines={"travel": Decimal("25")},
                reply_by=now + datetime.timedelta(days=1),
                by=member,
            )
        RegistrationFactory.create_batch(6, seminar=seminar, status="waiting")
    later = now + datetime.timedelta(days=2)
    lapsed = []

    errors = run_at_once(
        [lambda: lapsed.append(services.lapse_overdue_offers(now=later)) for _ in range(2)]
    )

    assert errors == []
    assert sum(lapsed) == 8  # each seminar's offers lapsed by one job or the other
    assert BursaryApplication.objects.filter(status=BursaryStatus.LAPSED).count() == 8
    assert Entry.objects.filter(kind=Kind.RELEASED).count() == 8
    assert Email.objects.filter(kind="bursaries/lapsed").count() == 8
    for seminar in seminars:
        assert seminar.registrations.filter(status="confirmed").count() == 4
        assert seminar.registrations.filter(status="waiting").count() == 2
