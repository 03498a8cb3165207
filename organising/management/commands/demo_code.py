"""Print a demo account's current authenticator code (never in production)."""

from django.core.management.base import BaseCommand

from organising import demo


class Command(BaseCommand):
    help = "Print the current 6-digit sign-in code of a demo account (never in production)."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        demo.refuse_in_production()
        self.stdout.write(demo.current_code(username))
