"""Sign-ups of one new address at the same moment, against PostgreSQL: threads, each with its
own connection. The test-only delay holds every one past the lookup (which finds no row, so
its select_for_update locks nothing) before any inserts, so the unique constraint decides, and
the losers must carry on with the winner's row rather than fail."""

import pytest

from subscribers import services
from subscribers.models import OpeningAlert, Subscriber
from tests.factories import TentativeSeminarFactory
from tests.registrations.test_concurrency import run_at_once

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_simultaneous_sign_ups_of_a_new_address_make_one_subscriber_and_no_error(settings):
    settings.RACE_TEST_DELAY = 0.3
    seminar = TentativeSeminarFactory()

    errors = run_at_once(
        [
            lambda: services.sign_up(email="ann@example.org"),
            lambda: services.sign_up(email="Ann@example.org"),
            lambda: services.sign_up(email="ann@example.org", seminar=seminar),
        ]
    )

    assert errors == []
    subscriber = Subscriber.objects.get()
    assert subscriber.on_list
    assert list(OpeningAlert.objects.values_list("seminar", flat=True)) == [seminar.pk]
