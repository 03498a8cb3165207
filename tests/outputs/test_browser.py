"""A past seminar's page with a write-up and materials, and the outputs page, in a real browser:
axe-core (WCAG 2.2 AA) finds nothing at desktop and phone widths, nothing scrolls sideways, and
screenshots are kept in var/screenshots/ for a person to look at."""

import pytest

from outputs.models import Audience
from registrations.models import ParticipantGroup
from tests.browser.helpers import WIDTHS, check
from tests.factories import RegistrationFactory
from tests.factories.outputs import (
    FileMaterialFactory,
    MaterialFactory,
    NewsPostFactory,
    WriteUpFactory,
    YouSaidWeDidFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


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
    check(page, f"seminar-{width}", problems, screenshot=f"outputs-seminar-{width}.png")
    page.goto(live_server.url + "/outputs/")
    check(page, f"list-{width}", problems, screenshot=f"outputs-list-{width}.png")
    page.goto(live_server.url + f"/outputs/?seminar={seminar.number}")
    check(
        page,
        f"list-one-seminar-{width}",
        problems,
        screenshot=f"outputs-list-one-seminar-{width}.png",
    )

    assert page.get_by_text("Opening slides").count() == 1
    assert problems == []
