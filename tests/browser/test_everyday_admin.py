"""Everyday staff tasks in a real browser: telling people after moving a seminar, and declaring
then withdrawing a conflict of interest with JavaScript switched off. axe-core checks each page."""

import pytest
from playwright.sync_api import expect

from bursaries.models import PANEL_GROUP, Review
from outbox.models import Email
from tests.browser.helpers import WIDTHS, check
from tests.browser.signin import sign_in_with_second_factor
from tests.bursaries.conftest import panel_group
from tests.factories import BursaryApplicationFactory, RegistrationFactory, SeminarFactory
from tests.test_groups import organisers_group
from tests.utils import london

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("width", ["desktop", "phone"])
def test_an_organiser_moves_a_seminar_then_tells_everyone_registered(
    live_server, page, django_user_model, width
):
    organiser = django_user_model.objects.create_user("ann", password="pw", is_staff=True)
    organiser.groups.add(organisers_group())
    seminar = SeminarFactory(
        number=3, starts_at=london(2030, 3, 5, 10), ends_at=london(2030, 3, 5, 16), capacity=5
    )
    RegistrationFactory(seminar=seminar, email="ann@example.org")
    problems = []
    page.set_viewport_size(dict(zip(("width", "height"), WIDTHS[width], strict=True)))
    sign_in_with_second_factor(page, live_server, organiser)

    page.goto(f"{live_server.url}/admin/seminars/seminar/{seminar.pk}/change/")
    page.locator("#id_starts_at_0").fill("2030-03-12")
    page.locator("#id_ends_at_0").fill("2030-03-12")
    page.get_by_role("button", name="Save", exact=True).click()
    page.get_by_role("link", name="preview the email to them").click()
    check(page, f"tell-registered-{width}", problems)
    preview = page.locator(".email-preview").inner_text()
    page.get_by_role("button", name="Send to 1 person").click()

    assert "The date of Seminar 3" in preview
    assert "Tuesday 12 March 2030, 10am to 4pm" in preview
    expect(page.get_by_text("Queued 1 email.")).to_be_visible()
    assert list(Email.objects.values_list("to", flat=True)) == ["ann@example.org"]
    assert not problems, "\n".join(problems)


def test_a_conflict_is_declared_and_withdrawn_without_javascript(
    live_server, browser, django_user_model
):
    member = django_user_model.objects.create_user("pat", password="pw", is_staff=True)
    member.groups.add(panel_group())
    assert member.groups.filter(name=PANEL_GROUP).exists()
    application = BursaryApplicationFactory()
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    sign_in_with_second_factor(page, live_server, member)

    page.goto(f"{live_server.url}/admin/bursaries/bursaryapplication/{application.pk}/change/")
    page.get_by_role("link", name="declare a conflict of interest").click()
    asked_first = not Review.objects.exists()
    page.get_by_role(
        "button", name=f"Declare a conflict of interest with {application.reference}"
    ).click()
    declared = Review.objects.get().conflict
    page.get_by_role("link", name="Your conflicts of interest (1)").click()
    page.get_by_role(
        "link", name=f"Withdraw my conflict of interest with {application.reference}"
    ).click()
    page.get_by_role(
        "button", name=f"Withdraw my conflict of interest with {application.reference}"
    ).click()
    context.close()

    assert asked_first
    assert declared
    assert not Review.objects.exists()
