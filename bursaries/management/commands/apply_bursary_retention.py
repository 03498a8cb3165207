from django.core.management.base import BaseCommand

from bursaries import services
from common.words import how_many


class Command(BaseCommand):
    help = (
        "Remove bursary applicants' personal details and receipt files a year after their "
        "seminar (BURSARY_KEEP_MONTHS), keeping amounts and dates. Safe to run daily, and twice."
    )

    def handle(self, *args, **options):
        count = services.apply_retention()
        self.stdout.write(f"Anonymised {how_many(count, 'bursary application')}.")
