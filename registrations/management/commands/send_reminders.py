from django.core.management.base import BaseCommand

from common.words import how_many
from registrations import services


class Command(BaseCommand):
    help = "Queue reminder emails for seminars starting soon. Safe to run often: once per person."

    def handle(self, *args, **options):
        count = services.send_reminders()
        self.stdout.write(f"Queued {how_many(count, 'reminder')}.")
