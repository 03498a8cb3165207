from django.core.management.base import BaseCommand

from common.words import how_many
from fees.retention import apply_retention


class Command(BaseCommand):
    help = (
        "Remove contributors' names, addresses and lived-experience flags from involvement fees "
        "FEE_KEEP_MONTHS after their seminar, keeping the amounts. Safe to run daily, and twice."
    )

    def handle(self, *args, **options):
        count = apply_retention()
        self.stdout.write(f"Anonymised {how_many(count, 'involvement fee')}.")
