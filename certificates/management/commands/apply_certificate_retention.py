from django.conf import settings
from django.core.management.base import BaseCommand

from certificates import services
from common.words import how_many


class Command(BaseCommand):
    help = (
        "Erase from the certificate register the names printed on certificates issued more than "
        "CERTIFICATE_NAME_KEEP_YEARS ago, keeping their codes, seminars, hours and dates. Safe "
        "to run daily."
    )

    def handle(self, *args, **options):
        count = services.erase_old_names()
        self.stdout.write(
            f"Erased {how_many(count, 'name')} from certificates issued more than "
            f"{settings.CERTIFICATE_NAME_KEEP_YEARS} years ago."
        )
