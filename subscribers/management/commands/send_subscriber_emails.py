from django.core.management.base import BaseCommand

from common.words import how_many
from subscribers import services


class Command(BaseCommand):
    help = (
        "Email people who asked, once, when a seminar's registration opens; and ask each "
        "person carried over from the old tick box, once, whether to stay on the list. "
        "Safe to run often (every 15 minutes, say)."
    )

    def handle(self, *args, **options):
        opened = services.send_registration_open()
        asked = services.ask_carried_over_to_stay()
        opened_words = how_many(opened, "'registration is open' email")
        asked_words = how_many(asked, "'stay?' email")
        self.stdout.write(f"Queued {opened_words} and {asked_words}.")
