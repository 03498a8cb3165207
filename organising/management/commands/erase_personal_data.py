from django.core.management.base import BaseCommand, CommandError

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
            f"Erased {counts['registrations']} registration(s), "
            f"{counts['bursary_applications_deleted']} bursary application(s) and "
            f"{counts['emails']} email(s); anonymised "
            f"{counts['bursary_applications_anonymised']} bursary finance record(s) and "
            f"{counts['involvement_fees_anonymised']} involvement fee(s)."
        )
