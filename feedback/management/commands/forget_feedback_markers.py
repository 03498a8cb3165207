from django.core.management.base import BaseCommand

from common.words import how_many
from feedback import services


class Command(BaseCommand):
    help = (
        "Close the feedback forms whose time has come: delete their 'feedback given' markers "
        "and the key they were made with, write the answers again in a random order and scrub "
        "the database files, so that no answer can ever be tied to anyone. Run daily; safe to "
        "run twice."
    )

    def handle(self, *args, **options):
        closed = services.forget_markers()
        self.stdout.write(f"Closed feedback for {how_many(len(closed), 'seminar')}.")
