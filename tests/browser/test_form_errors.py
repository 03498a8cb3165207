"""The forms sent back with errors, in a real browser: axe-core finds nothing at desktop and phone
widths, a screen reader hears each error with its question (the accessible description), and a
form that comes back keeps its first time, so sending it again at once is not taken for a robot."""

import re
import time

import pytest
from playwright.sync_api import expect

from registrations.models import Registration
from tests.browser.helpers import WIDTHS, check
from tests.factories import SeminarFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("width", ["desktop", "phone"])
def test_bursary_form_with_errors_describes_each_question_and_passes_axe(live_server, page, width):
    page.set_viewport_size(dict(zip(("width", "height"), WIDTHS[width], strict=True)))
    seminar = SeminarFactory()
    problems = []
    page.goto(f"{live_server.url}/seminars/{seminar.slug}/bursary/")

    page.get_by_label("Full name").fill("Siân Ó Dálaigh")
    page.get_by_label("Your expected travel cost, in pounds").fill("2000.01")
    page.get_by_label("A night's stay nearby, in pounds (optional)").fill("a lot")
    page.get_by_role("button", name="Send my application").click()

    assert page.get_by_role("heading", name="There is a problem").is_visible()
    check(page, f"bursary-form-errors-{width}", problems)
    group = page.get_by_role("group", name="Which group are you part of?")
    expect(group).to_have_accessible_description(
        re.compile(r"Bursaries are for three groups.*Error: Choose the group you are part of")
    )
    expect(
        page.get_by_role("radio", name="Carer: I care for a family member or friend")
    ).not_to_have_attribute("aria-invalid", "true")
    expect(
        page.get_by_label("Your expected travel cost, in pounds")
    ).to_have_accessible_description(
        "The return journey, for example 45.50. A rough figure is fine. Error: Enter an amount "
        "of £2,000 or less. If the costs are higher, email us."
    )
    expect(
        page.get_by_role(
            "group", name="If you are offered a bursary, how would you like us to pay?"
        )
    ).to_have_accessible_description(
        "You can change your mind when you accept. Error: Choose how you would like us to pay "
        "for your travel."
    )
    # The summary has focus first; each link focuses its field with the question in view.
    assert page.evaluate("document.activeElement.className") == "error-summary"
    page.get_by_role("link", name="Choose the group you are part of.").click()
    assert page.evaluate("document.activeElement.id") == "id_group_0"
    expect(page.get_by_text("Which group are you part of?")).to_be_in_viewport()
    page.get_by_role("link", name="Enter an amount of £2,000 or less.").click()
    assert page.evaluate("document.activeElement.id") == "id_travel_cost"
    expect(page.locator("label[for=id_travel_cost]")).to_be_in_viewport()
    assert problems == []


@pytest.mark.parametrize("width", ["desktop", "phone"])
def test_registration_form_sent_empty_passes_axe(live_server, page, width):
    page.set_viewport_size(dict(zip(("width", "height"), WIDTHS[width], strict=True)))
    seminar = SeminarFactory()
    problems = []
    page.goto(f"{live_server.url}/seminars/{seminar.slug}/register/")

    page.get_by_role("button", name="Register for a place").click()

    check(page, f"register-empty-errors-{width}", problems)
    expect(page.get_by_label("Full name")).to_have_accessible_description(
        "As you would like it on your name badge. Error: Enter your full name."
    )
    expect(
        page.get_by_role("group", name="Which group are you part of?")
    ).to_have_accessible_description(re.compile(r"Error: Choose the group you are part of"))
    assert problems == []


TOO_SOON = "We could not tell that a person sent this form"


def fill_registration(page):
    page.get_by_label("Full name").fill("Siân Ó Dálaigh")
    page.get_by_label("Email address").fill("sian@example.org")
    page.get_by_label("Academic or researcher").check()


def test_a_person_who_fixes_one_answer_and_sends_again_at_once_is_not_taken_for_a_robot(
    live_server, page, settings
):
    settings.FORM_MIN_SECONDS = 2
    seminar = SeminarFactory()
    page.goto(f"{live_server.url}/seminars/{seminar.slug}/register/")
    fill_registration(page)
    page.wait_for_timeout(2100)  # people take seconds to fill in a form
    page.get_by_role("button", name="Register for a place").click()  # the privacy box unticked

    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    came_back = time.monotonic()
    page.get_by_label("I have read the privacy notice").check()
    page.get_by_label("Email address").press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")
    sent_again_after = time.monotonic() - came_back

    assert sent_again_after < settings.FORM_MIN_SECONDS  # a fresh clock would have refused it
    assert list(Registration.objects.values_list("email", flat=True)) == ["sian@example.org"]


def test_a_form_sent_within_the_minimum_of_its_page_opening_is_still_refused(
    live_server, page, settings
):
    settings.FORM_MIN_SECONDS = 2
    seminar = SeminarFactory()
    page.goto(f"{live_server.url}/seminars/{seminar.slug}/register/")
    opened = time.monotonic()
    fill_registration(page)
    page.get_by_label("I have read the privacy notice").check()
    page.get_by_role("button", name="Register for a place").click()

    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    sent_after = time.monotonic() - opened
    assert sent_after < settings.FORM_MIN_SECONDS, "too slow to test the minimum: run it again"
    expect(page.locator(".error-summary")).to_contain_text(TOO_SOON)
    assert not Registration.objects.exists()
    expect(page.get_by_label("Email address")).to_have_value("sian@example.org")  # kept to resend
    # Sent again once the minimum has passed since the page first opened, it is taken.
    page.wait_for_timeout(max(0, (opened + 2.1 - time.monotonic()) * 1000))
    page.get_by_role("button", name="Register for a place").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")
    assert Registration.objects.count() == 1
