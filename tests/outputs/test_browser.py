"""A past seminar's page with a write-up and materials, and the outputs page, in a real browser:
axe-core (WCAG 2.2 AA) finds nothing at desktop and phone widths, nothing scrolls sideways, and
screenshots are kept in var/screenshots/ for a person to look at."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from outputs.models import Audience
from registrations.models import ParticipantGroup
from tests.browser.test_pages import SCREENSHOTS, WCAG, WIDTHS
from tests.factories import RegistrationFactory
from tests.outputs.factories import (
    FileMaterialFactory,
    MaterialFactory,
    NewsPostFactory,
    WriteUpFactory,
    YouSaidWeDidFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def check(page, name, problems):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"outputs-{name}.png", full_page=True)
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG}})
    if results.violations_count:
        problems.append(f"{name}:\n{results.generate_report()}")
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    if overflow > 0:
        problems.append(f"{name} scrolls sideways by {overflow}px")


@pytest.mark.parametrize("width", ["desktop", "phone"])
def test_a_past_seminar_with_outputs_and_the_outputs_page_pass_axe(live_server, page, width):
    page.set_viewport_size(dict(zip(("width", "height"), WIDTHS[width], strict=True)))
    write_up = WriteUpFactory(
        seminar__title="Enacting co-production",
        body="## The morning\n\nWe heard from [service users](https://example.org) first.",
    )
    seminar = write_up.seminar
    YouSaidWeDidFactory(write_up=write_up, you_said="Lunch was late", we_did="We moved it")
    RegistrationFactory(seminar=seminar, group=ParticipantGroup.ACADEMIC, attended=True)
    FileMaterialFactory(
        seminar=seminar,
        title="Opening slides",
        accessible_version_note="Large print on request",
    )
    FileMaterialFactory(seminar=seminar, title="Workshop notes", audience=Audience.REGISTERED)
    MaterialFactory(seminar=seminar, title="Recording of the panel", has_captions=True)
    NewsPostFactory(title="The series report is out")
    problems = []

    page.goto(live_server.url + seminar.get_absolute_url())
    check(page, f"seminar-{width}", problems)
    page.goto(live_server.url + "/outputs/")
    check(page, f"list-{width}", problems)
    page.goto(live_server.url + f"/outputs/?seminar={seminar.number}")
    check(page, f"list-one-seminar-{width}", problems)

    assert page.get_by_text("Opening slides").count() == 1
    assert problems == []
