from django.db import models
from django.db.models import Q
from imagekit.models import ImageSpecField
from pilkit.processors import ResizeToFill, ResizeToFit

from common.images import SafeImageField
from config.models import TimeStampedModel, URLField


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

    @property
    def is_team_member(self):
        return bool(self.team_role)

    @property
    def initials(self):
        return "".join(part[0] for part in self.name.split()[:3] if part[:1].isalpha()).upper()

    @property
    def role_line(self):
        """'Position, Affiliation' as one line, without dangling commas."""
        return ", ".join(part for part in (self.position, self.affiliation) if part)


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
    logo = SafeImageField(upload_to="partners/", blank=True, help_text="A JPEG or PNG logo.")
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
    summary = models.TextField(blank=True)
    url = URLField("link", blank=True, help_text="A page with more about the project.")
    order = models.PositiveSmallIntegerField(default=100, help_text="Lowest first.")

    class Meta:
        ordering = ["order", "title"]
        verbose_name = "associated research project"

    def __str__(self):
        return self.title
