"""A new organiser signs in for the first time in a real browser: password, then the set-up of
the sign-in code (the code computed here as their phone would), backup codes, and the staff home
page in sections named for the work. axe-core checks each page, desktop and phone."""

import base64

import pytest
from django_otp.oath import totp
from playwright.sync_api import expect

from tests.browser.helpers import WIDTHS, check
from tests.test_groups import organisers_group

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("width", ["desktop", "phone"])
def test_a_new_organiser_signs_in_and_sets_up_their_code(
    live_server, page, django_user_model, width
):
    page.set_viewport_size(dict(zip(("width", "height"), WIDTHS[width], strict=True)))
    organiser = django_user_model.objects.create_user(
        "ann", password="a-long-password", is_staff=True
    )
    organiser.groups.add(organisers_group())
    problems = []

    page.goto(live_server.url + "/admin/")
    page.get_by_label("Username").fill("ann")
    page.get_by_label("Password").fill("a-long-password")
    page.get_by_role("button", name="Next").click()
    assert "Your password is right" in page.inner_text("main")
    check(page, f"staff-setup-why-{width}", problems)

    page.get_by_role("button", name="Start").click()
    key = page.locator(".setup-key").inner_text()
    check(page, f"staff-setup-scan-{width}", problems)
    page.get_by_label("6-digit code from your authenticator app").fill("123")
    page.get_by_role("button", name="Check the code").click()
    assert "That code did not work" in page.inner_text("main")
    code = str(totp(base64.b32decode(key))).zfill(6)
    page.get_by_label("6-digit code from your authenticator app").fill(code)
    page.get_by_role("button", name="Check the code").click()
    assert "Your sign-in code is set up" in page.inner_text("main")
    check(page, f"staff-setup-done-{width}", problems)

    page.get_by_role("link", name="Make backup codes").click()
    page.get_by_role("button", name="Make backup codes").click()
    page.wait_for_load_state()  # the print button appears when its script has run
    assert page.locator(".backup-codes li").count() == 10
    expect(page.get_by_role("button", name="Print the codes")).to_be_visible()
    check(page, f"staff-backup-codes-{width}", problems)

    page.get_by_role("link", name="Go to the overview").click()
    home = page.inner_text("#content").lower()  # the admin shows captions in capitals
    assert "seminars and pages" in home
    assert "security" not in home
    assert "bursary applications" not in home  # the budget's travel line is a total, no names
    check(page, f"staff-home-{width}", problems)

    assert not problems, "\n".join(problems)
