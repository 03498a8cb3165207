"""A bursary's money in the ledger, through the panel's page and the applicant's: an advance not
all spent (£60 advanced, £52 claimed) leaves £8 that the panel asks back or waives, and either
is recorded, told and shown; someone unwell is asked nothing back."""

import datetime
from decimal import Decimal

import pytest

from bursaries import services
from bursaries.models import BursaryStatus, PaymentMethod
from bursaries.queries import money_of
from ledger.models import Entry, Kind, MoneySettings, WaiverReason
from tests.bursaries.test_payments import accepted, receipt, seminar_over
from tests.utils import text

pytestmark = pytest.mark.django_db

LIST = "/admin/bursaries/bursaryapplication/"
STAFF = "/staff/bursaries/"


@pytest.fixture
def panel_member(make_panel_member):
    return make_panel_member("member")


def left_over_8(panel_member):
    """£60 offered and advanced; £52 claimed and approved."""
    application = accepted(
        panel_member,
        PaymentMethod.ADVANCE,
        lines={"travel": Decimal("60.00")},
        name="Sam Holder",
    )
    services.record_advance(
        application, amount=Decimal("60.00"), paid_on=datetime.date(2030, 1, 2), by=panel_member
    )
    application = seminar_over(application)
    services.submit_claim(application, amount=Decimal("52.00"), files=receipt())
    return services.approve_claim(application, amount_approved=Decimal("52.00"), by=panel_member)


def test_the_8_left_over_is_shown_to_the_panel_and_the_applicant_not_hidden_as_settled(
    client, panel_member, sent
):
    application = left_over_8(panel_member)
    client.force_login(panel_member)

    panel_html = client.get(f"{LIST}{application.pk}/change/").content.decode()
    panel_page = text(panel_html)
    applicant_page = text(client.get(application.status_path))

    assert application.status == BursaryStatus.SETTLED  # nothing more for us to pay
    assert "£8.00 left over from their advance" in panel_page
    assert 'value="Ask for it back"' in panel_html
    assert 'value="Let them keep it"' in panel_html
    assert "so £8.00 is left over" in applicant_page
    assert "nothing more to pay" not in applicant_page
    approval = sent()[-1]
    assert "£8.00 is left over from it" in approval.body
    assert "There is nothing more to pay" not in approval.body


def test_the_panel_asks_for_the_8_back_and_it_is_recorded_told_and_then_returned(
    client, panel_member, sent
):
    application = left_over_8(panel_member)
    MoneySettings.objects.update_or_create(
        pk=1, defaults={"how_to_return": "Pay it at the Leeds finance office, reference B."}
    )
    client.force_login(panel_member)

    asked = text(client.post(f"{STAFF}{application.pk}/actions/ask_back/", {}, follow=True))
    page = text(client.get(application.status_path))
    email = sent()[-1]
    refused = text(
        client.post(
            f"{STAFF}{application.pk}/actions/returned/",
            {"amount": "8.01", "paid_on": "2026-02-01"},
            follow=True,
        )
    )
    client.post(
        f"{STAFF}{application.pk}/actions/returned/", {"amount": "8.00", "paid_on": "2026-02-01"}
    )

    assert "Asked back" in asked
    assert email.subject == "£8.00 left over from your travel advance"
    assert "Pay it at the Leeds finance office, reference B." in email.body
    assert "We have asked you to pay back £8.00" in page
    assert "Pay it at the Leeds finance office" in page
    assert "At most £8.00 is left over to return." in refused
    money = money_of(application)
    assert (money.left_over, money.returned, money.spent, money.committed) == (
        0,
        Decimal("8.00"),
        Decimal("52.00"),
        Decimal("52.00"),
    )
    assert sent()[-1].subject == "Thank you: we have received £8.00"


def test_the_panel_waives_the_8_with_a_reason_and_the_applicant_is_told(client, panel_member, sent):
    application = left_over_8(panel_member)
    client.force_login(panel_member)

    no_reason = text(client.post(f"{STAFF}{application.pk}/actions/waive/", {}, follow=True))
    client.post(f"{STAFF}{application.pk}/actions/waive/", {"reason": WaiverReason.SMALL})
    page = text(client.get(application.status_path))

    assert "Why they keep it" in no_reason
    waiver = Entry.objects.get(kind=Kind.WAIVED)
    assert (waiver.amount, waiver.reason, waiver.by) == (
        Decimal("8.00"),
        WaiverReason.SMALL,
        panel_member,
    )
    assert sent()[-1].subject == "You do not need to pay anything back"
    assert "nothing to pay back" in page
    assert money_of(application).left_over == 0


def test_someone_unwell_is_asked_nothing_back_and_the_bursary_is_settled(client, panel_member):
    application = accepted(panel_member, PaymentMethod.ADVANCE, lines={"travel": Decimal("60")})
    services.record_advance(
        application, amount=Decimal("45.00"), paid_on=datetime.date(2030, 1, 2), by=panel_member
    )
    client.force_login(panel_member)

    client.post(f"{STAFF}{application.pk}/actions/unwell/", {})

    application.refresh_from_db()
    waiver = Entry.objects.get(kind=Kind.WAIVED)
    assert application.status == BursaryStatus.SETTLED
    assert (waiver.amount, waiver.reason) == (Decimal("45.00"), WaiverReason.UNWELL)
    money = money_of(application)
    assert (money.left_over, money.owed_to_person, money.committed) == (0, 0, Decimal("45.00"))


def test_an_offer_that_ends_gives_its_money_back_to_the_budget(panel_member):
    application = accepted(panel_member, PaymentMethod.REIMBURSE)
    assert money_of(application).committed == Decimal("60.00")

    services.withdraw(application)

    money = money_of(application)
    assert (money.offered, money.released, money.committed) == (Decimal("60.00"),) * 2 + (0,)


def test_an_advance_beyond_the_offer_is_refused_in_the_ledgers_words(panel_member):
    application = accepted(panel_member, PaymentMethod.ADVANCE)

    with pytest.raises(services.BursaryError) as refused:
        services.record_advance(
            application, amount=Decimal("60.01"), paid_on=datetime.date.today(), by=panel_member
        )

    assert str(refused.value) == "An advance is at most the £60.00 left of the offer."
    assert not Entry.objects.filter(kind=Kind.ADVANCED).exists()


def test_asked_back_after_part_came_back_unasked_the_email_s_sums_add_up(panel_member, sent):
    application = left_over_8(panel_member)
    services.record_return(
        application, amount=Decimal("3.00"), paid_on=datetime.date(2030, 2, 1), by=panel_member
    )
    services.ask_back(application, by=panel_member)

    email = sent()[-1]

    assert "£5.00 left over" in email.subject
    assert (
        "You spent £52.00 of the £60.00 we paid you in advance. You have already paid back "
        "£3.00, thank you, so £5.00 is still left over." in " ".join(email.body.split())
    )
    assert money_of(application).awaiting_return == Decimal("5.00")


def test_money_paid_back_on_a_day_in_the_future_is_refused_and_nothing_is_recorded(
    client, panel_member
):
    application = left_over_8(panel_member)
    client.force_login(panel_member)

    refused = text(
        client.post(
            f"{STAFF}{application.pk}/actions/returned/",
            {"amount": "3.00", "paid_on": "2999-02-01"},
            follow=True,
        )
    )

    assert "today or earlier, not a day in the future" in refused
    assert not Entry.objects.filter(kind=Kind.RETURNED).exists()
