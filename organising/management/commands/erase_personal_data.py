from django.core.management.base import BaseCommand, CommandError

from common.words import how_many
from organising import personal_data


class Command(BaseCommand):
    help = (
        "Erase everything held about one email address: registrations, bursary applications "
        "and involvement fees (finance records anonymised, not deleted), receipt files and emails. "
        "Export first."
    )

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("--yes", action="store_true", help="Confirm: this cannot be undone.")

    def handle(self, *args, email, yes=False, **options):
        if not yes:
            raise CommandError("Erasing cannot be undone. Run again with --yes to confirm.")
        counts = personal_data.erase(email.strip())
        self.stdout.write(
            f"Erased {how_many(counts['registrations'], 'registration')}, "
            f"{how_many(counts['bursary_applications_deleted'], 'bursary application')} and "
            f"{how_many(counts['emails'], 'email')}; anonymised "
            f"{how_many(counts['bursary_applications_anonymised'], 'bursary finance record')} "
            f"and {how_many(counts['involvement_fees_anonymised'], 'involvement fee')}."
        )
