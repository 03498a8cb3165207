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
import smtplib
from collections import Counter
from dataclasses import dataclass
from email import encoders
from email.mime.base import MIMEBase
from email.mime.text import MIMEText
from email.utils import format_datetime

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from common import audit

from . import attachments
from .failures import Failure, classify, retry_delay
from .mail import OutboxError, is_about, no_longer_true, rebuild, site_domain
from .models import Email, EmailStatus, WorkerHeartbeat

logger = logging.getLogger(__name__)


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
    """The email as Django sends it, with its attachments; those stored as DrawnAtSending are
    drawn now (outbox/attachments.py), so this raises whatever their renderer raises."""
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
        if attachments.is_drawn_at_sending(attachment):
            attachment = attachments.draw(attachment).stored()
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
    # The message, attachments drawn, before anything goes: an attachment that cannot be drawn
    # leaves the whole email unsent, failed for good (its renderer says why) or tried again.
    try:
        message = as_message(email, connection)
    except OutboxError as refusal:
        _finish(email, status=EmailStatus.FAILED, last_error=str(refusal)[:300])
        logger.warning("outbox email %s failed for good: its attachment was refused", email.pk)
        return "failed"
    except Exception as exc:  # a renderer's own failure (a font file, the database): for now
        name = type(exc).__name__
        failure = Failure(
            False, f"Its attachment could not be drawn, for now ({name}).", f"attachment {name}"
        )
        return _failed(email, exc, now=now, failure=failure)
    try:
        message.send()
    except Exception as exc:  # any failure of the provider must not stop the other emails
        return _failed(email, exc, now=now)
    _finish(email, status=EmailStatus.SENT, sent_at=timezone.now(), last_error="")
    return "sent"


def _failed(email, exc, *, now, failure=None):
    # Log the kind of failure, its code and our id only: the server's text may carry the address.
    failure = failure or classify(exc)
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
