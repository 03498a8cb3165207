"""A visitor registers, reads the email, opens the manage link and cancels, in a real browser,
with axe-core checking every step at desktop and phone widths."""

import re

import pytest

from outbox import services as outbox
from outbox.models import Email
from registrations.models import Registration, RegistrationStatus
from tests.browser.helpers import WIDTHS, check
from tests.factories import SeminarFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("width", ["desktop", "phone"])
def test_register_read_email_manage_and_cancel(live_server, page, settings, width):
    settings.SITE_URL = live_server.url
    page.set_viewport_size(dict(zip(("width", "height"), WIDTHS[width], strict=True)))
    seminar = SeminarFactory(title="Enacting co-production", capacity=5)
    problems = []

    page.goto(live_server.url + seminar.get_absolute_url())
    page.get_by_role("link", name="Register for a place").click()
    check(page, f"register-{width}", problems)

    # First, a mistake: the form says what to do, at the top and next to the field.
    page.get_by_label("Full name").fill("Siân Ó Dálaigh")
    page.get_by_label("Email address").fill("not an email")
    page.get_by_role("button", name="Register for a place").click()
    assert page.get_by_role("heading", name="There is a problem").is_visible()
    check(page, f"register-errors-{width}", problems)
    page.get_by_role("link", name="Enter an email address in the correct format").click()
    assert page.evaluate("document.activeElement.id") == "id_email"

    page.get_by_label("Email address").fill("sian@example.org")
    page.get_by_label("Carer: I care for a family member or friend").check()
    page.get_by_label("Anything else about access (optional)").fill("A quiet room at lunch, please")
    page.get_by_label("You may keep what I have told you here about my health").check()
    page.get_by_label("I have read the privacy notice").check()
    page.get_by_role("button", name="Register for a place").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Check your email"
    check(page, f"check-email-{width}", problems)

    outbox.send_due()
    email = Email.objects.get(to="sian@example.org")
    link = re.search(r"https?://\S+/registrations/[\w-]+/", email.body_text).group(0)
    page.goto(link)
    assert "Your place is confirmed." in page.inner_text("main")
    check(page, f"manage-{width}", problems)

    page.get_by_role("link", name="Cancel my place").click()
    check(page, f"cancel-{width}", problems)
    page.get_by_role("button", name="Yes, cancel my place").click()
    assert "Your place is cancelled." in page.inner_text("main")
    check(page, f"cancelled-{width}", problems)

    assert Registration.objects.get().status == RegistrationStatus.CANCELLED
    assert problems == []
