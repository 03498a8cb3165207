"""The email worker against a real SMTP server of the tests' own (aiosmtpd, on a free port on
127.0.0.1), through Django's SMTP backend: each refusal is classified by its own code, whether it
comes at connection, at MAIL, at RCPT (greylisting) or at DATA; 4xx is retried with back-off,
5xx fails at once with the reason for staff."""

import datetime
import smtplib
from email import message_from_bytes, policy

import pytest
import time_machine
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP
from django.core.management import call_command
from django.utils import timezone

from outbox import failures, services
from outbox.models import Email, EmailStatus
from tests.faults.proxy import free_port
from tests.outbox.test_services import queue_one

# The worker command drops unusable connections first, as in production: a test transaction
# would count as one, so these tests commit (and the database is emptied after each).
pytestmark = pytest.mark.django_db(transaction=True)

BACK_OFF = datetime.timedelta(minutes=1, seconds=1)


class ScriptedServer:
    """An aiosmtpd handler that answers as a test says, then accepts. `answers[stage]` is a list
    of replies to give, one per command, before accepting (None: accept this one): stage
    "connect" (the greeting, after which the server hangs up), "MAIL", "RCPT" or "DATA".
    `greylist` answers 450 at RCPT the first time it sees a sender and recipient together, as
    Postfix's postgrey does."""

    def __init__(self):
        self.answers = {"connect": [], "MAIL": [], "RCPT": [], "DATA": []}
        self.greylist = False
        self.seen = set()
        self.commands = []
        self.delivered = []

    def next_answer(self, stage):
        self.commands.append(stage)
        return self.answers[stage].pop(0) if self.answers[stage] else None

    async def handle_MAIL(self, server, session, envelope, address, mail_options):
        if answer := self.next_answer("MAIL"):
            return answer
        envelope.mail_from = address
        return "250 OK"

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if answer := self.next_answer("RCPT"):
            return answer
        if self.greylist and (envelope.mail_from, address) not in self.seen:
            self.seen.add((envelope.mail_from, address))
            return (
                f"450 4.2.0 <{address}>: Recipient address rejected: Greylisted, see "
                "http://postgrey.example.net/help/example.org.html"
            )
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if answer := self.next_answer("DATA"):
            return answer
        self.delivered.append(envelope)
        return "250 2.0.0 Ok: queued"


class _Greeter(SMTP):
    """Greets with the test's answer, if it has one, and hangs up: a server too busy to talk."""

    async def _handle_client(self):
        if answer := self.event_handler.next_answer("connect"):
            await self.push(answer)
            self.transport.close()
            return
        await super()._handle_client()


class _Controller(Controller):
    def factory(self):
        return _Greeter(self.handler, **self.SMTP_kwargs)


@pytest.fixture
def smtp(settings):
    handler = ScriptedServer()
    controller = _Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", controller.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_TIMEOUT = 5
    yield handler
    controller.stop()


def run_worker():
    """One pass of the email worker, as `manage.py send_queued_email` runs it."""
    call_command("send_queued_email", "--once")


def message_ids(handler):
    return [
        message_from_bytes(envelope.original_content, policy=policy.default)["Message-ID"]
        for envelope in handler.delivered
    ]


def test_greylisting_at_rcpt_is_retried_and_the_email_sent_once_after_the_back_off(smtp):
    smtp.greylist = True
    email = queue_one()
    start = timezone.now()

    run_worker()  # the server greylists: 450 at RCPT

    email.refresh_from_db()
    assert (email.status, email.attempts) == (EmailStatus.QUEUED, 1)
    assert smtp.delivered == []
    assert email.last_error == (
        "The recipient's mail server refused the address, for now: 450 4.2.0 <[address]>: "
        "Recipient address rejected: Greylisted, see "
        "http://postgrey.example.net/help/example.org.html (SMTPRecipientsRefused)."
    )
    assert email.to not in email.last_error
    assert start < email.next_attempt_at <= timezone.now() + datetime.timedelta(minutes=1)

    run_worker()  # before the back-off has passed: not tried
    assert smtp.commands.count("RCPT") == 1

    with time_machine.travel(timezone.now() + BACK_OFF):
        run_worker()
        run_worker()  # and once sent, never again

    email.refresh_from_db()
    assert (email.status, email.attempts, email.last_error) == (EmailStatus.SENT, 2, "")
    assert [envelope.rcpt_tos for envelope in smtp.delivered] == [[email.to]]
    assert message_ids(smtp) == [email.headers["Message-ID"]]


@pytest.mark.parametrize(
    ("stage", "answer", "reason"),
    [
        (
            "connect",
            "421 4.3.2 mx.example.net Service not available, closing channel",
            "The mail server would not take a connection, for now: 421 4.3.2 mx.example.net "
            "Service not available, closing channel (SMTPConnectError).",
        ),
        (
            "MAIL",
            "451 4.3.0 Temporary lookup failure",
            "The mail server refused our sending address, for now: 451 4.3.0 Temporary lookup "
            "failure (SMTPSenderRefused).",
        ),
        (
            "RCPT",
            "451 4.7.1 Please try again later",
            "The recipient's mail server refused the address, for now: 451 4.7.1 Please try "
            "again later (SMTPRecipientsRefused).",
        ),
        (
            "DATA",
            "452 4.3.1 Insufficient system storage",
            "The mail server refused the message, for now: 452 4.3.1 Insufficient system "
            "storage (SMTPDataError).",
        ),
    ],
)
def test_a_temporary_refusal_at_any_stage_is_retried_and_the_email_sent_once(
    smtp, stage, answer, reason
):
    smtp.answers[stage].append(answer)
    email = queue_one()

    run_worker()

    email.refresh_from_db()
    assert (email.status, email.attempts, email.last_error) == (EmailStatus.QUEUED, 1, reason)
    assert smtp.delivered == []

    with time_machine.travel(timezone.now() + BACK_OFF):
        run_worker()
        run_worker()

    email.refresh_from_db()
    assert (email.status, email.attempts) == (EmailStatus.SENT, 2)
    assert message_ids(smtp) == [email.headers["Message-ID"]]


@pytest.mark.parametrize(
    ("stage", "answer", "reason"),
    [
        (
            "connect",
            "554 5.7.1 mx.example.net No SMTP service here",
            "The mail server would not take a connection, for good: 554 5.7.1 mx.example.net "
            "No SMTP service here (SMTPConnectError).",
        ),
        (
            "MAIL",
            "553 5.7.1 <noreply@example.org>: Sender address rejected: not owned by user",
            "The mail server refused our sending address, for good: 553 5.7.1 <[address]>: "
            "Sender address rejected: not owned by user (SMTPSenderRefused).",
        ),
        (
            "RCPT",
            "550 5.1.1 <someone@example.org>: Recipient address rejected: User unknown",
            "The recipient's mail server refused the address, for good: 550 5.1.1 <[address]>: "
            "Recipient address rejected: User unknown (SMTPRecipientsRefused).",
        ),
        (
            "DATA",
            "554 5.7.1 Message rejected as spam",
            "The mail server refused the message, for good: 554 5.7.1 Message rejected as spam "
            "(SMTPDataError).",
        ),
    ],
)
def test_a_permanent_refusal_at_any_stage_fails_at_once_with_the_reason_for_staff(
    smtp, stage, answer, reason
):
    smtp.answers[stage].append(answer)
    email = queue_one()

    run_worker()
    with time_machine.travel(timezone.now() + datetime.timedelta(hours=7)):
        run_worker()  # never tried again by itself

    email.refresh_from_db()
    assert (email.status, email.attempts, email.last_error) == (EmailStatus.FAILED, 1, reason)
    assert email.to not in email.last_error
    assert smtp.delivered == []


def test_each_recipient_is_classified_by_its_own_code_in_one_batch(smtp):
    greylisted, unknown, welcome = queue_one(), queue_one(), queue_one()
    smtp.answers["RCPT"] += [
        "451 4.7.1 Greylisted, try again later",
        "550 5.1.1 User unknown",
    ]

    counts = services.send_due()

    assert counts == {"sent": 1, "retried": 1, "failed": 1}
    statuses = dict(Email.objects.values_list("pk", "status"))
    assert statuses == {
        greylisted.pk: EmailStatus.QUEUED,
        unknown.pk: EmailStatus.FAILED,
        welcome.pk: EmailStatus.SENT,
    }
    assert [envelope.rcpt_tos for envelope in smtp.delivered] == [[welcome.to]]


def test_a_server_that_hangs_up_at_rcpt_leaves_that_email_to_retry_and_sends_the_rest(smtp):
    smtp.answers["RCPT"].append("421 4.7.0 mx.example.net Error: too many connections")
    first, second = queue_one(), queue_one()

    counts = services.send_due()

    first.refresh_from_db()
    second.refresh_from_db()
    assert counts == {"sent": 1, "retried": 1, "failed": 0}
    assert (first.status, first.attempts) == (EmailStatus.QUEUED, 1)
    assert first.last_error == (
        "The recipient's mail server refused the address, for now: 421 4.7.0 mx.example.net "
        "Error: too many connections (SMTPRecipientsRefused)."
    )
    # smtplib closes the connection after a 421: the next email goes over a new one.
    assert (second.status, second.attempts) == (EmailStatus.SENT, 1)
    assert message_ids(smtp) == [second.headers["Message-ID"]]
    with time_machine.travel(timezone.now() + BACK_OFF):
        run_worker()
    assert message_ids(smtp) == [second.headers["Message-ID"], first.headers["Message-ID"]]


def test_a_server_that_hangs_up_and_will_not_take_a_new_connection_leaves_the_rest_to_retry(
    smtp,
):
    smtp.answers["RCPT"].append("421 4.7.0 mx.example.net Error: too many connections")
    # The first connection is greeted as usual; the second, after the hang-up, with 421.
    smtp.answers["connect"] += [None, "421 4.3.2 mx.example.net Service not available"]
    first, second = queue_one(), queue_one()

    counts = services.send_due()

    assert counts == {"sent": 0, "retried": 2, "failed": 0}
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.last_error.startswith("The recipient's mail server refused the address, for now")
    assert (second.status, second.attempts, second.last_error) == (
        EmailStatus.QUEUED,
        1,
        "The mail server would not take a connection, for now: 421 4.3.2 mx.example.net "
        "Service not available (SMTPConnectError).",
    )
    assert smtp.delivered == []


@pytest.mark.parametrize(
    ("error", "permanent", "reason"),
    [
        (
            smtplib.SMTPAuthenticationError(535, b"5.7.8 Authentication credentials invalid"),
            True,
            "The mail server refused our sign-in (check the mail settings), for good: 535 "
            "5.7.8 Authentication credentials invalid (SMTPAuthenticationError).",
        ),
        (
            smtplib.SMTPAuthenticationError(454, b"4.7.0 Temporary authentication failure"),
            False,
            "The mail server refused our sign-in (check the mail settings), for now: 454 "
            "4.7.0 Temporary authentication failure (SMTPAuthenticationError).",
        ),
        (
            smtplib.SMTPHeloError(501, b"5.5.4 Syntax: HELO hostname"),
            True,
            "The mail server refused our greeting, for good: 501 5.5.4 Syntax: HELO hostname "
            "(SMTPHeloError).",
        ),
        (
            smtplib.SMTPServerDisconnected("Connection unexpectedly closed"),
            False,
            "The mail server closed the connection, for now (SMTPServerDisconnected).",
        ),
        (
            TimeoutError("timed out"),
            False,
            "The email service could not be reached, for now (TimeoutError).",
        ),
        (
            smtplib.SMTPRecipientsRefused(
                {"a@example.org": (550, b"no such user"), "b@example.org": (452, b"full")}
            ),
            False,
            "The recipient's mail server refused the address, for now: 550 no such user; 452 "
            "full (SMTPRecipientsRefused).",
        ),
        (
            smtplib.SMTPRecipientsRefused({"a@example.org": (552, "Mailbox full\r\n\x1b[31m")}),
            True,
            "The recipient's mail server refused the address, for good: 552 Mailbox full [31m "
            "(SMTPRecipientsRefused).",
        ),
    ],
)
def test_smtp_failures_without_a_server_of_our_own_are_classified_by_their_code(
    error, permanent, reason
):
    failure = failures.classify(error)

    assert (failure.permanent, failure.reason) == (permanent, reason)
    assert "example.org" not in failure.kind
