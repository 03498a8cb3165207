from django.db import models
from imagekit.models import ImageSpecField
from imagekit.processors import ResizeToFill

from common.easy_read import PICTURE_SIDE, EasyReadLine

from .seminars import Seminar


class SeminarEasyReadLine(EasyReadLine):
    """A sentence of the Easy Read version of a seminar's summary."""

    seminar = models.ForeignKey(Seminar, on_delete=models.CASCADE, related_name="easy_read_lines")
    picture_square = ImageSpecField(
        source="picture", processors=[ResizeToFill(PICTURE_SIDE, PICTURE_SIDE)], format="PNG"
    )

    class Meta(EasyReadLine.Meta):
        verbose_name = "Easy Read sentence"
