"""Load the seminar series' content (seminars, venues, people, partners, pages) into the database.

The content lives in seminars/series_data.py; the apps above add their parts of each seminar it
creates (travel bursaries) through the "loaded" slot. The command only ever creates rows:
anything that already exists, matched by its natural key, is left exactly as it is, so
organisers' edits in the admin survive and running the command twice changes nothing.
"""

import datetime

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from people.models import Partner, Person, ResearchProject
from seminars import dates, series_data, slots
from seminars.models import LoadedContent, Page, Seminar, SeminarSpeaker, Venue

LONDON = series_data.LONDON
UPCOMING_AFTER = datetime.timedelta(days=42)
MOMENT_FIELDS = (
    "starts_at",
    "ends_at",
    "registration_opens_at",
    "registration_deadline",
)


def shift_moment(moment, *, weeks):
    """Move a moment by whole weeks, keeping its UK wall-clock time across GMT and BST."""
    local = moment.astimezone(LONDON).replace(tzinfo=None)
    return (local + datetime.timedelta(weeks=weeks)).replace(tzinfo=LONDON)


def add_months(day, months):
    """The first day of the month `months` after the month of `day`."""
    index = day.year * 12 + day.month - 1 + months
    return datetime.date(index // 12, index % 12 + 1, 1)


def upcoming_shift(first_start, *, today):
    """(weeks, months) that move the series so that its first seminar is about six weeks ahead.

    Weeks is the smallest whole number of weeks that puts the first seminar's UK date at least 42
    days after `today`, so it lands 42 to 48 days ahead on the same weekday. Months is how many
    calendar months that moves the first seminar, for seminars known only by their month.
    Both can be negative when the series already lies further ahead.
    """
    start = first_start.astimezone(LONDON)
    days_short = (today + UPCOMING_AFTER - start.date()).days
    weeks = -(-days_short // 7)  # rounds up
    shifted = shift_moment(first_start, weeks=weeks)
    months = (shifted.year - start.year) * 12 + shifted.month - start.month
    return weeks, months


def shift_series(seminars, *, today):
    """The seminars' data with every date moved, so that seminar 1 is about six weeks ahead.

    Pure: returns new dicts together with the (weeks, months) used. Every moment moves by the
    same whole number of weeks, so gaps between seminars and deadlines stay the same in UK
    wall-clock terms; month-only seminars move by whole months.
    """
    first = min(seminars, key=lambda seminar: seminar["number"])
    weeks, months = upcoming_shift(first["starts_at"], today=today)
    shifted = []
    for seminar in seminars:
        seminar = dict(seminar)
        for field in MOMENT_FIELDS:
            if seminar.get(field) is not None:
                seminar[field] = shift_moment(seminar[field], weeks=weeks)
        if seminar.get("tentative_month") is not None:
            seminar["tentative_month"] = add_months(seminar["tentative_month"], months)
        shifted.append(seminar)
    return shifted, weeks, months


def _plural(count, singular, plural):
    return f"{count} {singular if count == 1 else plural}"


class Command(BaseCommand):
    help = (
        "Create the seminar series' seminars, venues, people, partners, research projects and "
        "pages. Only creates what is missing; never changes existing rows."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--upcoming",
            action="store_true",
            help="Move all dates by whole weeks so that seminar 1 starts about six weeks from "
            "today (for demonstrations and testing). Only affects seminars this run creates.",
        )

    def handle(self, *args, upcoming=False, **options):
        seminars = series_data.SEMINARS
        self.weeks = 0
        if upcoming:
            seminars, weeks, months = shift_series(seminars, today=timezone.localdate())
            self.weeks = weeks
            first = min(seminars, key=lambda seminar: seminar["number"])
            self.stdout.write(
                f"Moving dates by {_plural(weeks, 'week', 'weeks')} and month-only dates by "
                f"{_plural(months, 'month', 'months')}: seminar 1 would start on "
                f"{dates.day(first['starts_at'])}."
            )
        with transaction.atomic():
            created = self._load(seminars)
        self._report(created, upcoming=upcoming)

    def _load(self, seminars):
        created = dict.fromkeys(
            ("venues", "people", "seminars", "speakers", "partners", "projects", "pages"), 0
        )
        for data in series_data.VENUES:
            key = f"venue:{data['name']}|{data['city']}"
            created["venues"] += self._ensure(
                key, Venue, data, name=data["name"], city=data["city"]
            )
        for data in series_data.PEOPLE:
            created["people"] += self._ensure(
                f"person:{data['slug']}", Person, data, slug=data["slug"]
            )
        for data in seminars:
            data = dict(data)
            venue_name, venue_city = data.pop("venue")
            speaker_slugs = data.pop("speakers")
            venue = self._loaded(f"venue:{venue_name}|{venue_city}", Venue)
            # A seminar's number is unique: an existing seminar 1 is the same seminar, whatever
            # its slug has become. Its speakers are then the organisers' to change.
            if not self._ensure(
                f"seminar:{data['number']}",
                Seminar,
                {**data, "venue": venue},
                number=data["number"],
            ):
                continue
            seminar = self._loaded(f"seminar:{data['number']}", Seminar)
            for load_part in slots.filled("loaded"):
                load_part(seminar, weeks=self.weeks)
            for order, slug in enumerate(speaker_slugs, start=1):
                person = self._loaded(f"person:{slug}", Person)
                if person is None:  # an organiser has deleted the person
                    continue
                self._create(SeminarSpeaker, {"seminar": seminar, "person": person, "order": order})
                created["speakers"] += 1
            created["seminars"] += 1
        for data in series_data.PARTNERS:
            created["partners"] += self._ensure(
                f"partner:{data['slug']}", Partner, data, slug=data["slug"]
            )
        for data in series_data.RESEARCH_PROJECTS:
            created["projects"] += self._ensure(
                f"project:{data['slug']}", ResearchProject, data, slug=data["slug"]
            )
        for data in series_data.PAGES:
            created["pages"] += self._ensure(f"page:{data['kind']}", Page, data, kind=data["kind"])
        return created

    def _ensure(self, key, model, data, **natural_key):
        """Create the row for `key` unless it was loaded before or already exists; True if made.

        A key loaded before is never made again, even if the organisers have since changed
        its slug or deleted the row.
        """
        if LoadedContent.objects.filter(key=key).exists():
            return False
        existing = model.objects.filter(**natural_key).first()
        instance = existing or self._create(model, data)
        LoadedContent.objects.create(key=key, object_id=instance.pk)
        return existing is None

    def _loaded(self, key, model):
        entry = LoadedContent.objects.filter(key=key).first()
        return entry and model.objects.filter(pk=entry.object_id).first()

    def _create(self, model, data):
        instance = model(**data)
        instance.full_clean()
        instance.save()
        return instance

    def _report(self, created, *, upcoming):
        labels = {
            "seminars": ("seminar", "seminars"),
            "venues": ("venue", "venues"),
            "people": ("person", "people"),
            "speakers": ("seminar speaker", "seminar speakers"),
            "partners": ("partner", "partners"),
            "projects": ("research project", "research projects"),
            "pages": ("page", "pages"),
        }
        parts = [_plural(created[key], *label) for key, label in labels.items() if created[key]]
        if not parts:
            self.stdout.write("Nothing to create: everything is already there.")
        elif len(parts) == 1:
            self.stdout.write(self.style.SUCCESS(f"Created {parts[0]}."))
        else:
            listed = ", ".join(parts[:-1]) + f" and {parts[-1]}"
            self.stdout.write(self.style.SUCCESS(f"Created {listed}."))
        if upcoming and not created["seminars"]:
            self.stdout.write(
                "Existing seminars keep their dates: --upcoming only moves seminars this run "
                "creates."
            )
