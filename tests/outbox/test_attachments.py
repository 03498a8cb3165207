"""Attachments drawn when the email is sent: the row keeps what to draw them from, the worker
draws them just before sending, and an email whose attachment cannot be drawn is never sent
without it."""

import logging

import pytest
from django.core import mail

from outbox import attachments, services
from outbox.attachments import DrawnAtSending
from outbox.mail import BinaryAttachment, OutboxError
from outbox.models import Email, EmailStatus
from tests.outbox.test_services import queue_one

pytestmark = pytest.mark.django_db

ECHO = "tests/echo"


@pytest.fixture
def drawn(monkeypatch):
    """A renderer declared as an app above the outbox would: it records what it was asked to
    draw, and draws a small file (or fails, as `failure` says)."""
    monkeypatch.setattr(attachments, "_RENDERERS", {})
    calls = []

    def echo(*, number, failure=None):
        calls.append(number)
        if failure == "refused":
            raise OutboxError("Not sent: what it shows was withdrawn.")
        if failure == "broken":
            raise RuntimeError("Siân Ó Dálaigh's file is missing")
        return BinaryAttachment(f"file-{number}.pdf", b"%PDF-" + bytes([number]), "application/pdf")

    attachments.declare(ECHO, echo)
    return calls


def test_the_row_keeps_what_to_draw_and_the_worker_draws_it_as_it_sends(drawn):
    email = queue_one(attachments=[DrawnAtSending(ECHO, {"number": 7})])
    email.refresh_from_db()
    queued = list(drawn)

    counts = services.send_due()

    assert queued == []
    assert email.attachments == [{"renderer": ECHO, "params": {"number": 7}}]
    assert counts == {"sent": 1, "retried": 0, "failed": 0}
    assert drawn == [7]
    [message] = mail.outbox
    [attachment] = message.attachments
    assert attachment.get_filename() == "file-7.pdf"
    assert attachment.get_content_type() == "application/pdf"
    assert attachment.get_payload(decode=True) == b"%PDF-\x07"


def test_an_attachment_its_renderer_refuses_fails_the_email_for_good_with_the_reason(drawn):
    email = queue_one(attachments=[DrawnAtSending(ECHO, {"number": 1, "failure": "refused"})])

    counts = services.send_due()

    email.refresh_from_db()
    assert counts == {"sent": 0, "retried": 0, "failed": 1}
    assert (email.status, email.last_error) == (
        EmailStatus.FAILED,
        "Not sent: what it shows was withdrawn.",
    )
    assert mail.outbox == []


def test_an_attachment_nobody_draws_any_more_fails_the_email(drawn):
    email = queue_one(attachments=[DrawnAtSending("nowhere/gone", {"number": 1})])

    services.send_due()

    email.refresh_from_db()
    assert (email.status, email.last_error) == (
        EmailStatus.FAILED,
        "Not sent: its attachment is no longer made.",
    )
    assert mail.outbox == []


def test_a_renderer_that_fails_is_tried_again_then_given_up_visibly_never_half_sent(
    drawn, settings, caplog
):
    settings.OUTBOX_MAX_ATTEMPTS = 2
    email = queue_one(attachments=[DrawnAtSending(ECHO, {"number": 1, "failure": "broken"})])

    with caplog.at_level(logging.INFO):
        first = services.send_due()
        email.refresh_from_db()
        retried = (email.status, email.attempts, email.last_error)
        second = services.send_due(now=email.next_attempt_at)

    email.refresh_from_db()
    assert first == {"sent": 0, "retried": 1, "failed": 0}
    assert retried == (
        EmailStatus.QUEUED,
        1,
        "Its attachment could not be drawn, for now (RuntimeError).",
    )
    assert second == {"sent": 0, "retried": 0, "failed": 1}
    assert (email.status, email.last_error) == (
        EmailStatus.FAILED,
        "Given up after 2 tries. The last: Its attachment could not be drawn, for now "
        "(RuntimeError).",
    )
    assert mail.outbox == []
    assert drawn == [1, 1]
    assert "Siân" not in caplog.text
    assert email.to not in caplog.text


def test_a_renderer_declared_twice_with_another_function_is_a_mistake(drawn):
    with pytest.raises(ValueError, match="declared twice"):
        attachments.declare(ECHO, lambda **params: None)


def test_emails_with_attachments_stored_whole_still_go(drawn):
    """Emails queued before attachments were drawn at sending keep their bytes: they go as
    they are."""
    queue_one(attachments=[BinaryAttachment("old.pdf", b"%PDF-old", "application/pdf")])

    services.send_due()

    [message] = mail.outbox
    assert [a.get_payload(decode=True) for a in message.attachments] == [b"%PDF-old"]
    assert Email.objects.get().status == EmailStatus.SENT
    assert drawn == []
