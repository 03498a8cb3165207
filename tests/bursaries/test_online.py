"""A bursary holder who moves online: the travel lines of the award go back to the budget and
they are told; replacement care stays. Once money was spent, nothing is released."""

import datetime
from decimal import Decimal

import pytest
from django.core import mail

from bursaries import services
from bursaries.models import CostLine, PaymentMethod
from bursaries.queries import money_of
from ledger.models import Entry, Kind
from registrations import services as registration_services
from registrations.models import Mode
from tests.bursaries.test_payments import offered
from tests.factories import RegistrationFactory
from tests.factories.registrations import SeminarOnlineFactory
from tests.utils import text

pytestmark = pytest.mark.django_db

LINES = {
    CostLine.TRAVEL: Decimal("40.00"),
    CostLine.COMPANION: Decimal("20.00"),
    CostLine.CARE: Decimal("30.00"),
}


@pytest.fixture
def staff(django_user_model):
    return django_user_model.objects.create_user("panel", is_staff=True)


def accepted_with_online_places(staff, method=PaymentMethod.REIMBURSE):
    application = offered(staff, lines=LINES)
    SeminarOnlineFactory(seminar=application.seminar, capacity=5)
    return services.accept(application, payment_method=method)


def test_moving_online_releases_the_travel_lines_and_tells_the_holder(staff, sent):
    application = accepted_with_online_places(staff)
    sent()
    mail.outbox.clear()

    registration_services.change_mode(application.registration, Mode.ONLINE)

    released = Entry.objects.filter(account=application.account, kind=Kind.RELEASED)
    assert sorted(released.values_list("part", "amount")) == [
        ("companion", Decimal("20.00")),
        ("travel", Decimal("40.00")),
    ]
    assert money_of(application).committed == Decimal("30.00")  # replacement care stays
    told = [email for email in sent() if email.to == [application.email]]
    assert [email.subject for email in told] == [
        f"You are taking part online: Seminar {application.seminar.number}, "
        f"{application.seminar.title}",
        "Your travel bursary now that you are taking part online",
    ]
    assert "£60.00" in told[1].body
    assert "The £30.00 for replacement care stays yours." in told[1].body


def test_moving_back_to_the_room_releases_nothing_more(staff, sent):
    application = accepted_with_online_places(staff)
    registration_services.change_mode(application.registration, Mode.ONLINE)
    sent()
    mail.outbox.clear()

    registration_services.change_mode(application.registration, Mode.ROOM)

    assert Entry.objects.filter(account=application.account, kind=Kind.RELEASED).count() == 2
    assert not [e for e in sent() if "bursary" in e.subject]


def test_nothing_is_released_once_travel_is_paid_for(staff, sent):
    application = accepted_with_online_places(staff, PaymentMethod.ADVANCE)
    services.record_advance(
        application, amount=Decimal("40.00"), paid_on=datetime.date(2030, 1, 2), by=staff
    )
    sent()
    mail.outbox.clear()

    registration_services.change_mode(application.registration, Mode.ONLINE)

    assert not Entry.objects.filter(account=application.account, kind=Kind.RELEASED).exists()
    assert not [e for e in sent() if "bursary" in e.subject]


def test_the_move_page_tells_the_holder_before_they_move(client, staff):
    application = accepted_with_online_places(staff)
    registration = application.registration

    page = text(client.get(f"/registrations/{registration.manage_token}/where/"))
    other = RegistrationFactory(seminar=application.seminar)
    other_page = text(client.get(f"/registrations/{other.manage_token}/where/"))

    assert "You have a travel bursary. If you take part online" in page
    assert "travel bursary" not in other_page
