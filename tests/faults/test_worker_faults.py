"""The email worker under real faults, on PostgreSQL: its connection cut mid-batch, the worker
killed mid-batch, and two workers sharing one queue. Each test first shows that the fault really
happened (the control), then that every email still went."""

import os
import signal
import time
from collections import Counter
from email.utils import make_msgid

import pytest

from outbox.models import Email, EmailStatus
from tests.faults.conftest import wait_for

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def queue(count):
    Email.objects.bulk_create(
        Email(
            kind="tests/fault",
            to=f"person{n}@example.org",
            subject=f"Email {n}",
            body_text="Hello",
            headers={"Message-ID": make_msgid(domain="example.org")},
        )
        for n in range(count)
    )
    return set(Email.objects.values_list("headers__Message-ID", flat=True))


def sent_lines(tmp_path):
    log = tmp_path / "sent.log"
    return log.read_text().split("\n")[:-1] if log.exists() else []


def all_sent():
    return not Email.objects.exclude(status=EmailStatus.SENT).exists()


def test_a_worker_whose_connection_is_cut_mid_batch_sends_everything_and_keeps_going(
    tmp_path, db_proxy, start_worker
):
    expected = queue(30)
    worker = start_worker(FAULT_SEND_SECONDS="0.1", OUTBOX_LEASE_SECONDS="2")
    wait_for(lambda: len(sent_lines(tmp_path)) >= 5, timeout=30, what="the first sends")

    db_proxy.cut()

    assert db_proxy.cuts >= 1  # the control: the worker's connection was live, and is gone
    wait_for(all_sent, timeout=60, what="every email sent")
    errors = (tmp_path / "worker-0.err").read_text()
    assert "outbox worker could not work" in errors  # the worker saw the fault
    assert worker.poll() is None  # and is still running
    sent = Counter(line.split()[1] for line in sent_lines(tmp_path))
    assert set(sent) == expected  # every email went, at least once


def test_a_worker_killed_mid_batch_leaves_nothing_lost_and_a_new_one_sends_within_the_lease(
    tmp_path, start_worker
):
    expected = queue(30)
    first = start_worker(FAULT_SEND_SECONDS="0.1", OUTBOX_LEASE_SECONDS="2")
    wait_for(lambda: len(sent_lines(tmp_path)) >= 5, timeout=30, what="the first sends")

    os.kill(first.pid, signal.SIGKILL)
    first.wait()
    killed_at = time.monotonic()
    abandoned = Email.objects.filter(status=EmailStatus.SENDING).count()
    start_worker(FAULT_SEND_SECONDS="0.01", OUTBOX_LEASE_SECONDS="2")

    assert abandoned >= 1  # the control: the dead worker held emails it had not sent
    wait_for(all_sent, timeout=30, what="every email sent")
    assert time.monotonic() - killed_at < 2 + 10  # the lease, and the time to send the rest
    sent = Counter(line.split()[1] for line in sent_lines(tmp_path))
    assert set(sent) == expected


def test_two_workers_over_one_queue_send_each_email_exactly_once(tmp_path, start_worker):
    expected = queue(60)

    start_worker(FAULT_SEND_SECONDS="0.02")
    start_worker(FAULT_SEND_SECONDS="0.02")
    wait_for(all_sent, timeout=60, what="every email sent")

    lines = [line.split() for line in sent_lines(tmp_path)]
    workers = Counter(pid for pid, _ in lines)
    assert len(workers) == 2  # the control: both workers really sent
    sent = Counter(message_id for _, message_id in lines)
    assert set(sent) == expected
    assert max(sent.values()) == 1  # nothing failed, so nothing went twice
