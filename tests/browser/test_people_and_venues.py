"""The venue section, people, partners and research pages in a real browser: axe-core finds
nothing at desktop and phone widths, with photos, placeholders, logos and project people all on
show; screenshots of each are kept for a person to look at."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.files.uploadedfile import SimpleUploadedFile

from common.images import clean_image_upload
from people.models import Partner, Person, ResearchProject
from seminars.models import AccessFeature, Lift
from tests.browser.helpers import SCREENSHOTS, WIDTHS, axe_and_width_problems
from tests.browser.test_pages import series  # noqa: F401
from tests.test_images import image_bytes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def with_logos_and_research(series):  # noqa: F811
    esrc = Partner.objects.get(slug="economic-and-social-research-council")
    esrc.logo = clean_image_upload(
        SimpleUploadedFile("esrc.png", image_bytes("PNG", size=(640, 200)))
    )
    esrc.logo_alt = "Economic and Social Research Council"
    esrc.save()
    project = ResearchProject.objects.order_by("order").first()
    project.people.add(
        Person.objects.get(slug="pamela-fisher"), Person.objects.get(slug="john-baker")
    )
    # Every fact the venue section can show: access confirmed, where the quiet room is, the
    # seating, and what the seminar has booked.
    venue = series.venue
    venue.step_free_access = venue.accessible_toilets = venue.quiet_room = AccessFeature.YES
    venue.lift, venue.hearing_loop = Lift.ONE_LEVEL, AccessFeature.UNKNOWN
    venue.quiet_room_location = "Room 1.12, next to the main hall"
    venue.seating = "Chairs with arms and backs; space for two wheelchairs at the front."
    venue.save()
    series.bsl_interpreter_booked = True
    series.save()
    return series


@pytest.mark.parametrize("width", ["desktop", "phone"])
def test_venue_people_partners_and_research_pass_axe(
    live_server, page, with_logos_and_research, width
):
    page.set_viewport_size(dict(zip(("width", "height"), WIDTHS[width], strict=True)))
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    axe = Axe()
    problems = []

    page.goto(live_server.url + with_logos_and_research.get_absolute_url())
    problems += axe_and_width_problems(page, axe, f"seminar page at {width}")
    page.locator("section.venue").screenshot(path=SCREENSHOTS / f"venue-{width}.png")
    page.locator("footer").screenshot(path=SCREENSHOTS / f"footer-logos-{width}.png")
    for url in ("/people/", "/research/", "/partners/"):
        page.goto(live_server.url + url)
        problems += axe_and_width_problems(page, axe, f"{url} at {width}")
        page.screenshot(path=SCREENSHOTS / f"{url.strip('/')}-{width}.png", full_page=True)

    assert problems == []
