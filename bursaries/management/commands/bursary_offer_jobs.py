from django.core.management.base import BaseCommand

from bursaries import services
from common.words import how_many


class Command(BaseCommand):
    help = (
        "Remind applicants whose bursary offer ends soon ('Action needed'), and mark offers past "
        "their reply-by moment as lapsed, freeing the bursary and the held place. Safe to run "
        "often, and twice."
    )

    def handle(self, *args, **options):
        reminded = services.send_offer_reminders()
        lapsed = services.lapse_overdue_offers()
        self.stdout.write(f"Reminded {reminded}; {how_many(lapsed, 'offer')} lapsed.")
