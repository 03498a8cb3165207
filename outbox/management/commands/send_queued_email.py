"""The email worker: delivers the outbox until it is stopped.

It heals itself. Every pass first drops broken or old database connections, and every database
call of the pass (the heartbeat, cleaning up, claiming, renewing, recording) runs inside the
loop's error handling: while the database is away the worker waits, doubling the wait up to
OUTBOX_RETRY_MAX_SECONDS, and then carries on, at start-up too. After OUTBOX_GIVE_UP_SECONDS of
continuous failure it exits with status 1, so that its supervisor (systemd's Restart=always, for
example) starts it afresh. It records a heartbeat every HEARTBEAT_SECONDS, which the admin's
email list and /healthz/worker show.
"""

import logging
import os
import signal
import socket
import sys
import time

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import close_old_connections
from django.utils import timezone

from outbox import services

CLEAN_UP_EVERY = 3600  # seconds between deletions of old sent email
HEARTBEAT_SECONDS = 10
logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = "Deliver queued email, retrying temporary failures. Runs until stopped, or --once."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Send what is due, then exit.")
        parser.add_argument(
            "--interval", type=float, default=2.0, help="Seconds between looks at the outbox."
        )

    def handle(self, *args, once=False, interval=2.0, **options):
        self.running = True
        if not once:
            signal.signal(signal.SIGTERM, self._stop)
            signal.signal(signal.SIGINT, self._stop)
        name = f"{socket.gethostname()}:{os.getpid()}"
        started = timezone.now()
        next_clean_up = next_beat = 0.0
        failing_since, wait = None, interval
        while self.running:
            close_old_connections()  # a connection broken since the last pass is replaced
            try:
                if time.monotonic() >= next_beat:
                    services.heartbeat(name, started_at=started)
                    next_beat = time.monotonic() + HEARTBEAT_SECONDS
                if time.monotonic() >= next_clean_up:
                    services.delete_old_sent()
                    next_clean_up = time.monotonic() + CLEAN_UP_EVERY
                counts = services.send_due()
            except Exception as error:  # the database restarting, say: wait, then carry on
                failing_since = failing_since or time.monotonic()
                failing_for = time.monotonic() - failing_since
                if once or failing_for >= settings.OUTBOX_GIVE_UP_SECONDS:
                    logger.error(
                        "outbox worker giving up after %.0f s of failures (%s): exiting so that "
                        "its supervisor starts it afresh",
                        failing_for,
                        type(error).__name__,
                    )
                    sys.exit(1)
                logger.warning(
                    "outbox worker could not work (%s); trying again in %.0f s",
                    type(error).__name__,
                    wait,
                )
                self._sleep(wait)
                wait = min(wait * 2, settings.OUTBOX_RETRY_MAX_SECONDS)
                continue
            failing_since, wait = None, interval
            if any(counts.values()):
                self.stdout.write(
                    f"Sent {counts['sent']}, will retry {counts['retried']}, "
                    f"failed {counts['failed']}."
                )
            if once:
                return
            if not any(counts.values()):
                self._sleep(interval)

    def _sleep(self, seconds):
        """Sleep, but wake at once when asked to stop."""
        deadline = time.monotonic() + seconds
        while self.running and (left := deadline - time.monotonic()) > 0:
            time.sleep(min(0.1, left))

    def _stop(self, *args):
        self.running = False
