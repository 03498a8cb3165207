from django.db import models


class TimeStampedModel(models.Model):
    """Every model records when it was created and last changed."""

    created = models.DateTimeField(auto_now_add=True, editable=False)
    updated = models.DateTimeField(auto_now=True, editable=False)

    class Meta:
        abstract = True


class URLField(models.URLField):
    """A URLField whose forms read 'example.org' as https://example.org (Django 6's default)."""

    def formfield(self, **kwargs):
        return super().formfield(**{"assume_scheme": "https", **kwargs})
