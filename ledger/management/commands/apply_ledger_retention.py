from django.core.management.base import BaseCommand

from ledger import retention


class Command(BaseCommand):
    help = (
        "Forget the payee's name and the payment's reference on money entries older than the "
        "series' finance records period (six years by default, in the money settings), "
        "keeping amounts and days. Safe to run daily, and twice."
    )

    def handle(self, *args, **options):
        count = retention.apply_retention()
        self.stdout.write(f"Forgot the names on {count} money entr{'y' if count == 1 else 'ies'}.")
