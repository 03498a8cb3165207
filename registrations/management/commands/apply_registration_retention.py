from django.core.management.base import BaseCommand

from common.words import how_many
from registrations import services


class Command(BaseCommand):
    help = (
        "Delete registration details and then whole registrations after the retention periods, "
        "keeping anonymous counts. Safe to run daily, and twice."
    )

    def handle(self, *args, **options):
        redacted, deleted = services.apply_retention()
        self.stdout.write(
            f"Removed details from {how_many(redacted, 'registration')}; deleted "
            f"{how_many(deleted, 'registration')}."
        )
