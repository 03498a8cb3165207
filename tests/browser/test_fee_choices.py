"""Involvement fees in a real browser: an organiser offers a fee on the seminar's fee page, and
three contributors on phones (375 px) read their private pages and choose: one takes the fee,
one declines it, one asks for a voucher. axe-core checks every contributor's page, before and
after choosing, and the ledger follows each choice."""

import re
from decimal import Decimal as D

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from fees import services
from fees.models import FeeChoice, FeeSettings, InvolvementFee
from fees.queries import money
from outbox.models import Email
from seminars.models import SeminarSpeaker
from tests.browser.helpers import WIDTHS, check
from tests.browser.signin import sign_in_with_second_factor
from tests.factories import PersonFactory, SeminarFactory
from tests.test_groups import organisers_group

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = dict(zip(("width", "height"), WIDTHS["phone"], strict=True))
DESKTOP = dict(zip(("width", "height"), WIDTHS["desktop"], strict=True))


def main_text(page):
    return " ".join(page.inner_text("main").split())


def link_in(email):
    return re.search(r"https?://\S+/fees/[\w-]+/", email.body_text).group(0)


def test_contributors_take_decline_and_ask_for_a_voucher(live_server, browser, settings):
    settings.SITE_URL = live_server.url
    FeeSettings.objects.get_or_create(pk=1)
    seminar = SeminarFactory(title="Enacting co-production")
    talk = SeminarSpeaker.objects.create(seminar=seminar, person=PersonFactory(name="Ama Speaker"))
    organiser = get_user_model().objects.create_user("organiser", password="pw", is_staff=True)
    organiser.groups.add(organisers_group())
    problems = []

    # The organiser offers Ama 4 hours from the seminar's fee page.
    staff = browser.new_page(viewport=DESKTOP)
    sign_in_with_second_factor(staff, live_server, organiser)
    staff.goto(f"{live_server.url}/staff/fees/seminars/{seminar.pk}/")
    staff.get_by_label("Who is it for?").select_option(label="Ama Speaker")
    staff.get_by_label("Their email address").fill("ama@example.org")
    staff.get_by_label("What is it for?").fill("Speaking at seminar 1, and preparing")
    staff.get_by_label("Paid by").select_option(label="Hours")
    staff.get_by_label("How many?").fill("4")
    staff.get_by_label("They take part as a person with lived experience").check()
    staff.get_by_label("They agreed, explicitly, that we record this").check()
    staff.get_by_role("button", name="Offer the fee").click()
    expect(staff.locator("body")).to_contain_text("the link is on its way to them")
    assert InvolvementFee.objects.get(speaker=talk).lived_experience

    # Two co-facilitators are offered theirs too.
    arguments = {"for_what": "Co-facilitating the afternoon", "unit": "hour", "quantity": D("3")}
    services.offer_fee(seminar, by=organiser, name="Ben", email="ben@example.org", **arguments)
    services.offer_fee(seminar, by=organiser, name="Cat", email="cat@example.org", **arguments)

    # Ama reads the page on her phone, then takes the fee.
    phone = browser.new_page(viewport=PHONE)
    phone.goto(link_in(Email.objects.get(to="ama@example.org")))
    page = main_text(phone)
    assert "We would like to pay you £100.00 for speaking at seminar 1, and preparing." in page
    assert page.index("Citizens Advice") < page.index("Save my choice")
    check(phone, "fee-offered", problems)
    phone.get_by_label("Take the fee", exact=True).check()
    phone.get_by_role("button", name="Save my choice").click()
    assert "Thank you: we will pay you the fee after the seminar." in main_text(phone)
    check(phone, "fee-taken", problems)

    # Ben declines his.
    phone.goto(link_in(Email.objects.get(to="ben@example.org")))
    phone.get_by_label("No, thank you: I do not want a fee").check()
    phone.get_by_role("button", name="Save my choice").click()
    assert "You said no to the fee." in main_text(phone)
    check(phone, "fee-declined", problems)

    # Cat asks for a voucher, forgetting at first to say which way.
    phone.goto(link_in(Email.objects.get(to="cat@example.org")))
    phone.get_by_label("Take it another way: a voucher, or paid to an organisation").check()
    phone.get_by_role("button", name="Save my choice").click()
    assert "Choose a voucher or payment to an organisation." in main_text(phone)
    check(phone, "fee-another-way-error", problems)
    phone.get_by_label("A voucher", exact=True).check()
    phone.get_by_role("button", name="Save my choice").click()
    assert "You asked for the fee as a voucher." in main_text(phone)
    check(phone, "fee-voucher", problems)

    # The organiser sees the choices on the seminar's fee page, and opens Cat's.
    staff.goto(f"{live_server.url}/staff/fees/seminars/{seminar.pk}/")
    expect(staff.locator("#content-main")).to_contain_text("Another way")
    staff.get_by_role("link", name=re.compile("Cat$")).click()
    expect(staff.locator("#content-main")).to_contain_text("Another way: a voucher")
    check(staff, "fee-staff-page", problems)

    assert not problems, "\n\n".join(problems)
    chosen = {fee.name: fee for fee in InvolvementFee.objects.all()}
    assert {name: fee.choice for name, fee in chosen.items()} == {
        "Ama Speaker": FeeChoice.ACCEPTED,
        "Ben": FeeChoice.DECLINED,
        "Cat": FeeChoice.ANOTHER_WAY,
    }
    assert {name: money(fee)[0].committed for name, fee in chosen.items()} == {
        "Ama Speaker": D("100"),
        "Ben": D("0"),
        "Cat": D("75"),
    }
    assert chosen["Cat"].another_way == "voucher"
