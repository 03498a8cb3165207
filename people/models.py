import zlib
from collections import Counter

from django.db import models
from django.db.models import Q
from imagekit.models import ImageSpecField
from pilkit.processors import ResizeToFill, ResizeToFit

from common.basemodels import TimeStampedModel, URLField
from common.images import SafeImageField
from common.validators import clean_name_fields


class PersonQuerySet(models.QuerySet):
    def team(self):
        return self.filter(team_role__gt="").order_by("team_order", "name")


class Person(TimeStampedModel):
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True, help_text="Used in the page address.")
    photo = SafeImageField(
        upload_to="people/",
        blank=True,
        help_text="A JPEG or PNG, ideally square. Pages show a resized copy; "
        "location and camera details are removed when it is saved.",
    )
    photo_alt = models.CharField(
        "photo description",
        max_length=250,
        blank=True,
        help_text="Alternative text read out by screen readers, such as "
        "'Annie Dransfield smiling, outdoors'. Required when there is a photo.",
    )
    photo_square = ImageSpecField(
        source="photo", processors=[ResizeToFill(400, 400)], format="JPEG", options={"quality": 85}
    )
    position = models.CharField(
        max_length=250, blank=True, help_text="For example 'Professor of Political Science'."
    )
    affiliation = models.CharField(
        max_length=250, blank=True, help_text="Organisation or institution, if any."
    )
    biography = models.TextField(
        blank=True, help_text="A short biography. Leave a blank line between paragraphs."
    )
    lived_experience = models.TextField(
        "lived experience or carer background",
        blank=True,
        help_text="Only what the person has chosen to state publicly about their own experience "
        "of mental distress, services or caring. Leave empty otherwise.",
    )
    team_role = models.CharField(
        "research team role",
        max_length=120,
        blank=True,
        help_text="For example 'Principal investigator'. Leave empty for people who are not on "
        "the research team.",
    )
    team_order = models.PositiveSmallIntegerField(
        default=100, help_text="Team members are listed in this order (lowest first)."
    )

    objects = PersonQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "people"
        constraints = [
            models.CheckConstraint(
                condition=Q(photo="") | ~Q(photo_alt=""),
                name="people_person_photo_has_alt_text",
                violation_error_message="Describe the photo for people who cannot see it.",
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        clean_name_fields(self, "name")

    @property
    def is_team_member(self):
        return bool(self.team_role)

    @property
    def initials(self):
        """First and last initials, 'AD' for 'Annie Dransfield'; pages that show two people with
        the same ones tell them apart with distinct_initials()."""
        return _initials(self.name)

    @property
    def placeholder_colour(self):
        """One of PLACEHOLDER_COLOURS placeholder styles, the same for a name on every page."""
        return zlib.crc32(self.name.casefold().encode()) % PLACEHOLDER_COLOURS

    @property
    def role_line(self):
        """'Position, Affiliation' as one line, without dangling commas."""
        return ", ".join(part for part in (self.position, self.affiliation) if part)


# The placeholder styles (.person-initials-0 to -7 in site.css), each with AA contrast.
PLACEHOLDER_COLOURS = 8


def _name_letters(name):
    """The letters of the first and last words of a name ('O'Neil' gives 'ONeil')."""
    words = [[char for char in word if char.isalpha()] for word in name.split()]
    words = [word for word in words if word]
    if not words:
        return [], []
    return words[0], words[-1] if len(words) > 1 else []


def _initials(name):
    first, last = _name_letters(name)
    return "".join(first[:1] + last[:1]).upper()


def _longer_initials(name):
    """Three-letter initials, most natural first: 'ADR', 'ADA', ... then 'AND', ..."""
    first, last = _name_letters(name)
    if not first or not last:
        return
    for letter in last[1:]:
        yield (first[0] + last[0] + letter).upper()
    for letter in first[1:]:
        yield (first[0] + letter + last[0]).upper()


def distinct_initials(people):
    """Set `placeholder_initials` on each person, so no two names on one page share them.

    First and last initials ('AD'); names that share them get a third letter, from the surname
    if it tells them apart ('ADR' and 'ADZ'), else from the first name. The same names give the
    same initials. Returns `people` as a list.
    """
    people = list(people)
    names = sorted({person.name for person in people})
    chosen = {name: _initials(name) for name in names}
    counts = Counter(chosen.values())
    used = set(chosen.values())
    for name in names:
        if counts[_initials(name)] > 1:
            longer = next((code for code in _longer_initials(name) if code not in used), None)
            if longer:
                chosen[name] = longer
                used.add(longer)
    for person in people:
        person.placeholder_initials = chosen[person.name]
    return people


class PartnerKind(models.TextChoices):
    FUNDER = "funder", "Funder"
    NHS = "nhs", "NHS partner"
    SOCIAL_ENTERPRISE = "social_enterprise", "Social enterprise"
    UNIVERSITY_CENTRE = "university_centre", "University centre"
    THIRD_SECTOR = "third_sector", "Charity or voluntary organisation"
    OTHER = "other", "Other partner"


class Partner(TimeStampedModel):
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    kind = models.CharField(max_length=30, choices=PartnerKind.choices)
    description = models.TextField(
        blank=True, help_text="What this partner brings to the series, in a sentence or two."
    )
    url = URLField("website", blank=True)
    logo = SafeImageField(
        upload_to="partners/",
        blank=True,
        help_text="A PNG or JPEG logo, at least 320 pixels wide, that the organisation has said "
        "we may use (for the funder, the logo from its guidance for funded projects). Shown on "
        "the partners page and in every page's footer. Without one, pages show the name.",
    )
    logo_alt = models.CharField(
        "logo description",
        max_length=250,
        blank=True,
        help_text="Usually the organisation's name. Required when there is a logo.",
    )
    logo_small = ImageSpecField(source="logo", processors=[ResizeToFit(320, 160)], format="PNG")
    order = models.PositiveSmallIntegerField(default=100, help_text="Lowest first.")

    class Meta:
        ordering = ["order", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=PartnerKind.values), name="people_partner_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(logo="") | ~Q(logo_alt=""),
                name="people_partner_logo_has_alt_text",
                violation_error_message="Describe the logo, usually with the organisation's name.",
            ),
        ]

    def __str__(self):
        return self.name


class ResearchProject(TimeStampedModel):
    title = models.CharField(max_length=250)
    slug = models.SlugField(max_length=200, unique=True)
    summary = models.TextField(
        blank=True,
        help_text="What the project does and why, in two or three plain sentences. Leave a "
        "blank line between paragraphs.",
    )
    url = URLField("link", blank=True, help_text="A page with more about the project.")
    people = models.ManyToManyField(
        Person,
        blank=True,
        related_name="research_projects",
        verbose_name="people involved",
        help_text="Listed on the research page, linked to their pages where they have one.",
    )
    order = models.PositiveSmallIntegerField(default=100, help_text="Lowest first.")

    class Meta:
        ordering = ["order", "title"]
        verbose_name = "associated research project"

    def __str__(self):
        return self.title
