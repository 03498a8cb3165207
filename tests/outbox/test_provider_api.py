"""The email worker against an email provider's HTTP API (django-anymail's Resend backend, pointed
at an HTTP server of the tests' own on 127.0.0.1): each answer is classified by its status code,
as SMTP answers are by theirs. 408, 425, 429 and 5xx mean "later" and are retried with back-off;
other 4xx (a bad request, a wrong key, no permission, an address refused) fail at once, for staff
to see, fix and try again."""

import datetime
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import time_machine
from anymail.exceptions import (
    AnymailAPIError,
    AnymailInvalidAddress,
    AnymailRecipientsRefused,
    AnymailRequestsAPIError,
)
from django.core.management import call_command
from django.utils import timezone

from outbox import failures
from outbox.models import EmailStatus
from tests.faults.proxy import free_port
from tests.outbox.test_services import queue_one

# The worker command drops unusable connections first, as in production: a test transaction
# would count as one, so these tests commit (and the database is emptied after each).
pytestmark = pytest.mark.django_db(transaction=True)

BACK_OFF = datetime.timedelta(minutes=1, seconds=1)


class Provider(ThreadingHTTPServer):
    """Answers each POST with the next scripted (status, body), then with success."""

    def __init__(self):
        super().__init__(("127.0.0.1", free_port()), _Answer)
        self.answers = []
        self.accepted = []
        self.requests = 0


class _Answer(BaseHTTPRequestHandler):
    def do_POST(self):
        provider = self.server
        sent = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        provider.requests += 1
        if provider.answers:
            status, body = provider.answers.pop(0)
        else:
            status, body = 200, {"id": f"re-{len(provider.accepted) + 1}"}
            provider.accepted.append(sent)
        payload = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args):
        pass  # the test server's own access log is noise


@pytest.fixture
def provider(settings):
    server = Provider()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.ANYMAIL_PROVIDER = "resend"
    settings.EMAIL_BACKEND = "anymail.backends.resend.EmailBackend"
    settings.ANYMAIL = {
        **settings.ANYMAIL,
        "RESEND_API_KEY": "re_test",
        "RESEND_API_URL": f"http://127.0.0.1:{server.server_port}/",
    }
    yield server
    server.shutdown()
    server.server_close()
    thread.join()


def run_worker():
    call_command("send_queued_email", "--once")


@pytest.mark.parametrize(
    ("status", "body"),
    [
        (429, {"name": "rate_limit_exceeded", "message": "Too many requests."}),
        (500, {"name": "internal_server_error", "message": "Unexpected error."}),
        (503, {}),
        (408, {}),
    ],
)
def test_a_provider_that_says_later_is_tried_again_and_the_email_sent_once(provider, status, body):
    provider.answers.append((status, body))
    email = queue_one()

    run_worker()

    email.refresh_from_db()
    assert (email.status, email.attempts) == (EmailStatus.QUEUED, 1)
    assert email.last_error == (
        f"The email provider answered HTTP {status}, for now (AnymailRequestsAPIError)."
    )
    assert provider.accepted == []
    with time_machine.travel(timezone.now() + BACK_OFF):
        run_worker()
        run_worker()
    email.refresh_from_db()
    assert (email.status, email.attempts) == (EmailStatus.SENT, 2)
    assert [sent["to"] for sent in provider.accepted] == [[email.to]]
    assert provider.requests == 2


@pytest.mark.parametrize("status", [400, 401, 403, 422])
def test_a_provider_that_says_no_fails_the_email_at_once(provider, status):
    provider.answers.append((status, {"name": "validation_error", "message": "Invalid `to`"}))
    email = queue_one()

    run_worker()
    with time_machine.travel(timezone.now() + datetime.timedelta(hours=7)):
        run_worker()

    email.refresh_from_db()
    assert (email.status, email.attempts) == (EmailStatus.FAILED, 1)
    assert email.last_error == (
        f"The email provider answered HTTP {status}, for good (AnymailRequestsAPIError)."
    )
    assert provider.requests == 1
    assert provider.accepted == []


def test_a_provider_that_cannot_be_reached_is_tried_again(settings):
    settings.EMAIL_BACKEND = "anymail.backends.resend.EmailBackend"
    settings.ANYMAIL = {
        **settings.ANYMAIL,
        "RESEND_API_KEY": "re_test",
        "RESEND_API_URL": f"http://127.0.0.1:{free_port()}/",  # nobody listens
    }
    email = queue_one()

    run_worker()

    email.refresh_from_db()
    assert (email.status, email.attempts) == (EmailStatus.QUEUED, 1)
    assert email.last_error == (
        "The email service could not be reached, for now (AnymailRequestsAPIError)."
    )


@pytest.mark.parametrize(
    ("error", "permanent", "reason"),
    [
        (
            AnymailAPIError("x", status_code=429),
            False,
            "The email provider answered HTTP 429, for now (AnymailAPIError).",
        ),
        (
            AnymailAPIError("x", status_code=425),
            False,
            "The email provider answered HTTP 425, for now (AnymailAPIError).",
        ),
        (
            AnymailAPIError("x", status_code=502),
            False,
            "The email provider answered HTTP 502, for now (AnymailAPIError).",
        ),
        (
            AnymailAPIError("x", status_code=404),
            True,
            "The email provider answered HTTP 404, for good (AnymailAPIError).",
        ),
        (
            AnymailAPIError("no answer"),
            False,
            "The email service could not be reached, for now (AnymailAPIError).",
        ),
        (
            AnymailRequestsAPIError("x", status_code=None),
            False,
            "The email service could not be reached, for now (AnymailRequestsAPIError).",
        ),
        (
            AnymailRecipientsRefused(),
            True,
            "The email provider refused the address, for good (an address that bounced or "
            "complained before is often on its list of addresses not to send to) "
            "(AnymailRecipientsRefused).",
        ),
        (
            AnymailInvalidAddress("Invalid email address 'ann@'"),
            True,
            "The email provider cannot send to this address, for good (AnymailInvalidAddress).",
        ),
    ],
)
def test_provider_errors_are_classified_by_their_status_code(error, permanent, reason):
    failure = failures.classify(error)

    assert (failure.permanent, failure.reason) == (permanent, reason)
