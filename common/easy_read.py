"""Easy Read: a page's words again as short sentences, one idea a line, each with an optional
picture on its left. The apps that own the standard text own their Easy Read lines (a
seminar's summary is seminars', the bursary explainer bursaries'); this is the shape they
share. Pictures are uploaded as the site's other images are (common.images: JPEG or PNG,
bounded, re-encoded without metadata), and each needs words for people who cannot see it."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from .basemodels import TimeStampedModel
from .images import SafeImageField

PICTURE_NEEDS_WORDS = "Describe the picture for people who cannot see it."
PICTURE_SIDE = 240  # the square kept for pages, twice the size shown, for sharp screens


class EasyReadLine(TimeStampedModel):
    text = models.CharField(
        "sentence",
        max_length=300,
        help_text="One short sentence with one idea, in everyday words. For example 'You can "
        "ask us for money for your train ticket.'",
    )
    picture = SafeImageField(
        upload_to="easy-read/",
        blank=True,
        help_text="Optional: a picture that shows the sentence, shown on its left. A JPEG or "
        "PNG; pages show a square copy, and location and camera details are removed.",
    )
    picture_alt = models.CharField(
        "picture description",
        max_length=200,
        blank=True,
        help_text="What the picture shows, read out by screen readers, such as 'A train "
        "ticket'. Needed when there is a picture.",
    )
    order = models.PositiveSmallIntegerField(default=0, help_text="Lowest first.")

    class Meta:
        abstract = True
        ordering = ["order", "pk"]
        verbose_name = "Easy Read sentence"
        constraints = [
            models.CheckConstraint(
                condition=Q(picture="") | ~Q(picture_alt=""),
                name="%(app_label)s_%(class)s_picture_has_words",
                violation_error_message=PICTURE_NEEDS_WORDS,
            ),
        ]

    def __str__(self):
        return self.text

    def clean(self):
        self.picture_alt = self.picture_alt.strip()
        if self.picture and not self.picture_alt:
            raise ValidationError({"picture_alt": PICTURE_NEEDS_WORDS})
