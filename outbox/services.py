"""Delivering the outbox: claim due emails, send them, retry temporary failures with back-off.

Several workers, on several machines, can run at once: a worker claims a batch in a short
transaction (row locks with SKIP LOCKED on PostgreSQL; SQLite's write lock serialises), marks it
as being sent with a lease (OUTBOX_LEASE_SECONDS, renewed just before each send), and sends
after that transaction has committed. A worker that dies mid-send leaves its lease to expire,
and another worker tries the email again.

The promise is "at least once": every email is sent, and nothing is lost, but an email whose
sending succeeded and whose recording failed (the worker died, or the database went away, in
between) is sent again. Every attempt carries the row's one Message-ID, so mail programs show a
repeat as one message, and providers that can drop a repeat get an idempotency key.
"""

import base64
import datetime
import logging
import re
import smtplib
from collections import Counter
from dataclasses import dataclass
from email import encoders
from email.mime.base import MIMEBase
from email.mime.text import MIMEText
from email.utils import format_datetime

from anymail.exceptions import AnymailAPIError, AnymailInvalidAddress, AnymailRecipientsRefused
from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from common import audit

from .mail import OutboxError, is_about, no_longer_true, rebuild, site_domain
from .models import Email, EmailStatus, WorkerHeartbeat

logger = logging.getLogger(__name__)

FIRST_RETRY = datetime.timedelta(minutes=1)
LONGEST_RETRY = datetime.timedelta(hours=6)


@dataclass(frozen=True)
class Failure:
    """Why one attempt failed: for good or for now, in words for staff (the kind of failure, the
    server's code and its text with any address taken out), and a kind for the log (the
    exception's name and the code only: nothing the server wrote)."""

    permanent: bool
    reason: str
    kind: str


# The SMTP stage each refusal comes from, in words for staff.
SMTP_STAGES = (
    (smtplib.SMTPConnectError, "The mail server would not take a connection"),
    (smtplib.SMTPHeloError, "The mail server refused our greeting"),
    (
        smtplib.SMTPAuthenticationError,
        "The mail server refused our sign-in (check the mail settings)",
    ),
    (smtplib.SMTPSenderRefused, "The mail server refused our sending address"),
    (smtplib.SMTPDataError, "The mail server refused the message"),
)
# HTTP answers from an email provider's API that mean "later"; every other 4xx means the request
# itself (the message, the address, our key or our permissions) is wrong, and sending it again as
# it is cannot help: staff fix the cause and press "Try again".
HTTP_LATER = {408, 425, 429}
# Anything that looks like an address: staff who may see the email see its address already,
# but last_error never holds one (a server may name the sender, or a forwarding address).
ADDRESS = re.compile(r"[^\s<>\"'(),;:\[\]]+@[^\s<>\"'(),;:\[\]]+")


def _server_text(text):
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    printable = "".join(char if char.isprintable() else " " for char in str(text))
    one_line = " ".join(printable.split())
    return ADDRESS.sub("[address]", one_line)[:150]


def _for(permanent):
    return "for good" if permanent else "for now"


def classify(error):
    """For good or for now, by the answer's own code wherever it came: SMTP at connection,
    greeting, sign-in, sender (MAIL), each recipient (RCPT) or the message (DATA), 5xx for good
    and 4xx for now; an HTTP provider's 5xx, 408, 425 and 429 for now and its other 4xx for good;
    a refusal by the provider of the recipient (its list of bounced addresses, say) or of the
    address itself for good. Everything else (a network error, a timeout, a dropped
    connection, a provider that cannot be reached) for now."""
    name = type(error).__name__
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        # One reply per recipient: for good only if every one of them said so.
        codes = [code for code, _ in error.recipients.values()] or [0]
        permanent = all(500 <= code < 600 for code in codes)
        answers = "; ".join(
            f"{code} {_server_text(text)}" for code, text in error.recipients.values()
        )
        return Failure(
            permanent,
            f"The recipient's mail server refused the address, {_for(permanent)}: {answers} "
            f"({name}).",
            f"{name} {' '.join(map(str, codes))}",
        )
    if isinstance(error, smtplib.SMTPResponseException):
        code = error.smtp_code
        permanent = 500 <= code < 600
        stage = next(
            (words for kind, words in SMTP_STAGES if isinstance(error, kind)),
            "The mail server answered",
        )
        return Failure(
            permanent,
            f"{stage}, {_for(permanent)}: {code} {_server_text(error.smtp_error)} ({name}).",
            f"{name} {code}",
        )
    if isinstance(error, AnymailRecipientsRefused):
        return Failure(
            True,
            "The email provider refused the address, for good (an address that bounced or "
            f"complained before is often on its list of addresses not to send to) ({name}).",
            name,
        )
    if isinstance(error, AnymailInvalidAddress):
        return Failure(
            True, f"The email provider cannot send to this address, for good ({name}).", name
        )
    if isinstance(error, AnymailAPIError) and error.status_code is not None:
        status = error.status_code
        permanent = 400 <= status < 500 and status not in HTTP_LATER
        return Failure(
            permanent,
            f"The email provider answered HTTP {status}, {_for(permanent)} ({name}).",
            f"{name} {status}",
        )
    if isinstance(error, smtplib.SMTPServerDisconnected):
        return Failure(False, f"The mail server closed the connection, for now ({name}).", name)
    return Failure(False, f"The email service could not be reached, for now ({name}).", name)


def is_permanent(error):
    return classify(error).permanent


def retry_delay(attempts):
    """1 minute after the first failure, doubling each time, at most 6 hours."""
    return min(FIRST_RETRY * 2 ** max(attempts - 1, 0), LONGEST_RETRY)


def claim_due(*, now, batch_size):
    """Mark up to `batch_size` due emails as being sent by this worker, and return them."""
    due = Q(status=EmailStatus.QUEUED, next_attempt_at__lte=now) | Q(
        status=EmailStatus.SENDING, locked_until__lt=now
    )
    with transaction.atomic():
        ids = list(
            Email.objects.filter(due)
            .select_for_update(skip_locked=True)
            .order_by("next_attempt_at", "pk")
            .values_list("pk", flat=True)[:batch_size]
        )
        Email.objects.filter(pk__in=ids).update(
            status=EmailStatus.SENDING,
            locked_until=now + lease(),
            attempts=F("attempts") + 1,
        )
    return list(Email.objects.filter(pk__in=ids).order_by("next_attempt_at", "pk"))


def lease():
    return datetime.timedelta(seconds=settings.OUTBOX_LEASE_SECONDS)


# Providers that drop a second message with the same key, and the email header they read it from.
IDEMPOTENCY_HEADERS = {"resend": "Resend-Idempotency-Key"}


def headers_for(email, *, now=None):
    """The row's own headers (its one Message-ID, on the site's domain, above all); replies go
    to the organisers (the sender is a no-reply address); a dated +0000 (not "-0000", which
    says the zone is unknown); marked as sent by a machine, so that out-of-office replies stay
    away (RFC 3834); and an idempotency key for a provider that reads one."""
    message_id = email.headers.get("Message-ID") or f"<outbox.{email.pk}@{site_domain()}>"
    headers = {
        "Reply-To": settings.CONTACT_EMAIL,
        "Auto-Submitted": "auto-generated",
        "Date": format_datetime(now or timezone.now(), usegmt=False),
        **email.headers,
        "Message-ID": message_id,
    }
    if header := IDEMPOTENCY_HEADERS.get(settings.ANYMAIL_PROVIDER or ""):
        headers[header] = message_id.strip("<>")
    return headers


def as_message(email, connection):
    message = EmailMultiAlternatives(
        subject=email.subject,
        body=email.body_text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[email.to],
        connection=connection,
        headers=headers_for(email),
    )
    if email.body_html:
        message.attach_alternative(email.body_html, "text/html")
    for attachment in email.attachments:
        message.attach(_part(**attachment))
    return message


def _part(filename, content, mimetype, encoding=None):
    """An attachment whose type may carry parameters (text/calendar; method=PUBLISH: mail
    programs then offer to add the event), given once each. Text is sent as UTF-8; a binary
    file (a PDF) is stored as base64 text (`encoding` "base64") and sent base64-encoded."""
    kind, *parameters = (part.strip() for part in mimetype.split(";"))
    if encoding == "base64":
        part = MIMEBase(*kind.split("/", 1))
        part.set_payload(base64.b64decode(content))
        encoders.encode_base64(part)
    else:
        part = MIMEText(content, kind.split("/", 1)[1], "utf-8")
    for parameter in parameters:
        name, value = parameter.split("=", 1)
        if name.lower() != "charset":
            part.set_param(name, value)
    part.add_header("Content-Disposition", "attachment", filename=filename)
    return part


def send_due(*, now=None, batch_size=20):
    """Send what is due; return counts of sent, retried and failed. Safe in several workers."""
    now = now or timezone.now()
    emails = claim_due(now=now, batch_size=batch_size)
    counts = {"sent": 0, "retried": 0, "failed": 0}
    if not emails:
        return counts
    connection = get_connection(fail_silently=False)
    try:
        connection.open()
    except Exception as exc:  # the provider is unreachable: try the whole batch again later
        for email in emails:
            counts[_failed(email, exc, now=now)] += 1
        return counts
    try:
        for position, email in enumerate(emails):
            if _hung_up(connection):
                # An SMTP server that answered 421 has closed the connection (smtplib closes
                # its end too): the rest of the batch goes over a new one.
                try:
                    connection.close()
                    connection.open()
                except Exception as exc:
                    for waiting in emails[position:]:
                        counts[_failed(waiting, exc, now=now)] += 1
                    break
            counts[_send_one(email, connection, now=now)] += 1
    finally:
        connection.close()
    return counts


def _hung_up(connection):
    smtp = getattr(connection, "connection", None)  # Django's SMTP backend's smtplib.SMTP
    return isinstance(smtp, smtplib.SMTP) and smtp.sock is None


def _send_one(email, connection, *, now):
    # Renew this email's lease just before sending, so that no other worker can take it over
    # while we send; if another worker already has, leave it to them.
    renewed = Email.objects.filter(
        pk=email.pk, status=EmailStatus.SENDING, attempts=email.attempts
    ).update(locked_until=timezone.now() + lease())
    if not renewed:
        return "retried"
    if reason := no_longer_true(email):
        _finish(email, status=EmailStatus.FAILED, last_error=reason[:300])
        return "failed"
    try:
        as_message(email, connection).send()
    except Exception as exc:  # any failure of the provider must not stop the other emails
        return _failed(email, exc, now=now)
    _finish(email, status=EmailStatus.SENT, sent_at=timezone.now(), last_error="")
    return "sent"


def _failed(email, exc, *, now):
    # Log the kind of failure, its code and our id only: the server's text may carry the address.
    failure = classify(exc)
    reason = failure.reason
    if failure.permanent or email.attempts >= settings.OUTBOX_MAX_ATTEMPTS:
        if not failure.permanent:
            reason = f"Given up after {email.attempts} tries. The last: {reason}"
        _finish(email, status=EmailStatus.FAILED, last_error=reason[:300])
        logger.warning("outbox email %s failed for good: %s", email.pk, failure.kind)
        return "failed"
    _finish(
        email,
        status=EmailStatus.QUEUED,
        last_error=reason[:300],
        next_attempt_at=now + retry_delay(email.attempts),
    )
    logger.info("outbox email %s will be retried: %s", email.pk, failure.kind)
    return "retried"


def _finish(email, **fields):
    # Only the worker holding this attempt may record its outcome.
    Email.objects.filter(pk=email.pk, status=EmailStatus.SENDING, attempts=email.attempts).update(
        locked_until=None, **fields
    )


@dataclass(frozen=True)
class Retried:
    """What trying again did: how many went back in the queue, and how many were refused, by
    the reason (words for staff)."""

    requeued: int
    refused: dict


def retry_failed(emails, *, by, now=None):
    """Put the failed ones among `emails` back in the queue, to be sent now with a fresh set of
    attempts: after the provider's problem is fixed, say.

    Each is written again from today's data (outbox.mail.rebuild): today's date, venue and
    private link, to the same address with the same Message-ID. One that must not go again
    (what it was about is gone or no longer true, the person's address changed, or an old
    stored text with a private link) stays failed, with the reason as its last error.

    Side effects, in one transaction: the rows updated, and an audit entry for each requeued.
    """
    now = now or timezone.now()
    requeued, refused = 0, Counter()
    with transaction.atomic():
        failed = list(
            Email.objects.filter(pk__in=emails.values("pk"), status=EmailStatus.FAILED)
            .select_for_update()
            .order_by("pk")
        )
        for email in failed:
            try:
                fresh = rebuild(email)
            except OutboxError as refusal:
                reason = str(refusal)
                Email.objects.filter(pk=email.pk).update(last_error=reason[:300], updated=now)
                refused[reason] += 1
                continue
            written = {}
            if fresh is not None:
                written = {
                    "subject": fresh.subject,
                    "body_text": fresh.body_text,
                    "body_html": fresh.body_html,
                    "attachments": fresh.attachments,
                    "headers": fresh.headers,
                }
            Email.objects.filter(pk=email.pk).update(
                status=EmailStatus.QUEUED,
                attempts=0,
                next_attempt_at=now,
                locked_until=None,
                updated=now,
                **written,
            )
            audit.record(Email(pk=email.pk), "tried again", by=by, fields=["status"], now=now)
            requeued += 1
    return Retried(requeued=requeued, refused=dict(refused))


def delete_old_sent(*, now=None):
    """Emails hold names and private links: keep finished ones only as long as needed to help.

    Sent emails go OUTBOX_KEEP_SENT_DAYS after sending, failed ones as long after their last try.
    """
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(days=settings.OUTBOX_KEEP_SENT_DAYS)
    old = Email.objects.filter(
        Q(status=EmailStatus.SENT, sent_at__lt=cutoff)
        | Q(status=EmailStatus.FAILED, updated__lt=cutoff)
    )
    audit.delete_for(Email, old.values_list("pk", flat=True))
    deleted, _ = old.delete()
    return deleted


def heartbeat(name, *, started_at, now=None):
    """This worker is alive: organisers see it in the admin, monitors at /healthz/worker."""
    now = now or timezone.now()
    WorkerHeartbeat.objects.update_or_create(
        name=name, defaults={"started_at": started_at, "beat_at": now}
    )
    # Rows of workers gone for a day tell nobody anything.
    WorkerHeartbeat.objects.filter(beat_at__lt=now - datetime.timedelta(days=1)).delete()


def last_heartbeat():
    return WorkerHeartbeat.objects.order_by("-beat_at").values_list("beat_at", flat=True).first()


ADDRESS_LEFT = (
    "Not sent: the address was changed before it went, and the person was sent a new link at "
    "their new address."
)


def withdraw_queued(obj, *, to, reason):
    """Emails about `obj` still waiting to go to the address `to`, which is no longer the
    person's: failed, with `reason` for staff, so that nothing (a private link above all) goes
    to an address they have left. In the caller's transaction; returns how many."""
    waiting = Email.objects.filter(status=EmailStatus.QUEUED, to__iexact=to).only("pk", "render")
    pks = [email.pk for email in waiting if is_about(email, obj)]
    return Email.objects.filter(pk__in=pks, status=EmailStatus.QUEUED).update(
        status=EmailStatus.FAILED, last_error=reason[:300]
    )
