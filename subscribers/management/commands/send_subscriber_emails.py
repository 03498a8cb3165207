from django.core.management.base import BaseCommand

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
        self.stdout.write(f"Queued {opened} 'registration is open' email(s) and {asked} 'stay?'.")
