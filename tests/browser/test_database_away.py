"""The pages shown while the database is away, in a real browser: axe-core finds nothing at
desktop and phone widths, nothing scrolls sideways, and "Send again" is the one action.

The live server's own database connection cannot be made to fail from here, so the pages are
drawn by the test client with the failure injected, then served to the browser at the address
they answer for (with the site's real stylesheets)."""

import pytest
from django.test import Client
from django.urls import reverse
from playwright.sync_api import expect

from tests.browser.helpers import WIDTHS, check
from tests.factories import SeminarFactory
from tests.registrations.test_views import form_data
from tests.test_database_failures import failing

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def serve(body):
    def fulfil(route):
        route.fulfill(status=503, body=body, content_type="text/html; charset=utf-8")

    return fulfil


@pytest.mark.parametrize("width", ["desktop", "phone"])
def test_the_try_again_pages_pass_axe_and_fit(live_server, page, width):
    page.set_viewport_size(dict(zip(("width", "height"), WIDTHS[width], strict=True)))
    seminar = SeminarFactory()
    register = reverse("registrations:register", args=[seminar.slug])
    client = Client()
    with failing("seminars_seminar"):
        away = client.get(register)
        kept = client.post(
            register,
            form_data(
                access_requirements="A hearing loop and a seat near the front, please",
                health_consent="on",
            ),
        )
    problems = []

    for name, response in [("database-away", away), ("database-away-kept", kept)]:
        page.route(live_server.url + register, serve(response.content))
        page.goto(live_server.url + register)
        check(page, f"{name}-{width}", problems)
        page.unroute(live_server.url + register)

    expect(page.get_by_role("button", name="Send again")).to_be_visible()
    expect(page.get_by_text("A hearing loop and a seat near the front, please")).to_be_visible()
    assert problems == []
