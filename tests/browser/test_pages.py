"""Every public page in a real browser: axe-core (WCAG 2.2 AA) finds nothing, at desktop and phone
widths, nothing scrolls sideways, and a screenshot is kept for a person to look at.

Run with `pytest -m browser --screenshot-dir DIR` to keep the screenshots somewhere you choose.
"""

import io

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from PIL import Image
from playwright.sync_api import expect

from common.images import clean_image_upload
from people.models import Person
from seminars.models import Seminar
from tests.browser.helpers import SCREENSHOTS, WCAG, WIDTHS, axe_and_width_problems
from tests.factories import ProgrammeItemFactory, RegistrationFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def series():
    """The real series, plus a photo and a programme so that every element is on some page."""
    call_command("load_series", "--upcoming", verbosity=0)
    seminar = Seminar.objects.get(number=1)
    annie = Person.objects.get(slug="annie-dransfield")
    buffer = io.BytesIO()
    Image.new("RGB", (600, 600), (70, 120, 130)).save(buffer, format="JPEG")
    buffer.name = "annie.jpg"
    annie.photo = clean_image_upload(_Upload(buffer))
    annie.photo_alt = "Annie Dransfield"
    annie.save()
    item = ProgrammeItemFactory(seminar=seminar, title="Welcome and introductions")
    item.speakers.add(annie)
    return seminar


class _Upload(io.BytesIO):
    def __init__(self, buffer):
        super().__init__(buffer.getvalue())
        self.name = buffer.name
        self.size = len(buffer.getvalue())


def a_certificate():
    """A certificate in the register, for its verification page (an attendee of a seminar
    that took place, whose attendance is complete)."""
    from certificates import services
    from tests.certificates.conftest import past_seminar

    seminar = past_seminar(number=99, attendance_completed_at=timezone.now())
    return services.issue_certificate(
        RegistrationFactory(seminar=seminar, name="Ann Lee", attended=True)
    )


def public_urls(seminar):
    tentative = Seminar.objects.filter(starts_at__isnull=True).first()
    person = Person.objects.get(slug="annie-dransfield")
    return [
        "/certificates/check/",
        a_certificate().get_absolute_url(),
        "/",
        "/seminars/",
        seminar.get_absolute_url(),
        tentative.get_absolute_url(),
        "/people/",
        person.get_absolute_url(),
        "/about/",
        "/partners/",
        "/research/",
        "/contact/",
        "/privacy/",
        "/accessibility/",
        "/account/login/",  # staff sign in here; anyone can reach it
        "/no-such-page/",
    ]


@pytest.mark.parametrize("width", WIDTHS)
def test_every_public_page_passes_axe_and_fits_the_screen(live_server, page, series, width):
    page.set_viewport_size(dict(zip(("width", "height"), WIDTHS[width], strict=True)))
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    axe = Axe()
    problems = []

    for url in public_urls(series):
        page.goto(live_server.url + url)
        name = url.strip("/").replace("/", "_") or "home"
        page.screenshot(path=SCREENSHOTS / f"{name}-{width}.png", full_page=True)
        problems += axe_and_width_problems(page, axe, f"{url} at {width}")
        if page.locator("h1").count() != 1:
            problems.append(f"{url} at {width} has {page.locator('h1').count()} h1 elements")

    assert problems == []


def test_the_second_factor_steps_pass_axe_and_fit_the_screen(live_server, page, django_user_model):
    """After the password: the code step for someone with a device; for someone without, the
    set-up pages with the QR code and secret (the library's steps in our layout)."""
    axe = Axe()
    problems = []

    def check(name):
        page.wait_for_load_state()
        for width in ("desktop", "narrow"):
            page.set_viewport_size(dict(zip(("width", "height"), WIDTHS[width], strict=True)))
            problems.extend(axe_and_width_problems(page, axe, f"{name} at {width}"))

    def sign_in(username):
        page.context.clear_cookies()
        page.goto(live_server.url + "/account/login/")
        page.get_by_label("Username").fill(username)
        page.get_by_label("Password").fill("pw")
        page.get_by_role("button", name="Next").click()

    ann = django_user_model.objects.create_user("ann", password="pw", is_staff=True)
    TOTPDevice.objects.create(user=ann, name="default", confirmed=True)
    django_user_model.objects.create_user("bob", password="pw", is_staff=True)

    sign_in("ann")
    assert page.get_by_label("6-digit code from your authenticator app").is_visible()
    check("the code step")
    sign_in("bob")
    expect(page.get_by_text("Your password is right")).to_be_visible()  # taken to set-up
    check("set-up: welcome")
    page.get_by_role("button", name="Start").click()
    expect(page.get_by_alt_text("A QR code for your authenticator app")).to_be_visible()
    check("set-up: QR code")

    assert problems == []


def test_skip_link_is_first_and_moves_focus_to_the_content(live_server, page, series):
    page.goto(live_server.url + "/")

    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    page.keyboard.press("Enter")

    assert focused == "Skip to main content"
    assert page.evaluate("document.activeElement.id") == "main-content"


def test_focus_is_clearly_visible_on_links(live_server, page, series):
    page.goto(live_server.url + "/")
    page.keyboard.press("Tab")

    style = page.evaluate(
        "(() => { const s = getComputedStyle(document.activeElement);"
        " return [s.backgroundColor, s.color]; })()"
    )

    assert style == ["rgb(255, 221, 0)", "rgb(11, 12, 12)"]


def test_phone_menu_works_without_javascript(browser, live_server, series):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 320, "height": 640})
    page = context.new_page()
    page.goto(live_server.url + "/")

    page.get_by_role("navigation", name="Main").get_by_role("link", name="People").click()

    assert page.url == live_server.url + "/people/"
    assert page.get_by_role("heading", level=1).inner_text() == "People"
    context.close()


def test_axe_check_would_catch_a_violation(page):
    """The negative control: the same axe run does report a missing alt text and label."""
    page.set_content('<html lang="en"><main><img src="x.png"><input></main></html>')

    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG}})

    assert results.violations_count >= 2
