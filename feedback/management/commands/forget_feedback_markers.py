from django.core.management.base import BaseCommand

from feedback import services


class Command(BaseCommand):
    help = (
        "Delete the 'feedback given' markers of seminars whose feedback form has closed, so "
        "that no answer can ever be tied to anyone. Run daily; safe to run twice."
    )

    def handle(self, *args, **options):
        closed = services.forget_markers()
        self.stdout.write(f"Closed feedback for {len(closed)} seminar(s).")
