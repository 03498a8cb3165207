import datetime
import smtplib
from email import message_from_bytes, policy

import pytest
import time_machine
from anymail.exceptions import AnymailAPIError
from django.core import mail
from django.db import transaction
from django.utils import timezone

from outbox import failures, services
from outbox.mail import BinaryAttachment, TextAttachment, queue_templated_email
from outbox.models import Email, EmailStatus
from tests.factories import RegistrationFactory
from tests.mail_backends import FlakyBackend

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _provider_up_again():
    yield
    FlakyBackend.down, FlakyBackend.attempts = False, 0


def queue_one(**kwargs):
    registration = RegistrationFactory(name="Siân Ó Dálaigh")
    return queue_templated_email(
        "registrations/emails/place_confirmed",
        to=[registration.email],
        context={
            "registration": registration,
            "seminar": registration.seminar,
            "manage_url": "https://example.org/registrations/abc/",
            "seminar_url": "https://example.org/s/",
            "CONTACT_EMAIL": "help@example.org",
        },
        **kwargs,
    )[0]


def test_queued_email_is_sent_once_with_text_html_and_attachment():
    email = queue_one(attachments=[TextAttachment("a.ics", "BEGIN:VCALENDAR", "text/calendar")])

    first = services.send_due()
    second = services.send_due()

    assert first == {"sent": 1, "retried": 0, "failed": 0}
    assert second == {"sent": 0, "retried": 0, "failed": 0}
    [message] = mail.outbox
    assert message.to == [email.to]
    assert message.subject.startswith("Your place is confirmed: Seminar")
    assert "Dear Siân Ó Dálaigh," in message.body
    assert message.alternatives[0].mimetype == "text/html"
    [attachment] = message.attachments
    assert attachment.get_filename() == "a.ics"
    assert attachment.get_payload(decode=True) == b"BEGIN:VCALENDAR"
    email.refresh_from_db()
    assert email.status == EmailStatus.SENT
    assert email.attempts == 1


def test_nothing_is_sent_when_the_transaction_rolls_back():
    def change_that_fails():
        with transaction.atomic():
            queue_one()
            raise RuntimeError("the change failed")

    with pytest.raises(RuntimeError):
        change_that_fails()

    services.send_due()

    assert Email.objects.count() == 0
    assert mail.outbox == []


def test_temporary_failure_is_retried_with_back_off_and_sent_once(settings):
    settings.EMAIL_BACKEND = "tests.mail_backends.FlakyBackend"
    FlakyBackend.down, FlakyBackend.attempts = True, 0
    email = queue_one()
    start = timezone.now()

    assert services.send_due(now=start) == {"sent": 0, "retried": 1, "failed": 0}
    email.refresh_from_db()
    assert email.status == EmailStatus.QUEUED
    assert email.next_attempt_at == start + datetime.timedelta(minutes=1)
    assert email.last_error == "The email service could not be reached, for now (ConnectionError)."

    # Not due yet: nothing is tried before the back-off has passed.
    assert services.send_due(now=start + datetime.timedelta(seconds=59))["retried"] == 0
    assert services.send_due(now=start + datetime.timedelta(minutes=1))["retried"] == 1
    email.refresh_from_db()
    assert email.next_attempt_at == start + datetime.timedelta(minutes=3)  # 1 + 2 minutes

    FlakyBackend.down = False
    later = start + datetime.timedelta(minutes=3)
    assert services.send_due(now=later) == {"sent": 1, "retried": 0, "failed": 0}
    assert services.send_due(now=later + datetime.timedelta(hours=1))["sent"] == 0
    assert len(mail.outbox) == 1
    assert FlakyBackend.attempts == 3


def test_back_off_doubles_and_stops_at_six_hours():
    delays = [failures.retry_delay(attempt) for attempt in (1, 2, 3, 9, 20)]

    assert delays == [
        datetime.timedelta(minutes=1),
        datetime.timedelta(minutes=2),
        datetime.timedelta(minutes=4),
        datetime.timedelta(hours=4, minutes=16),
        datetime.timedelta(hours=6),
    ]


def test_permanent_failure_is_marked_failed_at_once(settings):
    settings.EMAIL_BACKEND = "tests.mail_backends.RefusingBackend"
    email = queue_one()

    counts = services.send_due()

    email.refresh_from_db()
    assert counts == {"sent": 0, "retried": 0, "failed": 1}
    assert email.status == EmailStatus.FAILED
    assert email.last_error == (
        "The recipient's mail server refused the address, for good: 550 No such user "
        "(SMTPRecipientsRefused)."
    )
    assert email.to not in email.last_error


def test_a_message_the_provider_rejects_for_good_fails_at_once_for_organisers_to_see(settings):
    settings.EMAIL_BACKEND = "tests.mail_backends.MessageRejectingBackend"
    email = queue_one()

    counts = services.send_due()

    email.refresh_from_db()
    assert counts == {"sent": 0, "retried": 0, "failed": 1}  # not retried for hours
    assert (email.status, email.last_error) == (
        EmailStatus.FAILED,
        "The mail server refused the message, for good: 550 Message rejected: content not "
        "accepted (SMTPDataError).",
    )


@pytest.mark.parametrize(
    ("error", "permanent"),
    [
        (smtplib.SMTPDataError(550, b"rejected"), True),
        (smtplib.SMTPDataError(451, b"try later"), False),
        (smtplib.SMTPSenderRefused(553, b"sender refused", "noreply@example.org"), True),
        (AnymailAPIError("bad request", status_code=422), True),
        (AnymailAPIError("slow down", status_code=429), False),
        (AnymailAPIError("server", status_code=503), False),
        (ConnectionError("down"), False),
    ],
)
def test_permanent_and_temporary_refusals_are_told_apart(error, permanent):
    assert failures.is_permanent(error) is permanent


def test_gives_up_after_the_last_attempt(settings):
    settings.EMAIL_BACKEND = "tests.mail_backends.FlakyBackend"
    settings.OUTBOX_MAX_ATTEMPTS = 2
    FlakyBackend.down = True
    email = queue_one()
    now = timezone.now()

    services.send_due(now=now)
    counts = services.send_due(now=now + datetime.timedelta(minutes=5))

    email.refresh_from_db()
    assert counts["failed"] == 1
    assert email.status == EmailStatus.FAILED
    assert email.attempts == 2
    assert email.last_error == (
        "Given up after 2 tries. The last: The email service could not be reached, for now "
        "(ConnectionError)."
    )
    FlakyBackend.down = False


def test_an_abandoned_send_is_retried_at_the_end_of_its_lease(settings):
    settings.OUTBOX_LEASE_SECONDS = 60
    email = queue_one()
    now = timezone.now()
    services.claim_due(now=now, batch_size=10)  # a worker claims it, then dies

    assert services.send_due(now=now + datetime.timedelta(seconds=60))["sent"] == 0
    assert services.send_due(now=now + datetime.timedelta(seconds=60.001))["sent"] == 1
    email.refresh_from_db()
    assert email.attempts == 2


def test_a_late_worker_cannot_overwrite_a_newer_attempt():
    email = queue_one()
    now = timezone.now()
    [stale] = services.claim_due(now=now, batch_size=10)
    services.send_due(now=now + datetime.timedelta(minutes=6))  # lease expired: sent again

    services._finish(stale, status=EmailStatus.QUEUED, last_error="late")

    email.refresh_from_db()
    assert email.status == EmailStatus.SENT


def test_old_sent_and_failed_email_is_deleted_but_recent_kept(settings):
    settings.OUTBOX_KEEP_SENT_DAYS = 30
    old, recent, failed, old_failed = queue_one(), queue_one(), queue_one(), queue_one()
    now = timezone.now()
    Email.objects.filter(pk=old_failed.pk).update(
        status=EmailStatus.FAILED, updated=now - datetime.timedelta(days=31)
    )
    Email.objects.filter(pk=old.pk).update(
        status=EmailStatus.SENT, sent_at=now - datetime.timedelta(days=31)
    )
    Email.objects.filter(pk=recent.pk).update(
        status=EmailStatus.SENT, sent_at=now - datetime.timedelta(days=29)
    )
    Email.objects.filter(pk=failed.pk).update(status=EmailStatus.FAILED)

    with time_machine.travel(now):
        deleted = services.delete_old_sent()

    assert deleted == 2
    assert set(Email.objects.values_list("pk", flat=True)) == {recent.pk, failed.pk}


def test_an_unreachable_provider_requeues_the_batch_instead_of_crashing(settings):
    settings.EMAIL_BACKEND = "tests.mail_backends.UnreachableBackend"
    email = queue_one()
    now = timezone.now()

    counts = services.send_due(now=now)

    email.refresh_from_db()
    assert counts == {"sent": 0, "retried": 1, "failed": 0}
    assert email.status == EmailStatus.QUEUED
    assert email.last_error == (
        "The email service could not be reached, for now (ConnectionRefusedError)."
    )
    assert email.next_attempt_at == now + datetime.timedelta(minutes=1)


def test_a_second_worker_cannot_send_what_the_first_is_sending():
    email = queue_one()
    start = timezone.now()
    [first_claim] = services.claim_due(now=start, batch_size=10)
    # The first worker renews the lease as it starts sending this email...
    services._send_one(first_claim, mail.get_connection(), now=start)
    # ...so a second worker, six minutes on, finds nothing due.
    later = services.send_due(now=start + datetime.timedelta(minutes=6))

    assert later["sent"] == 0
    assert len(mail.outbox) == 1
    email.refresh_from_db()
    assert email.status == EmailStatus.SENT


def test_a_worker_whose_claim_was_taken_over_does_not_send_again():
    email = queue_one()
    start = timezone.now()
    [stale] = services.claim_due(now=start, batch_size=10)
    # The lease ran out before the first worker got to it; a second worker sends it.
    services.send_due(now=start + datetime.timedelta(minutes=6))

    outcome = services._send_one(stale, mail.get_connection(), now=start)

    assert outcome == "retried"
    assert len(mail.outbox) == 1
    email.refresh_from_db()
    assert email.status == EmailStatus.SENT


def test_retry_requeues_only_failed_emails_to_be_sent_now_with_fresh_attempts(django_user_model):
    from common.models import AuditEntry

    organiser = django_user_model.objects.create_user("organiser", is_staff=True)
    failed, queued = queue_one(), queue_one()
    Email.objects.filter(pk=failed.pk).update(status=EmailStatus.FAILED, attempts=8)
    later = timezone.now() + datetime.timedelta(hours=1)

    retried = services.retry_failed(Email.objects.all(), by=organiser, now=later)

    failed.refresh_from_db()
    assert retried.requeued == 1
    assert (failed.status, failed.attempts, failed.next_attempt_at, failed.updated) == (
        EmailStatus.QUEUED,
        0,
        later,
        later,
    )
    assert Email.objects.get(pk=queued.pk).next_attempt_at < later  # left as it was
    assert list(AuditEntry.objects.values_list("object_id", "by")) == [(failed.pk, organiser.pk)]


def test_who_tried_an_email_again_is_forgotten_with_the_email(settings, django_user_model):
    from common.models import AuditEntry

    settings.OUTBOX_KEEP_SENT_DAYS = 30
    organiser = django_user_model.objects.create_user("organiser", is_staff=True)
    email = queue_one()
    Email.objects.update(status=EmailStatus.FAILED)
    services.retry_failed(Email.objects.all(), by=organiser)
    Email.objects.update(
        status=EmailStatus.FAILED, updated=timezone.now() - datetime.timedelta(days=31)
    )

    services.delete_old_sent()

    assert not Email.objects.filter(pk=email.pk).exists()
    assert not AuditEntry.objects.exists()


def test_a_mail_parser_reads_replies_to_the_organisers_a_true_date_and_an_invitation(settings):
    """Python's own mail parser (not our code) reads the message as a mail program would."""
    settings.CONTACT_EMAIL = "seminars@example.org"
    settings.SITE_URL = "https://seminars.example.org"
    calendar = "BEGIN:VCALENDAR\r\nMETHOD:PUBLISH\r\nEND:VCALENDAR\r\n"
    queue_one(
        attachments=[
            TextAttachment("s.ics", calendar, "text/calendar; method=PUBLISH; charset=utf-8")
        ]
    )
    services.send_due()

    [sent] = mail.outbox
    parsed = message_from_bytes(sent.message().as_bytes(), policy=policy.default)
    assert parsed["Reply-To"] == "seminars@example.org"
    assert parsed["Auto-Submitted"] == "auto-generated"
    assert parsed["Date"].endswith("+0000")
    assert parsed["Date"].datetime.utcoffset() == datetime.timedelta(0)
    assert parsed["Message-ID"].endswith("@seminars.example.org>")
    [invitation] = [part for part in parsed.walk() if part.get_filename() == "s.ics"]
    assert invitation.get_content_type() == "text/calendar"
    assert invitation.get_params() == [
        ("text/calendar", ""),
        ("charset", "utf-8"),
        ("method", "PUBLISH"),
    ]
    assert invitation.get_content() == calendar


def test_binary_attachment_is_stored_as_text_and_arrives_byte_for_byte():
    """Every byte value, and a PDF's own signature, survive the JSON row and the mail parser."""
    content = b"%PDF-1.7\n" + bytes(range(256)) * 4
    email = queue_one(attachments=[BinaryAttachment("certificate.pdf", content, "application/pdf")])
    email.refresh_from_db()

    services.send_due()

    [stored] = email.attachments
    assert stored["encoding"] == "base64"
    assert isinstance(stored["content"], str)
    [sent] = mail.outbox
    parsed = message_from_bytes(sent.message().as_bytes(), policy=policy.default)
    [pdf] = [part for part in parsed.walk() if part.get_filename() == "certificate.pdf"]
    assert pdf.get_content_type() == "application/pdf"
    assert pdf["Content-Transfer-Encoding"] == "base64"
    assert pdf.get_content_disposition() == "attachment"
    assert pdf.get_payload(decode=True) == content


def test_text_and_binary_attachments_go_together():
    queue_one(
        attachments=[
            TextAttachment("s.ics", "BEGIN:VCALENDAR", "text/calendar"),
            BinaryAttachment("c.pdf", b"%PDF-\x00\xff", "application/pdf"),
        ]
    )

    services.send_due()

    [sent] = mail.outbox
    parsed = message_from_bytes(sent.message().as_bytes(), policy=policy.default)
    parts = {part.get_filename(): part for part in parsed.walk() if part.get_filename()}
    assert list(parts) == ["s.ics", "c.pdf"]
    assert parts["s.ics"].get_content() == "BEGIN:VCALENDAR"
    assert parts["c.pdf"].get_payload(decode=True) == b"%PDF-\x00\xff"
