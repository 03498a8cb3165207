"""The money on the staff pages in a real browser, desktop and phone: the overview's budget,
the finance page (and its errors) and the funder's report's spend. axe-core finds nothing and
nothing scrolls sideways."""

import pytest

from tests.browser.helpers import WIDTHS, check
from tests.browser.signin import sign_in_with_second_factor
from tests.organising.money_scenario import seed

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("width", ["desktop", "phone"])
def test_the_money_pages_pass_axe_at_every_width(live_server, page, django_user_model, width):
    seed()
    root = django_user_model.objects.create_superuser("root", "root@example.org", "pw")
    problems = []
    page.set_viewport_size(dict(zip(("width", "height"), WIDTHS[width], strict=True)))
    sign_in_with_second_factor(page, live_server, root)

    page.goto(f"{live_server.url}/admin/")
    assert page.get_by_role("heading", name="Budget").is_visible()
    check(page, f"money-overview-{width}", problems)

    page.get_by_role("link", name="Payments for the finance office").click()
    page.get_by_label("From").fill("2026-06-01")
    page.get_by_label("To").fill("2026-05-01")
    page.get_by_role("button", name="Travel bursary payments (CSV)").click()
    assert page.get_by_text("There is a problem with the dates").is_visible()
    check(page, f"money-finance-error-{width}", problems)

    page.goto(f"{live_server.url}/staff/report/?start=2026-04-01&end=2027-03-31")
    assert page.get_by_text("Spend by budget line").first.is_visible()
    check(page, f"money-report-{width}", problems)

    assert not problems, "\n".join(problems)
