"""The admin needs a password and a second factor; repeated failures lock one address out."""

import base64
import datetime

import pytest
import time_machine
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.conftest import UNVERIFIED_FORCE_LOGIN
from tests.utils import text

pytestmark = pytest.mark.django_db

SETUP = "/account/two_factor/setup/"
ADMIN_PAGES = [
    "/admin/",
    "/admin/seminars/seminar/",
    "/admin/registrations/registration/",
    "/admin/bursaries/bursaryapplication/",
    "/admin/outbox/email/",
]


@pytest.fixture
def superuser(django_user_model):
    return django_user_model.objects.create_superuser("boss", "boss@example.org", "right-pw")


def code_for(base32_key):
    """What an authenticator app shows now for the key the set-up page gave."""
    return str(totp(base64.b32decode(base32_key))).zfill(6)


def sign_in(client, username, password, address="203.0.113.5"):
    return client.post(
        "/account/login/",
        {"login_view-current_step": "auth", "auth-username": username, "auth-password": password},
        REMOTE_ADDR=address,
    )


def token_step(client, token, address="203.0.113.5"):
    return client.post(
        "/account/login/",
        {"login_view-current_step": "token", "token-otp_token": token},
        REMOTE_ADDR=address,
    )


def test_the_right_password_without_a_second_factor_goes_to_set_up_with_why(client, superuser):
    sign_in(client, "boss", "right-pw")

    statuses = {page: client.get(page).status_code for page in ADMIN_PAGES}
    landing = client.get("/admin/", follow=True)

    assert set(statuses.values()) == {302}  # no admin page opens
    assert landing.redirect_chain[-1][0] == "/account/two_factor/setup/"
    assert "Your password is right" in text(landing)
    assert "6-digit code from your phone" in text(landing)


def test_setting_up_the_code_opens_the_admin_and_offers_backup_codes(client, superuser):
    sign_in(client, "boss", "right-pw")
    client.post(SETUP, {"setup_view-current_step": "welcome"})
    key = client.session["django_two_factor-qr_secret_key"]

    wrong = client.post(SETUP, {"setup_view-current_step": "generator", "generator-token": "1"})
    done = client.post(
        SETUP,
        {"setup_view-current_step": "generator", "generator-token": code_for(key)},
        follow=True,
    )
    codes = client.post("/account/two_factor/backup/tokens/")

    assert "That code did not work" in text(wrong)
    assert "Make backup codes" in text(done)
    assert "lose your phone" in text(done)
    assert client.get("/admin/").status_code == 200
    made = StaticToken.objects.filter(device__user=superuser)
    assert len(made) == 10
    assert codes.status_code == 200  # shown once, on the page that made them
    assert all(token.token in text(codes) for token in made)


def test_the_sign_in_page_says_what_to_do_when_the_phone_is_lost(client, superuser):
    TOTPDevice.objects.create(user=superuser, name="default", confirmed=True)

    code_step = sign_in(client, "boss", "right-pw")

    assert "6-digit code from your authenticator app" in text(code_step)
    assert "Ask another administrator to reset your sign-in code" in text(code_step)


def test_a_session_without_the_second_factor_reaches_no_admin_page(client, superuser):
    UNVERIFIED_FORCE_LOGIN(client, superuser)

    assert {client.get(page).status_code for page in ADMIN_PAGES} == {302}


def test_password_and_authenticator_code_open_the_admin(client, superuser):
    device = TOTPDevice.objects.create(user=superuser, name="default", confirmed=True)

    sign_in(client, "boss", "right-pw")
    token_step(client, str(totp(device.bin_key)).zfill(6))

    assert client.get("/admin/").status_code == 200


def test_a_wrong_code_does_not(client, superuser):
    TOTPDevice.objects.create(user=superuser, name="default", confirmed=True)

    sign_in(client, "boss", "right-pw")
    response = token_step(client, "000000")

    assert response.status_code == 200
    assert client.get("/admin/").status_code == 302


def test_repeated_failures_lock_that_address_out_but_not_the_person_elsewhere(
    client, superuser, settings
):
    settings.AXES_FAILURE_LIMIT = 3
    for _ in range(3):
        sign_in(client, "boss", "wrong", address="198.51.100.7")

    locked = sign_in(client, "boss", "right-pw", address="198.51.100.7")
    elsewhere = sign_in(client, "boss", "right-pw", address="203.0.113.5")

    assert locked.status_code == 429
    assert "Sign-in paused" in text(locked)
    assert elsewhere.status_code in (200, 302)
    assert "Sign-in paused" not in text(elsewhere)


@pytest.fixture
def clock():
    with time_machine.travel(
        datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC), tick=False
    ) as traveller:
        yield traveller


def test_a_staff_session_ends_after_two_idle_hours(client, clock, organiser):
    assert client.get("/admin/").status_code == 200
    clock.shift(datetime.timedelta(hours=2))  # exactly two idle hours: still signed in
    assert client.get("/admin/").status_code == 200

    clock.shift(datetime.timedelta(hours=2, seconds=1))
    response = client.get("/admin/seminars/seminar/")

    assert response.status_code == 302
    assert response["Location"] == "/account/login/?next=/admin/seminars/seminar/&expired=1"
    assert "_auth_user_id" not in client.session
    assert "signed out" in text(client.get(response["Location"]))


def test_a_busy_staff_session_ends_twelve_hours_after_signing_in(client, clock, organiser):
    statuses = []
    for _hour in range(12):
        statuses.append(client.get("/admin/").status_code)
        clock.shift(datetime.timedelta(hours=1))
    statuses.append(client.get("/admin/").status_code)  # exactly twelve hours: still in
    clock.shift(datetime.timedelta(seconds=1))
    statuses.append(client.get("/admin/").status_code)

    assert statuses == [200] * 13 + [302]


def test_the_staff_session_cookie_expires_with_the_idle_limit(client, clock, organiser):
    client.get("/admin/")

    # The browser drops it soon after the limit (seen is written at most once a minute).
    assert 2 * 60 * 60 < client.session.get_expiry_age() <= 2 * 60 * 60 + 60


def test_public_visitors_get_no_session_to_expire(client, clock, settings):
    client.get("/")
    clock.shift(datetime.timedelta(days=1))
    client.get("/seminars/")

    assert settings.SESSION_COOKIE_NAME not in client.cookies
