from django.core.management.base import BaseCommand

from certificates import services
from common.words import how_many


class Command(BaseCommand):
    help = (
        "Queue the follow-up emails (thanks with certificates, 'sorry we missed you') of every "
        "seminar whose attendance is complete and whose follow-up has not gone. Safe to run "
        "often: once per seminar."
    )

    def handle(self, *args, **options):
        follow_ups = services.send_due_follow_ups()
        for follow_up in follow_ups:
            self.stdout.write(
                f"{follow_up.seminar}: {follow_up.thanked} with certificates, "
                f"{follow_up.missed} 'sorry we missed you'."
            )
        self.stdout.write(f"Sent the follow-up of {how_many(len(follow_ups), 'seminar')}.")
