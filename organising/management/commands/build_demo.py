"""Build the demo's story (organising/demo.py) on a fresh database, for `make demo`: seminars in
which things have happened, and staff accounts with their second factor set up. Refused
outright under production settings, and on a database that already holds the demo."""

import os

from django.core.management.base import BaseCommand, CommandError

from organising import demo


class Command(BaseCommand):
    help = "Build the demo on a fresh database (never in production)."

    def handle(self, *args, **options):
        demo.refuse_in_production()
        if demo.already_built():
            raise CommandError(
                "This database already holds the demo: `make demo` rebuilds it from nothing."
            )
        passwords = demo.build()
        self.stdout.write("The demo is built. Sign in at /account/login/ as:")
        for username, password in passwords.items():
            self.stdout.write(f"  {username:16} password {password}")
        where = os.environ.get("DJANGO_VAR_DIR")
        prefix = f"DJANGO_VAR_DIR={where} " if where else ""
        self.stdout.write(
            "Then give the 6-digit code that this prints:\n"
            f"  {prefix}.venv/bin/python manage.py demo_code demo-organiser"
        )
