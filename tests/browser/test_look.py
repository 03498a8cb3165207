"""The pages a first-time visitor meets (home, the seminar list, a seminar) at four widths:
screenshots kept under var/screenshots/look-<page>-<width>.png for a person to look at, axe-core
finds nothing, nothing scrolls sideways, and on a phone the one action is on the first screen.

Run with `pytest -m browser tests/browser/test_look.py`.
"""

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.browser.helpers import SCREENSHOTS, axe_and_width_problems
from tests.browser.test_pages import series  # noqa: F401
from tests.factories import RegistrationFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Width: height of the first screen (a desktop, a tablet, an iPhone SE/8, the narrowest phone).
SCREENS = {1280: 900, 768: 1024, 375: 667, 320: 568}


def pages(seminar):
    return {"home": "/", "seminars": "/seminars/", "seminar": seminar.get_absolute_url()}


@pytest.mark.parametrize("width", SCREENS)
def test_first_pages_look_finished_pass_axe_and_fit(live_server, page, series, width):  # noqa: F811
    RegistrationFactory.create_batch(3, seminar=series)
    page.set_viewport_size({"width": width, "height": SCREENS[width]})
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    axe = Axe()
    problems = []

    for name, url in pages(series).items():
        page.goto(live_server.url + url)
        page.screenshot(path=SCREENSHOTS / f"look-{name}-{width}.png", full_page=True)
        problems += axe_and_width_problems(page, axe, f"{url} at {width}px")

    assert problems == []


@pytest.mark.parametrize("name", ["home", "seminar"])
def test_the_one_action_is_on_a_phones_first_screen(live_server, page, series, name):  # noqa: F811
    page.set_viewport_size({"width": 375, "height": 667})
    page.goto(live_server.url + pages(series)[name])

    action = page.locator(".key-facts-action .btn")
    box = action.bounding_box()

    assert action.inner_text() == "Register for a place"
    assert box["y"] + box["height"] <= 667
    assert box["height"] >= 44
    assert page.locator(".btn-primary").count() == 1
