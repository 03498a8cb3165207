"""The same backup code, or the same app code, typed into two "confirm it is you" forms at the
same moment, against PostgreSQL: threads, each with its own connection. The test-only delay
holds both after they take the devices and before either spends the code, so only the devices'
row locks can stop the second."""

import pytest
from django.contrib.auth import get_user_model
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from config.signin import code_is_right
from tests.registrations.test_concurrency import run_at_once

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def person():
    user = get_user_model().objects.create_user("boss", password="pw", is_staff=True)
    TOTPDevice.objects.create(user=user, name="default", confirmed=True)
    StaticDevice.objects.create(user=user, name="backup", confirmed=True).token_set.create(
        token="aaaa2222"
    )
    return user


def twice_at_once(person, code):
    answers = []
    errors = run_at_once([lambda: answers.append(code_is_right(person, code))] * 2)
    assert errors == []
    return sorted(answers)


def test_a_backup_code_typed_twice_at_once_works_once(person, settings):
    settings.RACE_TEST_DELAY = 0.3

    assert twice_at_once(person, "aaaa2222") == [False, True]
    assert not StaticToken.objects.exists()


def test_an_app_code_typed_twice_at_once_works_once(person, settings):
    settings.RACE_TEST_DELAY = 0.3
    code = str(totp(TOTPDevice.objects.get(user=person).bin_key)).zfill(6)

    assert twice_at_once(person, code) == [False, True]


def test_without_the_lock_the_same_race_lets_a_backup_code_work_twice(person, settings):
    """The negative control: the race the tests above claim to close is there to see."""
    settings.RACE_TEST_DELAY = 0.3
    settings.RACE_TEST_WITHOUT_LOCK = True

    assert twice_at_once(person, "aaaa2222") == [True, True]
