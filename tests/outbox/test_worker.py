"""The email worker's promise: at least once, one Message-ID for all attempts, an idempotency key
for providers that read one, a heartbeat to watch, and patience while the database is away."""

import datetime
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.core import mail
from django.utils import timezone

from outbox import services
from outbox.models import Email, EmailStatus, WorkerHeartbeat
from tests.faults.proxy import free_port
from tests.outbox.test_services import queue_one
from tests.utils import text

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]


def test_every_attempt_carries_the_rows_one_message_id_on_the_sites_domain(settings):
    settings.SITE_URL = "https://seminars.example.ac.uk"
    settings.EMAIL_BACKEND = "tests.mail_backends.FlakyBackend"
    from tests.mail_backends import FlakyBackend

    email = queue_one()
    FlakyBackend.down = True
    now = timezone.now()
    services.send_due(now=now)  # the provider is down: retried later
    FlakyBackend.down = False
    services.send_due(now=now + datetime.timedelta(hours=1))

    [sent] = mail.outbox
    email.refresh_from_db()
    assert email.attempts == 2
    assert email.headers["Message-ID"].endswith("@seminars.example.ac.uk>")
    assert sent.extra_headers["Message-ID"] == email.headers["Message-ID"]
    assert Email.objects.exclude(pk=email.pk).filter(headers=email.headers).count() == 0


def test_a_provider_that_drops_repeats_gets_an_idempotency_key(settings):
    email = queue_one()
    settings.ANYMAIL_PROVIDER = "resend"

    with_key = services.headers_for(email)
    settings.ANYMAIL_PROVIDER = "postmark"
    without = services.headers_for(email)

    assert with_key["Resend-Idempotency-Key"] == email.headers["Message-ID"].strip("<>")
    assert "Resend-Idempotency-Key" not in without


def test_the_worker_beats_and_the_admin_and_a_monitor_can_see_it(client, admin_user):
    silent = client.get("/healthz/worker")
    services.heartbeat("host:1", started_at=timezone.now())
    alive = client.get("/healthz/worker")
    client.force_login(admin_user)
    listing = text(client.get("/admin/outbox/email/"))
    WorkerHeartbeat.objects.update(beat_at=timezone.now() - datetime.timedelta(seconds=61))
    gone = client.get("/healthz/worker")
    warning = text(client.get("/admin/outbox/email/"))

    assert (silent.status_code, alive.status_code, gone.status_code) == (503, 200, 503)
    assert "The email worker is running" in listing
    assert "The email worker was last seen 1 minute ago: emails wait here" in warning


def worker(tmp_path, database_url, **env):
    return subprocess.Popen(
        [sys.executable, "manage.py", "send_queued_email", "--interval", "0.2"],
        cwd=ROOT,
        env={
            **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE"))},
            "DATABASE_URL": database_url,
            "DJANGO_VAR_DIR": str(tmp_path),
            "DJANGO_EMAIL_BACKEND": "tests.mail_backends.RecordingBackend",
            "FAULT_MAIL_LOG": str(tmp_path / "sent.log"),
            **env,
        },
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_a_worker_started_without_a_database_waits_then_gives_up_for_its_supervisor(tmp_path):
    unreachable = f"postgres://postgres@127.0.0.1:{free_port()}/nothing"
    started = time.monotonic()

    process = worker(
        tmp_path,
        unreachable,
        OUTBOX_GIVE_UP_SECONDS="3",
        OUTBOX_RETRY_MAX_SECONDS="1",
        DJANGO_DB_CONNECT_TIMEOUT="2",
    )
    _, errors = process.communicate(timeout=30)

    assert time.monotonic() - started >= 3  # it waited rather than exiting at once
    assert process.returncode == 1
    assert errors.count("outbox worker could not work (OperationalError)") >= 2
    assert "giving up after" in errors


def test_sending_is_marked_for_another_worker_within_the_lease(settings):
    settings.OUTBOX_LEASE_SECONDS = 60
    email = queue_one()
    now = timezone.now()

    services.claim_due(now=now, batch_size=1)

    email.refresh_from_db()
    assert email.status == EmailStatus.SENDING
    assert email.locked_until == now + datetime.timedelta(seconds=60)
