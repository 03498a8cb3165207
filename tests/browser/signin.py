"""Signing in to the admin in a real browser: password, then the authenticator code."""

from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice


def sign_in_with_second_factor(page, live_server, user, password="pw"):
    device, _ = TOTPDevice.objects.get_or_create(
        user=user, name="default", defaults={"confirmed": True}
    )
    page.goto(live_server.url + "/account/login/")
    page.get_by_label("Username").fill(user.get_username())
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Next").click()
    page.get_by_label("6-digit code from your authenticator app").fill(
        str(totp(device.bin_key)).zfill(6)
    )
    page.get_by_role("button", name="Next").click()
