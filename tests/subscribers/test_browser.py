"""The mailing list's pages in a real browser: axe-core (WCAG 2.2 AA) finds nothing at desktop and
phone widths, nothing scrolls sideways, and the footer's form works without JavaScript.
Screenshots go to var/screenshots/subscribe-{desktop,phone}.png for a person to look at."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from subscribers.models import Subscriber, SubscriberStatus
from tests.browser.helpers import SCREENSHOTS, axe_and_width_problems
from tests.factories import SeminarFactory, TentativeSeminarFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = {"desktop": (1280, 900), "phone": (375, 740)}


@pytest.mark.parametrize("width", WIDTHS)
def test_sign_up_page_and_footer_form_pass_axe_and_fit(live_server, page, width):
    SeminarFactory(title="Open for registration")
    month_only = TentativeSeminarFactory(title="Month only")
    page.set_viewport_size(dict(zip(("width", "height"), WIDTHS[width], strict=True)))
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    axe = Axe()
    problems = []

    page.goto(live_server.url + "/subscribe/")
    page.screenshot(path=SCREENSHOTS / f"subscribe-{width}.png", full_page=True)
    problems += axe_and_width_problems(page, axe, f"/subscribe/ at {width}")
    page.get_by_role("button", name="Sign up").click()  # nothing typed: the error summary
    problems += axe_and_width_problems(page, axe, f"/subscribe/ with an error at {width}")
    for url in ("/", "/privacy/", month_only.get_absolute_url()):
        page.goto(live_server.url + url)
        problems += axe_and_width_problems(page, axe, f"{url} (footer form) at {width}")
    page.screenshot(path=SCREENSHOTS / f"subscribe-footer-{width}.png", full_page=True)
    page.locator("footer").get_by_label("Email address").fill("ann@example.org")
    page.locator("footer").get_by_role("button", name="Sign up").click()
    page.screenshot(path=SCREENSHOTS / f"subscribe-from-footer-{width}.png", full_page=True)
    problems += axe_and_width_problems(page, axe, f"the footer's address to send at {width}")

    assert problems == []


def test_footer_form_signs_up_without_javascript(live_server, browser):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + "/privacy/")

    footer = page.locator("footer")
    footer.get_by_label("Email address").fill("ann@example.org")
    footer.get_by_role("button", name="Sign up").click()
    # The sign-up page, with the address filled in and the checks the footer leaves out.
    assert page.get_by_label("Email address").input_value() == "ann@example.org"
    assert not Subscriber.objects.exists()
    page.get_by_role("button", name="Sign up").click()

    assert page.get_by_role("heading", level=1).inner_text() == "Check your email"
    assert list(Subscriber.objects.values_list("email", "status")) == [
        ("ann@example.org", SubscriberStatus.PENDING)
    ]
    context.close()
