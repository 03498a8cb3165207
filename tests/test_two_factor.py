"""The admin needs a password and a second factor; repeated failures lock one address out."""

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.conftest import UNVERIFIED_FORCE_LOGIN
from tests.utils import text

pytestmark = pytest.mark.django_db

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


def test_the_right_password_without_a_second_factor_reaches_no_admin_page(client, superuser):
    sign_in(client, "boss", "right-pw")

    statuses = {page: client.get(page).status_code for page in ADMIN_PAGES}

    assert set(statuses.values()) == {302}
    assert client.get("/admin/login/")["Location"].startswith("/account/login/")


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
