"""An advance not all spent, in a real browser: £60 paid in advance, £52 claimed on a phone
(375 px); the panel approves in the admin and sees £8 left over, then asks for it back or lets
them keep it; the applicant's page says which, on a phone. axe-core checks every page."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from bursaries import services
from bursaries.models import PANEL_GROUP, BursaryApplication, CostLine, PaymentMethod
from bursaries.queries import money_of
from ledger.models import Entry, Kind, MoneySettings
from tests.browser.helpers import WIDTHS, check
from tests.browser.signin import sign_in_with_second_factor
from tests.browser.test_payment_paths import DESKTOP, PHONE, main_text, move_seminar, photo
from tests.factories import SeminarFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def advanced_60(member):
    """An award of £60, accepted to be paid in advance, and the advance paid."""
    seminar = SeminarFactory(title="Enacting co-production", bursaries_closed=True)
    application = services.offer(
        BursaryApplication.objects.create(
            seminar=seminar,
            name="Siân Ó Dálaigh",
            email="sian@example.org",
            group="third_sector",
            travelling_from="Wakefield",
            travel_cost=Decimal("60"),
            statement="I want to bring what we learned.",
            privacy_agreed_at=timezone.now(),
        ),
        lines={CostLine.TRAVEL: Decimal("60.00")},
        reply_by=timezone.now() + datetime.timedelta(days=5),
        by=member,
    )
    application = services.accept(application, payment_method=PaymentMethod.ADVANCE)
    services.record_advance(
        application, amount=Decimal("60.00"), paid_on=timezone.localdate(), by=member
    )
    move_seminar(seminar, days=-1)
    return application


@pytest.mark.parametrize("decision", ["ask_back", "waive"])
def test_an_advance_with_8_left_over_is_asked_back_or_waived(
    live_server, browser, settings, django_user_model, decision
):
    settings.SITE_URL = live_server.url
    member = django_user_model.objects.create_user("panel", password="pw", is_staff=True)
    member.groups.add(Group.objects.get_or_create(name=PANEL_GROUP)[0])
    MoneySettings.objects.update_or_create(
        pk=1, defaults={"how_to_return": "Email us and we will phone you with the details."}
    )
    application = advanced_60(member)
    link = live_server.url + application.status_path
    problems = []
    applicant = browser.new_page(viewport=PHONE)
    panel = browser.new_page(viewport=DESKTOP)

    # The applicant sends £52 of tickets and receipts from a phone.
    applicant.goto(link)
    applicant.get_by_role("link", name="Send your tickets and receipts").click()
    check(applicant, f"left-over-{decision}-claim", problems)
    applicant.get_by_label("How much did you spend, in pounds?").fill("52.00")
    applicant.get_by_label("Your tickets and receipts").set_input_files(photo())
    applicant.get_by_role("button", name="Send my claim").click()

    # The panel approves £52 and sees the £8 left over.
    sign_in_with_second_factor(panel, live_server, member)
    panel.goto(f"{live_server.url}/admin/bursaries/bursaryapplication/{application.pk}/change/")
    panel.get_by_label("Amount approved, in pounds").fill("52.00")
    panel.get_by_role("button", name="Approve the claim").click()
    assert "£8.00 left over from their advance" in main_text(panel)
    check(panel, f"left-over-{decision}-panel", problems)
    applicant.goto(link)
    waiting = main_text(applicant)
    check(applicant, f"left-over-{decision}-undecided", problems)
    assert "so £8.00 is left over" in waiting
    assert "You do not need to do anything yet" in waiting

    if decision == "ask_back":
        panel.get_by_role("button", name="Ask for it back").click()
    else:
        panel.get_by_label("Too small to ask back").check()
        panel.get_by_role("button", name="Let them keep it").first.click()
    applicant.goto(link)
    told = main_text(applicant)
    check(applicant, f"left-over-{decision}-told", problems)

    money = money_of(application)
    if decision == "ask_back":
        assert "We have asked you to pay back £8.00" in told
        assert "Email us and we will phone you with the details." in told
        assert money.awaiting_return == Decimal("8.00")
    else:
        assert "nothing to pay back" in told
        assert Entry.objects.get(kind=Kind.WAIVED).amount == Decimal("8.00")
        assert money.left_over == 0
    applicant.set_viewport_size(dict(zip(("width", "height"), WIDTHS["narrow"], strict=True)))
    check(applicant, f"left-over-{decision}-narrow", problems, screenshot=False)
    assert problems == []
