"""The certificate as people meet it: the link on their registration page (axe-core finds
nothing there, at desktop and phone widths), the download, and page 1 drawn by PDFium and kept
as var/screenshots/certificate.png for a person to look at.

Run with `pytest -m browser tests/certificates/test_browser.py`.
"""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone
from playwright.sync_api import expect

from certificates import services
from tests.browser.helpers import SCREENSHOTS, axe_and_width_problems
from tests.certificates.conftest import past_seminar, pdf_image, pdf_text
from tests.factories import RegistrationFactory, VenueFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("width", [1280, 375])
def test_attendee_finds_and_downloads_their_certificate(live_server, page, width, signature):
    seminar = past_seminar(
        number=3,
        title="Co-design, co-evaluation and co-learning: street triage, mental health and policing",
        venue=VenueFactory(name="Leeds Trinity University", city="Leeds"),
        attendance_completed_at=timezone.now(),
    )
    registration = RegistrationFactory(seminar=seminar, name="Siân Ó Dálaigh", attended=True)
    page.set_viewport_size({"width": width, "height": 900})

    page.goto(live_server.url + registration.manage_path)
    problems = axe_and_width_problems(page, Axe(), f"registration page at {width}px")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download your certificate (PDF)").click()
    content = download.value.path().read_bytes()

    assert problems == []
    assert download.value.suggested_filename == "certificate-seminar-3.pdf"
    assert "This certifies that Siân Ó Dálaigh attended" in pdf_text(content)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    pdf_image(content, scale=1.5).save(SCREENSHOTS / "certificate.png")


@pytest.mark.parametrize("width", [1280, 375])
def test_someone_shown_a_certificate_checks_its_code_and_name(live_server, page, width):
    seminar = past_seminar(number=3, attendance_completed_at=timezone.now())
    registration = RegistrationFactory(seminar=seminar, name="Siân Ó Dálaigh", attended=True)
    issued = services.issue_certificate(registration)
    page.set_viewport_size({"width": width, "height": 900})
    axe = Axe()

    page.goto(live_server.url + "/certificates/check/")
    problems = axe_and_width_problems(page, axe, f"check form at {width}px")
    page.get_by_label("Certificate code").fill(issued.code.lower())
    page.get_by_role("button", name="Check the certificate").click()
    problems += axe_and_width_problems(page, axe, f"certificate page at {width}px")
    valid = page.get_by_text("This certificate is valid.").is_visible()
    page.get_by_label("The name on the certificate").fill("siân ó dálaigh")
    page.get_by_role("button", name="Check the name").click()
    problems += axe_and_width_problems(page, axe, f"name checked at {width}px")

    assert problems == []
    assert page.url == live_server.url + issued.get_absolute_url()
    assert valid
    expect(page.get_by_role("status")).to_have_text("Yes: that is the name on this certificate.")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"certificate-check-{width}.png", full_page=True)
