from django.db import models
from imagekit.models import ImageSpecField
from imagekit.processors import ResizeToFill

from common.easy_read import PICTURE_SIDE, EasyReadLine

from .policy import BursaryPolicy


class BursaryEasyReadLine(EasyReadLine):
    """A sentence of the Easy Read version of how travel bursaries work (the series' rules,
    which every seminar's bursary box and application form explain)."""

    policy = models.ForeignKey(
        BursaryPolicy, on_delete=models.CASCADE, related_name="easy_read_lines"
    )
    picture_square = ImageSpecField(
        source="picture", processors=[ResizeToFill(PICTURE_SIDE, PICTURE_SIDE)], format="PNG"
    )

    class Meta(EasyReadLine.Meta):
        verbose_name = "Easy Read sentence"
