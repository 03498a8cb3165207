"""What a seminar leaves behind: a write-up of what happened, its materials (files and links),
speakers' private upload links, and short news posts for the series."""

import secrets
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from common.basemodels import TimeStampedModel, URLField
from common.storage import private_storage
from people.models import Person
from registrations.models import RegistrationStatus
from seminars.models import Seminar, SeminarSpeaker, SeminarStatus

from .files import KINDS

CONSENT_NEEDED = (
    "Record the day the speakers (and anyone quoted or photographed) agreed to publication "
    "before publishing this."
)


def new_token():
    return secrets.token_urlsafe(32)


class WriteUpQuerySet(models.QuerySet):
    def published(self):
        return self.filter(published=True, seminar__status__in=SeminarStatus.public)


class WriteUp(TimeStampedModel):
    """'What happened' at one seminar, shown on its page once the seminar is over."""

    seminar = models.OneToOneField(Seminar, on_delete=models.PROTECT, related_name="write_up")
    body = models.TextField(
        "what happened",
        help_text="Markdown: a blank line between paragraphs, ### for a heading (the page "
        "puts it under 'What happened'), [words](https://…) for a link.",
    )
    key_messages = models.TextField(
        blank=True, help_text="One key message a line; each is shown as a point in a list."
    )
    show_participation = models.BooleanField(
        "show who took part",
        default=True,
        help_text="Show how many people from each group took part (counts only, no names).",
    )
    consent_recorded_on = models.DateField(
        "everyone quoted or photographed agreed on",
        null=True,
        blank=True,
        help_text="The day the people quoted, named or photographed in the write-up agreed to "
        "its publication. Needed before it can be published.",
    )
    published = models.BooleanField(default=False, help_text="Show it on the site.")
    published_at = models.DateTimeField(
        null=True, blank=True, editable=False, help_text="When it was first published."
    )

    objects = WriteUpQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-pk"]
        verbose_name = "write-up"
        constraints = [
            models.CheckConstraint(
                condition=Q(published=False) | Q(consent_recorded_on__isnull=False),
                name="outputs_writeup_published_has_consent",
                violation_error_message=CONSENT_NEEDED,
            ),
        ]

    def __str__(self):
        return f"What happened at {self.seminar}"

    def clean(self):
        if self.published and not self.consent_recorded_on:
            raise ValidationError({"consent_recorded_on": CONSENT_NEEDED})

    def save(self, *args, **kwargs):
        if self.published and not self.published_at:
            self.published_at = timezone.now()
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "published_at"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return self.seminar.get_absolute_url() + "#what-happened"

    @property
    def key_message_list(self):
        return [line.strip(" -*•\t") for line in self.key_messages.splitlines() if line.strip()]


class YouSaidWeDid(models.Model):
    """One thing participants said, and what the series did about it."""

    write_up = models.ForeignKey(WriteUp, on_delete=models.CASCADE, related_name="responses")
    you_said = models.TextField(max_length=1000)
    we_did = models.TextField(max_length=1000)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = "you said, we did"
        verbose_name_plural = "you said, we did"

    def __str__(self):
        return self.you_said[:60]


class MaterialStatus(models.TextChoices):
    SUBMITTED = "submitted", "Sent by a speaker: waiting for an organiser"
    HIDDEN = "hidden", "Not shown on the site"
    PUBLISHED = "published", "Published"


class MaterialKind(models.TextChoices):
    SLIDES = "slides", "Slides"
    DOCUMENT = "document", "Document"
    RECORDING = "recording", "Recording"
    OTHER = "other", "Other"


class Audience(models.TextChoices):
    PUBLIC = "public", "Everyone"
    REGISTERED = "registered", "Only people registered for this seminar"


RECORDING_FOR_REGISTRANTS = (
    "A recording is shared only with the people registered: choose 'Only people registered "
    "for this seminar'."
)


def speakers_yet_to_agree():
    """The seminar's speakers (for OuterRef("seminar")) with no recorded agreement to its
    recording being shared."""
    return SeminarSpeaker.objects.filter(seminar=OuterRef("seminar")).exclude(
        recording_consent__agreed=True
    )


class MaterialQuerySet(models.QuerySet):
    def published(self):
        """Published items of a public seminar; a recording only while the seminar has speakers
        and every one of them has agreed (a speaker added later hides it again)."""
        return self.filter(
            status=MaterialStatus.PUBLISHED, seminar__status__in=SeminarStatus.public
        ).exclude(
            Q(kind=MaterialKind.RECORDING)
            & (
                Exists(speakers_yet_to_agree())
                | ~Exists(SeminarSpeaker.objects.filter(seminar=OuterRef("seminar")))
            )
        )

    def listed_publicly(self):
        """What public pages list: recordings are for the people registered, so public pages
        never name them."""
        return self.published().exclude(kind=MaterialKind.RECORDING)


def material_path(material, filename):
    """A random folder: nothing of the uploader's own file name is kept but the checked type."""
    return f"materials/{new_token()}/{PurePath(filename).name}"


class SpeakerLink(TimeStampedModel):
    """A speaker's private link for sending their materials for one seminar."""

    seminar = models.ForeignKey(Seminar, on_delete=models.PROTECT, related_name="speaker_links")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="speaker_links")
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    active = models.BooleanField(
        default=True, help_text="Untick to stop the link working (for example if it was shared)."
    )

    class Meta:
        ordering = ["seminar", "person__name"]
        verbose_name = "speaker's upload link"
        constraints = [
            models.UniqueConstraint(
                fields=["seminar", "person"],
                name="outputs_speakerlink_one_per_speaker",
                violation_error_message="This speaker already has a link for this seminar.",
            ),
        ]

    def __str__(self):
        return f"{self.person} for {self.seminar}"

    def get_absolute_url(self):
        return reverse("outputs:upload", kwargs={"token": self.token})


class Material(TimeStampedModel):
    """A file or a link from a seminar: slides, a document, a recording."""

    seminar = models.ForeignKey(Seminar, on_delete=models.PROTECT, related_name="materials")
    title = models.CharField(max_length=200)
    description = models.TextField(
        blank=True, max_length=1000, help_text="Optional, one or two sentences."
    )
    kind = models.CharField(
        max_length=20, choices=MaterialKind.choices, default=MaterialKind.SLIDES
    )
    file = models.FileField(
        upload_to=material_path,
        storage=private_storage,
        max_length=200,
        blank=True,
        help_text="A PDF, or .pptx, .docx, .xlsx, .odp or .odt, at most 25 MB. Files with "
        "macros are refused. Give a file or a link, not both.",
    )
    file_size = models.PositiveIntegerField(null=True, blank=True, editable=False)
    url = URLField(
        "link",
        blank=True,
        help_text="For a recording on a video site, or a page elsewhere. Give a file or a link.",
    )
    audience = models.CharField(
        "who may see it",
        max_length=20,
        choices=Audience.choices,
        default=Audience.PUBLIC,
        help_text="People registered for this seminar reach their materials through the "
        "private link in their emails.",
    )
    accessible_version_note = models.CharField(
        "accessible version",
        max_length=250,
        blank=True,
        help_text="For example 'Large print and plain text versions available on request'. "
        "Leave empty if there is none.",
    )
    accessible_version_url = URLField(
        "link to the accessible version",
        blank=True,
        help_text="Optional: where the accessible version is.",
    )
    has_captions = models.BooleanField(
        "captions available", default=False, help_text="For recordings: it has captions."
    )
    consent_recorded_on = models.DateField(
        "speakers agreed to publication on",
        null=True,
        blank=True,
        help_text="The day the speakers, and anyone quoted or photographed, agreed to its "
        "publication. Needed before it can be published.",
    )
    consent_note = models.CharField(
        "how they agreed",
        max_length=250,
        blank=True,
        help_text="For example 'email from the speaker, filed in the project folder'.",
    )
    status = models.CharField(
        max_length=20, choices=MaterialStatus.choices, default=MaterialStatus.HIDDEN
    )
    order = models.PositiveSmallIntegerField(default=0)
    sent_by = models.ForeignKey(
        SpeakerLink,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="materials",
        editable=False,
        help_text="The speaker's link it came through, if a speaker sent it.",
    )
    published_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = MaterialQuerySet.as_manager()

    class Meta:
        ordering = ["seminar__number", "order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(file="") & ~Q(url="")) | (~Q(file="") & Q(url="")),
                name="outputs_material_file_or_link",
                violation_error_message="Give a file or a link, not both.",
            ),
            models.CheckConstraint(
                condition=~Q(status=MaterialStatus.PUBLISHED)
                | Q(consent_recorded_on__isnull=False),
                name="outputs_material_published_has_consent",
                violation_error_message=CONSENT_NEEDED,
            ),
            models.CheckConstraint(
                condition=Q(status__in=MaterialStatus.values),
                name="outputs_material_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(audience__in=Audience.values),
                name="outputs_material_audience_valid",
            ),
            models.CheckConstraint(
                condition=~Q(kind=MaterialKind.RECORDING) | Q(audience=Audience.REGISTERED),
                name="outputs_material_recording_for_registrants",
                violation_error_message=RECORDING_FOR_REGISTRANTS,
            ),
        ]

    def __str__(self):
        return self.title

    def clean(self):
        if bool(self.file) == bool(self.url):
            raise ValidationError({"file": "Give a file or a link, not both."})
        if self.status == MaterialStatus.PUBLISHED and not self.consent_recorded_on:
            raise ValidationError({"consent_recorded_on": CONSENT_NEEDED})
        if self.kind == MaterialKind.RECORDING and self.audience != Audience.REGISTERED:
            raise ValidationError({"audience": RECORDING_FOR_REGISTRANTS})

    def save(self, *args, **kwargs):
        if self.file and self.file_size is None:
            self.file_size = self.file.size
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        """The public download or link; registered-only files go through a registration's link."""
        if self.url:
            return self.url
        return reverse("outputs:download", kwargs={"pk": self.pk})

    @property
    def is_public(self):
        return self.audience == Audience.PUBLIC

    @property
    def is_recording(self):
        return self.kind == MaterialKind.RECORDING

    @property
    def file_kind(self):
        """The checked type, from the extension we gave the stored file (never the uploader's)."""
        return KINDS.get(PurePath(self.file.name).suffix.lstrip(".")) if self.file else None

    @property
    def download_name(self):
        kind = self.file_kind
        stem = slugify(self.title)[:60] or "material"
        return f"seminar-{self.seminar.number}-{stem}.{kind.extension if kind else 'bin'}"

    def can_download(self, registration):
        """Whether `registration` may have this item through its private link: a published item
        of its own seminar, and for registered-only items, a registration that had a place."""
        if self.status != MaterialStatus.PUBLISHED or registration.seminar_id != self.seminar_id:
            return False
        # "Registered" means a place, confirmed or held: not the waiting list, not cancelled.
        return self.is_public or registration.status in RegistrationStatus.taking_a_place


class NewsPostQuerySet(models.QuerySet):
    def published(self):
        return self.filter(published=True)


class NewsPost(TimeStampedModel):
    """A short announcement for the series, with its own page."""

    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True, help_text="Used in the page address.")
    date = models.DateField(default=timezone.localdate, help_text="Shown with the post.")
    body = models.TextField(
        help_text="Markdown: a blank line between paragraphs, [words](https://…) for a link."
    )
    published = models.BooleanField(default=False, help_text="Show it on the site.")

    objects = NewsPostQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = "news post"

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("outputs:news", kwargs={"slug": self.slug})


# Each speaker's agreement to a recording, in a module of its own (this one is near its limit).
from .consents import RecordingConsent  # noqa: E402, F401
