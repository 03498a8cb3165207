"""A seminar cancelled (or postponed) in the admin: nothing booked or advanced is asked back (a
waiver with that reason), the panel tells the holders with words for a cancellation, and costs
that cannot be refunded can still be claimed."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from bursaries import services
from bursaries.models import BursaryStatus, PaymentMethod
from bursaries.queries import money_of
from ledger import services as ledger
from ledger.models import Entry, Kind, WaiverReason
from seminars.models import SeminarStatus
from tests.bursaries.test_admin_changes import holder, send, tell_holders
from tests.bursaries.test_payments import receipt
from tests.factories import RegistrationFactory
from tests.seminars.test_changes import save_in_admin
from tests.utils import text

pytestmark = pytest.mark.django_db
DAY = datetime.date(2030, 1, 2)


def test_cancelling_waives_what_was_spent_and_prompts_everyone(client, organiser_user, seminar):
    advanced = holder(seminar, BursaryStatus.ADVANCE_PAID, PaymentMethod.ADVANCE)
    accepted = holder(seminar, BursaryStatus.ACCEPTED)
    RegistrationFactory(seminar=seminar)

    response = save_in_admin(client, seminar, status=SeminarStatus.CANCELLED)
    html = client.get(response.url).content.decode()
    page = text(html)

    waiver = Entry.objects.get(kind=Kind.WAIVED)
    assert waiver.account_id == advanced.account_id
    assert (waiver.amount, waiver.reason, waiver.by) == (
        Decimal("20.00"),
        WaiverReason.CANCELLED,
        organiser_user,
    )
    assert money_of(accepted).waived == 0  # nothing was spent on them
    assert "Seminar 3 is cancelled. Tell the 1 person registered" in page
    assert f'href="{reverse("organising:email-registered", args=[seminar.pk])}"' in html
    assert "The bursary panel will see a reminder to email this seminar's bursary holders." in page


def test_cancelling_twice_waives_once(client, organiser_user, seminar):
    holder(seminar, BursaryStatus.ADVANCE_PAID, PaymentMethod.ADVANCE)
    save_in_admin(client, seminar, status=SeminarStatus.CANCELLED)
    seminar.refresh_from_db()

    assert services.called_off(seminar, by=organiser_user) == 0
    assert Entry.objects.filter(kind=Kind.WAIVED).count() == 1


def test_the_panel_tells_holders_of_a_cancellation_in_its_own_words(
    client, make_panel_member, seminar, sent
):
    booked = holder(seminar, BursaryStatus.BOOKED, PaymentMethod.BOOK, email="b@example.org")
    ledger.book(booked.account_id, Decimal("25"), payee="B", what="tickets", paid_on=DAY)
    reimburse = holder(seminar, BursaryStatus.ACCEPTED, email="r@example.org")
    holder(seminar, BursaryStatus.OFFERED, email="o@example.org")
    seminar.status = SeminarStatus.CANCELLED
    seminar.save()
    client.force_login(make_panel_member("member"))

    preview = text(client.get(tell_holders(seminar)))
    send(client, tell_holders(seminar), {"message": ""})

    assert "has been cancelled" in preview
    delivered = {email.to[0]: email for email in sent()}
    assert delivered["b@example.org"].subject.startswith("Cancelled: Seminar 3")
    assert "You do not need to pay back anything we booked" in delivered["b@example.org"].body
    assert "Our offer of a travel bursary ends with it" in delivered["o@example.org"].body
    assert "still stands" not in delivered["b@example.org"].body
    assert "pay back" not in delivered["r@example.org"].body  # nothing was spent on them
    assert reimburse.status == BursaryStatus.ACCEPTED
    assert booked.status == BursaryStatus.BOOKED


def test_unrefundable_costs_can_be_claimed_once_the_seminar_is_cancelled(seminar):
    accepted = holder(seminar, BursaryStatus.ACCEPTED)
    with pytest.raises(services.BursaryError):
        services.submit_claim(accepted, amount=Decimal("12.00"), files=receipt())

    seminar.status = SeminarStatus.CANCELLED
    seminar.save()
    services.submit_claim(accepted, amount=Decimal("12.00"), files=receipt())

    accepted.refresh_from_db()
    assert accepted.status == BursaryStatus.CLAIMED
    assert money_of(accepted).claimed == Decimal("12.00")


def test_postponing_asks_nothing_back_either(client, organiser_user, seminar):
    advanced = holder(seminar, BursaryStatus.ADVANCE_PAID, PaymentMethod.ADVANCE)

    save_in_admin(client, seminar, status=SeminarStatus.POSTPONED)

    assert Entry.objects.get(kind=Kind.WAIVED).account_id == advanced.account_id


def test_a_holder_s_page_says_the_seminar_is_cancelled_and_nothing_is_asked_back(
    client, organiser_user, seminar
):
    advanced = holder(seminar, BursaryStatus.ADVANCE_PAID, PaymentMethod.ADVANCE)
    before = text(client.get(advanced.status_path).content.decode())
    assert "we will ask you to pay back what is left over" in before

    save_in_admin(client, seminar, status=SeminarStatus.CANCELLED)
    page = text(client.get(advanced.status_path).content.decode())

    assert "Seminar 3 has been cancelled." in page
    assert "You do not need to pay back anything we booked for you or paid you in advance" in page
    assert "we will ask you to pay back what is left over" not in page
    assert "Your place is confirmed" not in page
