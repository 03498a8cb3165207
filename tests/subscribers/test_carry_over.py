"""The old "future seminars" tick box carried over to the mailing list (the data migration runs
subscribers.carry_over with its historical models; here it runs with the live ones)."""

import pytest
import time_machine
from django.core.management import call_command

from outbox.models import Email
from registrations.models import Registration
from subscribers import services
from subscribers.carry_over import carry_over
from subscribers.models import Subscriber, SubscriberStatus
from tests.factories import RegistrationFactory, SeminarFactory
from tests.factories.subscribers import SubscriberFactory
from tests.utils import london

pytestmark = pytest.mark.django_db

NOW = london(2026, 6, 1, 9)


@pytest.fixture
def ticked():
    """Ann ticked the box for seminars ending in March and May 2026; Bea for one in 2025."""
    march = SeminarFactory(starts_at=london(2026, 3, 3, 10), ends_at=london(2026, 3, 3, 16))
    may = SeminarFactory(starts_at=london(2026, 5, 5, 10), ends_at=london(2026, 5, 5, 16))
    long_ago = SeminarFactory(starts_at=london(2025, 1, 7, 10), ends_at=london(2025, 1, 7, 16))
    RegistrationFactory(seminar=march, email="ann@example.org", future_seminars=True)
    RegistrationFactory(seminar=may, email="ANN@example.org", future_seminars=True)
    RegistrationFactory(seminar=long_ago, email="gone@example.org", future_seminars=True)
    RegistrationFactory(seminar=may, email="quiet@example.org", future_seminars=False)


def run():
    return carry_over(Registration, Subscriber, keep_months=12, now=NOW)


def test_carry_over_keeps_the_expiry_the_privacy_notice_promised(ticked):
    made = run()

    [ann] = Subscriber.objects.all()
    assert made == 1
    assert ann.email.lower() == "ann@example.org"
    assert ann.status == SubscriberStatus.CONFIRMED
    assert ann.on_list
    assert ann.carried_over
    assert ann.keep_until == london(2027, 5, 5, 16)  # 12 months after her latest seminar
    assert Registration.objects.filter(future_seminars=True).count() == 0


def test_carry_over_twice_changes_nothing_and_resurrects_nobody(ticked):
    run()
    services.unsubscribe(Subscriber.objects.get())

    made_again = run()

    assert made_again == 0
    assert Subscriber.objects.count() == 0


def test_carry_over_leaves_an_address_already_on_the_list_as_it_is(ticked):
    existing = SubscriberFactory(email="Ann@example.org")

    run()

    assert list(Subscriber.objects.all()) == [existing]
    assert Subscriber.objects.get().keep_until is None


def test_carried_over_people_are_asked_once_and_go_at_their_old_expiry_unless_they_confirm(
    ticked, sent
):
    run()
    RegistrationFactory(email="bea@example.org", future_seminars=True)
    run()
    ann = Subscriber.objects.get(email__iexact="ann@example.org")
    bea = Subscriber.objects.get(email="bea@example.org")

    with time_machine.travel(NOW):
        call_command("send_subscriber_emails", verbosity=0)
        call_command("send_subscriber_emails", verbosity=0)
    emails = sent()
    services.confirm(bea)
    with time_machine.travel(london(2027, 5, 5, 16)):
        call_command("apply_subscriber_retention", verbosity=0)

    assert sorted(e.to[0].lower() for e in emails) == ["ann@example.org", "bea@example.org"]
    assert all(e.subject.startswith("Do you want to stay on our list?") for e in emails)
    stay = next(e for e in emails if e.to[0].lower() == "ann@example.org")
    assert ann.confirm_url in stay.body
    assert "Wednesday 5 May 2027" in stay.body
    assert stay.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert list(Subscriber.objects.all()) == [bea]
    assert Subscriber.objects.get().keep_until is None
    assert Email.objects.filter(kind="subscribers/stay").count() == 2
