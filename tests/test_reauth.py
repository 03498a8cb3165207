"""What guards a staff account (making backup codes, removing the second factor, moving it to
a new phone) asks for the password and a fresh code every time, even straight after signing in;
backup codes are shown once, on the page that made them (config/signin.py)."""

import datetime
import logging

import pytest
import time_machine
from axes.models import AccessAttempt
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.test_two_factor import SETUP, code_for, sign_in, token_step
from tests.utils import text

pytestmark = pytest.mark.django_db

BACKUP = "/account/two_factor/backup/tokens/"
REMOVE = "/account/two_factor/disable/"
REPLACE = "/account/two_factor/replace/"
PASSWORD = "right-pw-7b1c"
UNUSED, USED = "aaaa2222", "bbbb3333"


@pytest.fixture
def clock():
    with time_machine.travel(
        datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC), tick=False
    ) as traveller:
        yield traveller


@pytest.fixture
def boss(django_user_model):
    user = django_user_model.objects.create_superuser("boss", "boss@example.org", PASSWORD)
    TOTPDevice.objects.create(user=user, name="default", confirmed=True)
    backup = StaticDevice.objects.create(user=user, name="backup", confirmed=True)
    backup.token_set.create(token=UNUSED)
    backup.token_set.create(token=USED)
    return user


def app_code(user):
    """What the authenticator app shows now."""
    return str(totp(TOTPDevice.objects.get(user=user).bin_key)).zfill(6)


@pytest.fixture
def signed_in(client, boss, clock):
    """Signed in just now with the password and the app's code, as a person would."""
    sign_in(client, "boss", PASSWORD)
    token_step(client, app_code(boss))
    assert client.get("/admin/").status_code == 200
    return boss


def next_code(user, clock):
    """The app's next code: the one just used to sign in works only once."""
    clock.shift(datetime.timedelta(seconds=30))
    return app_code(user)


# Each guarded action: how to ask for it with a password and code, and how to tell it was done.


def make_codes(client, password, code):
    return client.post(BACKUP, {"password": password, "code": code})


def remove(client, password, code):
    return client.post(REMOVE, {"password": password, "code": code})


def replace(client, password, code):
    """Confirm, then the set-up pages with the new phone's code."""
    response = client.post(REPLACE, {"password": password, "code": code})
    client.get(SETUP)
    key = client.session.get("django_two_factor-qr_secret_key")
    finished = client.post(
        SETUP,
        {"setup_view-current_step": "generator", "generator-token": code_for(key or "AAAAAAAA")},
    )
    return response if key is None else finished


def state(user):
    """Everything the actions change: app keys and backup codes."""
    return (
        sorted(TOTPDevice.objects.filter(user=user).values_list("key", flat=True)),
        sorted(StaticToken.objects.filter(device__user=user).values_list("token", flat=True)),
    )


ACTIONS = {"make backup codes": make_codes, "remove": remove, "replace": replace}


@pytest.mark.parametrize("action", ACTIONS)
def test_each_action_asks_for_the_password_and_a_code_even_straight_after_signing_in(
    client, signed_in, action
):
    before = state(signed_in)
    page = client.get({"make backup codes": BACKUP, "remove": REMOVE, "replace": REPLACE}[action])

    response = ACTIONS[action](client, "", "")

    assert "Your password" in text(page)
    assert "Code from your authenticator app, or a backup code" in text(page)
    assert state(signed_in) == before  # not done
    assert "Enter the password you sign in with." in text(response)
    assert "Enter the 6-digit code your app shows now" in text(response)


def test_the_set_up_pages_do_not_replace_a_phone_without_confirming(client, signed_in):
    before = state(signed_in)

    page = client.get(SETUP)
    # Straight to the last step, as a hand-made request could.
    posted = client.post(
        SETUP, {"setup_view-current_step": "generator", "generator-token": "123456"}
    )

    assert page.status_code == posted.status_code == 302
    assert page["Location"] == posted["Location"] == REPLACE
    assert "django_two_factor-qr_secret_key" not in client.session
    assert state(signed_in) == before


@pytest.mark.parametrize("action", ACTIONS)
def test_a_wrong_password_is_refused_and_counted(client, signed_in, clock, action):
    before = state(signed_in)

    response = ACTIONS[action](client, "not-my-password", next_code(signed_in, clock))

    assert state(signed_in) == before
    assert "That password is not right" in text(response)
    assert "not-my-password" not in response.content.decode()  # nothing typed is written back
    assert 'name="code" value' not in response.content.decode()
    assert AccessAttempt.objects.get(username="boss").failures_since_start == 1


WRONG_CODES = {
    "a wrong app code": lambda user: "000000",
    "the app code just used to sign in": app_code,
    "a backup code already used": lambda user: USED,
    "no code of theirs": lambda user: "zzzz9999",
}


@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize("code", WRONG_CODES)
def test_a_wrong_or_used_code_is_refused_and_counted(client, signed_in, action, code):
    assert StaticDevice.objects.get(user=signed_in).verify_token(USED)  # spent, as at sign-in
    before = state(signed_in)

    response = ACTIONS[action](client, PASSWORD, WRONG_CODES[code](signed_in))

    assert state(signed_in) == before
    assert "That code did not work" in text(response)
    assert "wait for the next one" in text(response)
    assert AccessAttempt.objects.get(username="boss").failures_since_start == 1


@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize("with_", ["the app", "a backup code"])
def test_the_password_and_a_fresh_code_do_it(client, signed_in, clock, action, with_):
    old_key = TOTPDevice.objects.get(user=signed_in).key
    code = next_code(signed_in, clock) if with_ == "the app" else UNUSED

    ACTIONS[action](client, PASSWORD, code)

    keys, tokens = state(signed_in)
    if action == "make backup codes":
        assert keys == [old_key]
        assert len(tokens) == 10
        assert USED not in tokens  # the old set stops working
    elif action == "remove":
        assert (keys, tokens) == ([], [])
        assert client.get("/admin/").status_code == 302  # closed until set up again
    else:
        assert len(keys) == 1
        assert keys != [old_key]  # the old phone's codes stop working
        assert tokens == ([USED] if with_ == "a backup code" else [UNUSED, USED])
        assert client.get("/admin/").status_code == 200  # signed in with the new phone
    assert not AccessAttempt.objects.exists()


def test_new_backup_codes_are_shown_once_on_the_page_that_makes_them(client, signed_in, clock):
    made = make_codes(client, PASSWORD, next_code(signed_in, clock))
    codes = list(StaticToken.objects.filter(device__user=signed_in).values_list("token", flat=True))

    again = client.get(BACKUP)
    profile = client.get("/account/two_factor/")
    refreshed = make_codes(client, PASSWORD, app_code(signed_in))  # the browser's "resend"

    assert made.status_code == 200
    assert all(code in text(made) for code in codes)
    assert "Print the codes" in text(made)
    assert "no-store" in made["Cache-Control"]
    assert "You have 10 unused backup codes" in text(again)
    for page in (again, profile, refreshed):
        assert not any(code in text(page) for code in codes)
    assert sorted(codes) == state(signed_in)[1]  # the refresh made no new set


def test_a_confirmation_is_spent_on_its_one_action(client, signed_in, clock):
    make_codes(client, PASSWORD, next_code(signed_in, clock))
    after_codes = state(signed_in)
    remove_then = remove(client, "", "")
    codes_then = make_codes(client, "", "")

    client.post(REPLACE, {"password": PASSWORD, "code": next_code(signed_in, clock)})
    while_replacing = (remove(client, "", ""), make_codes(client, "", ""))

    assert "Enter the password" in text(remove_then)
    assert "Enter the password" in text(codes_then)
    assert all("Enter the password" in text(r) for r in while_replacing)
    assert state(signed_in) == after_codes


def test_replacing_once_does_not_open_the_set_up_pages_again(client, signed_in, clock):
    replace(client, PASSWORD, next_code(signed_in, clock))
    new_key = state(signed_in)[0]

    again = client.get(SETUP)

    assert again.status_code == 302
    assert again["Location"] == REPLACE
    assert state(signed_in)[0] == new_key


def test_the_confirmation_for_a_new_phone_lasts_ten_minutes(client, signed_in, clock):
    before = state(signed_in)
    client.post(REPLACE, {"password": PASSWORD, "code": next_code(signed_in, clock)})
    client.get(SETUP)
    key = client.session["django_two_factor-qr_secret_key"]
    clock.shift(datetime.timedelta(minutes=10, seconds=1))

    late = client.post(
        SETUP, {"setup_view-current_step": "generator", "generator-token": code_for(key)}
    )

    assert late["Location"] == REPLACE
    assert state(signed_in) == before


def test_repeated_wrong_answers_lock_the_account_out_from_that_address(
    client, signed_in, clock, settings
):
    settings.AXES_FAILURE_LIMIT = 3
    answers = [make_codes(client, "wrong", "000000") for _ in range(2)]
    answers.append(make_codes(client, PASSWORD, "000000"))
    before = state(signed_in)

    right = make_codes(client, PASSWORD, UNUSED)

    assert [r.status_code for r in answers] == [200, 200, 429]
    assert right.status_code == 429
    assert "Sign-in paused" in text(right)
    assert state(signed_in) == before  # not done, and the backup code not spent


def test_no_password_or_code_is_logged_or_stored(client, signed_in, clock, caplog):
    caplog.set_level(logging.DEBUG)
    sign_in(client, "boss", "a-guess-3f9e", address="198.51.100.9")
    make_codes(client, "another-guess-77aa", "123456")
    make_codes(client, PASSWORD, "qqqq7777")
    make_codes(client, PASSWORD, next_code(signed_in, clock))

    stored = " ".join(a.get_data + a.post_data for a in AccessAttempt.objects.all()) + " ".join(
        str(r.__dict__) for r in caplog.records
    )

    assert AccessAttempt.objects.count() == 2  # the two addresses
    for secret in ("a-guess-3f9e", "another-guess-77aa", PASSWORD, "123456", "qqqq7777"):
        assert secret not in stored


def test_first_time_set_up_then_backup_codes_need_only_the_sign_in(client, django_user_model):
    user = django_user_model.objects.create_user("ann", password=PASSWORD, is_staff=True)
    sign_in(client, "ann", PASSWORD)
    client.post(SETUP, {"setup_view-current_step": "welcome"})
    key = client.session["django_two_factor-qr_secret_key"]
    client.post(SETUP, {"setup_view-current_step": "generator", "generator-token": code_for(key)})

    offered = client.get(BACKUP)
    made = client.post(BACKUP)
    made_again = client.post(BACKUP)  # the one set the set-up allows is spent

    assert "Your password" not in text(offered)
    codes = state(user)[1]
    assert len(codes) == 10
    assert all(code in text(made) for code in codes)
    assert "Enter the password" in text(made_again)
    assert state(user)[1] == codes


def test_a_new_phone_does_not_allow_backup_codes_without_asking(client, signed_in, clock):
    StaticToken.objects.filter(device__user=signed_in).delete()  # all used up
    replace(client, PASSWORD, next_code(signed_in, clock))

    page = client.get(BACKUP)
    posted = client.post(BACKUP)

    assert "Your password" in text(page)
    assert "Enter the password" in text(posted)
    assert state(signed_in)[1] == []


def test_the_admin_shows_no_backup_codes_or_app_keys(client, signed_in):
    device = StaticDevice.objects.get(user=signed_in)
    app = TOTPDevice.objects.get(user=signed_in)

    pages = [
        client.get(f"/admin/otp_static/staticdevice/{device.pk}/change/"),
        client.get(f"/admin/otp_totp/totpdevice/{app.pk}/change/"),
        client.get("/admin/otp_totp/totpdevice/"),
    ]

    assert [p.status_code for p in pages] == [200, 200, 200]
    assert not any(UNUSED in p.content.decode() or app.key in p.content.decode() for p in pages)


def test_your_sign_in_page_counts_the_codes_left_and_offers_each_action(client, signed_in):
    page = text(client.get("/account/two_factor/"))

    assert "You have 2 unused codes" in page
    assert UNUSED not in page
    assert "Make new backup codes" in page
    assert "Set up a new phone" in page


def test_the_admin_never_adds_edits_or_removes_ones_own_second_factor(
    client, signed_in, django_user_model
):
    other = django_user_model.objects.create_user("lost-phone", password="x", is_staff=True)
    others = TOTPDevice.objects.create(user=other, name="default", confirmed=True)
    own = TOTPDevice.objects.get(user=signed_in)
    own_codes = StaticDevice.objects.get(user=signed_in)
    before = state(signed_in)

    refused = [
        client.get("/admin/otp_totp/totpdevice/add/"),
        client.get("/admin/otp_static/staticdevice/add/"),
        client.post(f"/admin/otp_totp/totpdevice/{own.pk}/delete/", {"post": "yes"}),
        client.post(f"/admin/otp_static/staticdevice/{own_codes.pk}/delete/", {"post": "yes"}),
        client.post(f"/admin/otp_totp/totpdevice/{own.pk}/change/", {"name": "mine"}),
        client.get(f"/admin/otp_totp/totpdevice/{own.pk}/config/"),
        client.get(f"/admin/otp_totp/totpdevice/{others.pk}/qrcode/"),
    ]
    removed = client.post(f"/admin/otp_totp/totpdevice/{others.pk}/delete/", {"post": "yes"})

    assert [r.status_code for r in refused] == [403] * 7
    assert state(signed_in) == before
    assert removed.status_code == 302  # someone else's lost phone can be reset
    assert not TOTPDevice.objects.filter(user=other).exists()
