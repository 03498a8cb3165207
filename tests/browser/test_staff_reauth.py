"""A signed-in organiser makes new backup codes and moves their sign-in code to a new phone in a
real browser: each asks for the password and a code first, says what to do when one is wrong,
and shows the codes once. axe-core checks each page, desktop and phone."""

import base64

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice
from playwright.sync_api import expect

from tests.browser.helpers import WIDTHS, check
from tests.browser.signin import sign_in_with_second_factor

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CODE = "Code from your authenticator app, or a backup code"


@pytest.mark.parametrize("width", ["desktop", "phone"])
def test_new_backup_codes_and_a_new_phone_ask_first(live_server, page, django_user_model, width):
    page.set_viewport_size(dict(zip(("width", "height"), WIDTHS[width], strict=True)))
    user = django_user_model.objects.create_superuser("ann", "ann@example.org", "a-long-password")
    backup = StaticDevice.objects.create(user=user, name="backup", confirmed=True)
    for code in ("aaaa2222", "bbbb3333", "cccc4444"):
        backup.token_set.create(token=code)
    sign_in_with_second_factor(page, live_server, user, password="a-long-password")
    problems = []

    page.get_by_role("link", name="Your sign-in and backup codes").click()
    assert "You have 3 unused codes" in page.inner_text("main")
    check(page, f"staff-your-sign-in-{width}", problems)

    page.get_by_role("link", name="Make new backup codes").click()
    assert "aaaa2222" not in page.content()
    check(page, f"staff-backup-ask-{width}", problems)
    page.get_by_label("Your password").fill("not-it")
    page.get_by_label(CODE).fill("aaaa2222")
    page.get_by_role("button", name="Make a new set of backup codes").click()
    assert page.get_by_role("heading", name="There is a problem").is_visible()
    assert "That password is not right" in page.inner_text("main")
    check(page, f"staff-backup-wrong-{width}", problems)

    page.get_by_label("Your password").fill("a-long-password")
    page.get_by_label(CODE).fill("aaaa2222")
    page.get_by_role("button", name="Make a new set of backup codes").click()
    page.wait_for_load_state()  # the print button appears when its script has run
    codes = page.locator(".backup-codes li").all_inner_texts()
    assert len(codes) == 10
    expect(page.get_by_role("button", name="Print the codes")).to_be_visible()
    check(page, f"staff-backup-made-{width}", problems)

    page.goto(live_server.url + "/account/two_factor/backup/tokens/")
    assert not any(code in page.content() for code in codes)

    page.goto(live_server.url + "/account/two_factor/")
    page.get_by_role("link", name="Set up a new phone").click()
    check(page, f"staff-new-phone-ask-{width}", problems)
    page.get_by_label("Your password").fill("a-long-password")
    page.get_by_label(CODE).fill(codes[0])
    page.get_by_role("button", name="Continue").click()
    assert page.get_by_role("heading", name="Set up a new phone").is_visible()
    page.wait_for_load_state()
    assert page.locator(".setup-qr").evaluate("img => img.naturalWidth") > 0  # the QR code shows
    key = page.locator(".setup-key").inner_text()
    check(page, f"staff-new-phone-scan-{width}", problems)
    code = str(totp(base64.b32decode(key))).zfill(6)
    page.get_by_label("6-digit code from your authenticator app").fill(code)
    page.get_by_role("button", name="Check the code").click()
    assert "Codes from your old phone no longer work" in page.inner_text("main")
    check(page, f"staff-new-phone-done-{width}", problems)

    page.goto(live_server.url + "/account/two_factor/disable/")
    check(page, f"staff-remove-ask-{width}", problems)

    assert not problems, "\n".join(problems)
