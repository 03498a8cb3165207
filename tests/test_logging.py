import json
import logging

import pytest

from common.logging import JsonFormatter, RedactingFilter
from tests.factories import RegistrationFactory

pytestmark = pytest.mark.django_db


def formatted(message, *args):
    record = logging.LogRecord("django.request", logging.WARNING, __file__, 1, message, args, None)
    RedactingFilter().filter(record)
    return json.loads(JsonFormatter().format(record))


def test_one_json_object_per_event_with_private_links_removed():
    token = RegistrationFactory().manage_token

    event = formatted("Not Found: %s", f"/registrations/{token}/cancel/")

    assert event["level"] == "WARNING"
    assert event["logger"] == "django.request"
    assert event["message"] == "Not Found: /registrations/[private]/cancel/"
    assert token not in json.dumps(event)


def test_email_addresses_are_removed():
    event = formatted("delivery to %s failed", "ann.example+seminars@example.org")

    assert event["message"] == "delivery to [email] failed"


def test_a_real_404_is_logged_without_its_token(client, caplog):
    token = "t" * 43
    caplog.set_level(logging.WARNING, logger="django.request")

    client.get(f"/bursaries/{token}/")

    [record] = [r for r in caplog.records if r.name == "django.request"]
    RedactingFilter().filter(record)
    assert record.getMessage() == "Not Found: /bursaries/[private]/"


@pytest.mark.parametrize(
    "path",
    [
        "/outputs/upload/{token}/",
        "/subscribe/confirm/{token}/",
        "/unsubscribe/{token}/",
    ],
)
def test_the_newer_private_links_are_removed_too(path):
    token = "u" * 43

    event = formatted("Forbidden (CSRF token missing.): %s", path.format(token=token))

    assert token not in event["message"]
    assert "[private]" in event["message"]
