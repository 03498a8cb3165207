from django.db import models
from django.db.models import Q
from django.urls import reverse

from common.basemodels import TimeStampedModel


class PageKind(models.TextChoices):
    ABOUT = "about", "About the series"
    CONTACT = "contact", "Contact"
    PRIVACY = "privacy", "Privacy notice"
    ACCESSIBILITY = "accessibility", "Accessibility statement"


class Page(TimeStampedModel):
    """The editable text of a fixed page such as the privacy notice."""

    kind = models.CharField(max_length=30, choices=PageKind.choices, unique=True)
    title = models.CharField(max_length=200)
    summary = models.CharField(
        max_length=300, blank=True, help_text="One sentence for search engines and link previews."
    )
    body = models.TextField(
        help_text="Plain text with Markdown: a blank line between paragraphs, '## ' before a "
        "heading, '- ' before a list item, [words](https://address) for a link."
    )

    class Meta:
        ordering = ["kind"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=PageKind.values), name="seminars_page_kind_valid"
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse(f"seminars:{self.kind}")


class LoadedContent(models.Model):
    """What `load_series` has created, by its key in series_data, so that an organiser's later
    change of a slug, or a deletion, is never undone by loading again."""

    key = models.CharField(max_length=200, unique=True)
    object_id = models.PositiveBigIntegerField()
    loaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["key"]
        verbose_name = "loaded content"
        verbose_name_plural = "loaded content"

    def __str__(self):
        return self.key
