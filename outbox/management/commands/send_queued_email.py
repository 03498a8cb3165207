import logging
import signal
import time

from django.core.management.base import BaseCommand

from outbox import services

CLEAN_UP_EVERY = 3600  # seconds between deletions of old sent email
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
        next_clean_up = 0.0
        while self.running:
            if time.monotonic() >= next_clean_up:
                services.delete_old_sent()
                next_clean_up = time.monotonic() + CLEAN_UP_EVERY
            try:
                counts = services.send_due()
            except Exception:  # e.g. the database restarting: keep the worker alive
                logger.exception("outbox worker could not send; trying again shortly")
                counts = {}
            if any(counts.values()):
                self.stdout.write(
                    f"Sent {counts['sent']}, will retry {counts['retried']}, "
                    f"failed {counts['failed']}."
                )
            if once:
                return
            if not any(counts.values()):
                time.sleep(interval)

    def _stop(self, *args):
        self.running = False
