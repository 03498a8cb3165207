import json

from django.core.management.base import BaseCommand

from organising import personal_data


class Command(BaseCommand):
    help = "Print, as JSON, everything the site holds about one email address (subject access)."

    def add_arguments(self, parser):
        parser.add_argument("email")

    def handle(self, *args, email, **options):
        data = personal_data.export(email.strip())
        self.stdout.write(json.dumps(data, indent=2, ensure_ascii=False))
