"""The follow-up after a seminar, timed at the size of a big seminar.

Builds a throwaway SQLite database (migrated from scratch, in a temporary folder), one seminar
that ended three days ago with its CPD hours and what was covered, COUNT people marked as
attended (and COUNT // 10 with a place who did not come), then times what an organiser's
"Mark attendance as complete" does: the follow-up, written in one transaction (the register's
rows and the outbox's emails). Then the email worker sends SEND of the emails, each with its
certificate drawn as it goes, and that is timed too.

Usage: .venv/bin/python benchmarks/follow_up.py [--count 960] [--send 20]
"""

import argparse
import datetime
import os
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=960)
    parser.add_argument("--send", type=int, default=20)
    args = parser.parse_args()

    os.environ["DJANGO_VAR_DIR"] = tempfile.mkdtemp(prefix="follow-up-bench-")
    os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("DJANGO_LOG_LEVEL", "WARNING")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from certificates import services
    from certificates.models import IssuedCertificate
    from outbox import services as outbox
    from outbox.models import Email
    from registrations.models import Registration
    from tests.factories import PersonFactory, RegistrationFactory, SeminarFactory

    call_command("migrate", verbosity=0)
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    PersonFactory(name="Pamela Fisher", team_role="Principal investigator")
    seminar = SeminarFactory(
        starts_at=timezone.now() - datetime.timedelta(days=3),
        cpd_hours=Decimal("5.5"),
        learning="How service users, carers and professionals design a service together.",
        capacity=args.count + args.count // 10,
    )
    Registration.objects.bulk_create(
        [RegistrationFactory.build(seminar=seminar, attended=True) for _ in range(args.count)]
        + [
            RegistrationFactory.build(seminar=seminar, attended=False)
            for _ in range(args.count // 10)
        ]
    )

    queries = 0

    def count(execute, sql, params, many, context):
        nonlocal queries
        queries += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        started, cpu = time.perf_counter(), time.process_time()
        follow_up = services.mark_attendance_complete(seminar, by=None)
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    print(
        f"follow-up of {args.count} attendees: {seconds:.2f} s ({cpu:.2f} s of CPU), "
        f"{queries} queries; "
        f"{follow_up.thanked} thanked, {follow_up.missed} missed, "
        f"{IssuedCertificate.objects.count()} certificates in the register, "
        f"{Email.objects.count()} emails queued"
    )

    started, cpu = time.perf_counter(), time.process_time()
    counts = outbox.send_due(batch_size=args.send)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    print(
        f"worker, one batch of {args.send}: {seconds:.2f} s ({cpu:.2f} s of CPU), "
        f"{1000 * seconds / max(args.send, 1):.0f} ms an email; {counts}"
    )


if __name__ == "__main__":
    main()
