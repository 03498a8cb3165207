from django.core.management.base import BaseCommand

from subscribers import services


class Command(BaseCommand):
    help = (
        "Delete sign-ups not confirmed within 7 days, carried-over addresses past the end date "
        "they were promised, and requests about seminars that are over. Run daily."
    )

    def handle(self, *args, **options):
        count = services.apply_retention()
        self.stdout.write(f"Deleted {count} address(es).")
