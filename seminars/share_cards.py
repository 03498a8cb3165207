"""Share cards: the picture a link to the site shows when it is shared (og:image, 1200 by 630).

Each public seminar has a card with its title, date and place in large type; every other page
shows the series card. A card is drawn with Pillow in the site's colours, in Atkinson
Hyperlegible (static/fonts/, SIL Open Font License, shipped with the site so that the card looks
the same on every machine).

A card is drawn once and kept in the default storage, under a name made from what it shows (the
seminar's and its venue's `updated`) and from this module and its fonts: an organiser's edit or
a new design gives a new name, so a new card, and its address changes with it (`?v=`), so the
long-lived caching of the old address does no harm.
"""

import dataclasses
import functools
import hashlib
import io
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse
from PIL import Image, ImageDraw, ImageFont

from . import dates
from .models import SeminarStatus

WIDTH, HEIGHT = 1200, 630
MARGIN = 72
FOLDER = "share-cards"
FONTS = Path(__file__).resolve().parent.parent / "static" / "fonts"
REGULAR = FONTS / "AtkinsonHyperlegible-Regular.ttf"
BOLD = FONTS / "AtkinsonHyperlegible-Bold.ttf"

# static/css/site.css: --site-primary, --site-text, --site-muted, --site-primary-tint.
PRIMARY = "#0b5563"  # white on it is 8.1:1
TEXT = "#1d2a2f"
MUTED = "#4a5a60"
TINT = "#e6f0f2"
WHITE = "#ffffff"

WORDMARK = "Reimagining professionalism"
WORDMARK_SUB = "towards co-production · an ESRC seminar series"
SERIES_ABOUT = "How mental health workers, service users and carers can share power"
SERIES_WHEN = "Seven seminars, November 2015 to November 2017"
STATUS_WORDS = {SeminarStatus.CANCELLED: "Cancelled", SeminarStatus.POSTPONED: "Postponed"}
BAND_TOP = HEIGHT - 156  # the primary-coloured band along the bottom, for the date and place


@dataclasses.dataclass(frozen=True)
class Card:
    """What a page needs to point at a card, and the storage name it is kept under."""

    url: str  # absolute, on SITE_URL
    alt: str
    version: str
    name: str
    width: int = WIDTH
    height: int = HEIGHT


@dataclasses.dataclass(frozen=True)
class Line:
    text: str
    font: ImageFont.FreeTypeFont
    x: int
    y: int
    fill: str

    @property
    def right(self):
        return self.x + self.font.getlength(self.text)


@functools.cache
def code_version():
    """A fingerprint of how cards are drawn: this module and the fonts."""
    digest = hashlib.sha256(Path(__file__).read_bytes())
    for font in (REGULAR, BOLD):
        digest.update(font.read_bytes())
    return digest.hexdigest()[:8]


def _version(*parts):
    text = "|".join([code_version(), settings.SITE_NAME, *parts])
    return hashlib.sha256(text.encode()).hexdigest()[:12]


def for_seminar(seminar):
    """The card for `seminar`'s page. Runs no query when `venue` is already loaded."""
    venue = seminar.venue
    version = _version(
        str(seminar.pk),
        seminar.updated.isoformat(),
        venue.updated.isoformat() if venue else "",
    )
    path = reverse("seminars:share-card", kwargs={"slug": seminar.slug})
    place = f", at {venue}" if venue else ""
    status = f" {STATUS_WORDS[seminar.status]}." if seminar.status in STATUS_WORDS else ""
    return Card(
        url=f"{settings.SITE_URL}{path}?v={version}",
        alt=f"{seminar}.{status} {_when(seminar)}{place}. "
        f"Part of the seminar series {settings.SITE_NAME}.",
        version=version,
        name=f"{FOLDER}/seminar-{seminar.pk}-{version}.png",
    )


def for_series():
    """The card for every page that is not a seminar's."""
    version = _version("series")
    path = reverse("seminars:series-share-card")
    return Card(
        url=f"{settings.SITE_URL}{path}?v={version}",
        alt=f"{settings.SITE_NAME}, an ESRC seminar series. {SERIES_ABOUT}. {SERIES_WHEN}.",
        version=version,
        name=f"{FOLDER}/series-{version}.png",
    )


def png(card, draw):
    """The PNG bytes of `card`, from storage, or drawn by `draw()` and stored the first time."""
    if default_storage.exists(card.name):
        with default_storage.open(card.name, "rb") as stored:
            return stored.read()
    body = draw()
    saved = default_storage.save(card.name, ContentFile(body))
    if saved != card.name:  # another request stored the same card meanwhile: keep one
        default_storage.delete(saved)
    _remove_earlier_versions(card)
    return body


def _remove_earlier_versions(card):
    """Cards of this seminar (or of the series) from before the last change: no page links
    them any more, and their addresses are served the current card."""
    folder, name = card.name.rsplit("/", 1)
    family = name.rsplit("-", 1)[0] + "-"
    for other in default_storage.listdir(folder)[1]:
        if other.startswith(family) and other != name:
            default_storage.delete(f"{folder}/{other}")


def seminar_png(seminar):
    card = for_seminar(seminar)
    return png(card, lambda: render(seminar_lines(seminar)))


def series_png():
    return png(for_series(), lambda: render(series_lines()))


def _when(seminar):
    return dates.seminar_when(seminar)


def font(size, *, bold=False):
    return ImageFont.truetype(BOLD if bold else REGULAR, size)


def wrap(text, face, width):
    """`text` in lines no wider than `width`; a word too long for a line is split."""
    lines, line = [], ""
    for word in text.split():
        candidate = f"{line} {word}" if line else word
        if face.getlength(candidate) <= width:
            line = candidate
            continue
        if line:
            lines.append(line)
        line = ""
        while face.getlength(word) > width:
            cut = len(word)
            while cut > 1 and face.getlength(word[:cut]) > width:
                cut -= 1
            lines.append(word[:cut])
            word = word[cut:]
        line = word
    if line:
        lines.append(line)
    return lines


def fit(text, *, sizes, width, height, bold=False, leading=1.15):
    """(font, lines) at the largest of `sizes` whose wrapped lines fit in `height`; at the
    smallest size, the lines that fit, the last ending in an ellipsis."""
    for size in sizes:
        face = font(size, bold=bold)
        lines = wrap(text, face, width)
        if len(lines) * round(size * leading) <= height:
            return face, lines
    most = max(1, height // round(size * leading))
    if len(lines) > most:
        lines = lines[:most]
        last = lines[-1]
        while last and face.getlength(last + "…") > width:
            last = last[:-1].rstrip()
        lines[-1] = last + "…"
    return face, lines


def _block(text, *, x, y, sizes, width, height, fill, bold=False, leading=1.15):
    face, lines = fit(text, sizes=sizes, width=width, height=height, bold=bold, leading=leading)
    step = round(face.size * leading)
    return [Line(line, face, x, y + step * n, fill) for n, line in enumerate(lines)]


def _wordmark(*, y, size, sub_size):
    width = WIDTH - 2 * MARGIN
    mark = _block(
        WORDMARK, x=MARGIN, y=y, sizes=[size], width=width, height=size * 2, fill=PRIMARY, bold=True
    )
    below = mark[-1].y + round(size * 1.25)
    sub = _block(
        WORDMARK_SUB,
        x=MARGIN,
        y=below,
        sizes=[sub_size],
        width=width,
        height=sub_size * 2,
        fill=MUTED,
    )
    return mark + sub


def _band(first, second):
    width = WIDTH - 2 * MARGIN
    lines = _block(
        first,
        x=MARGIN,
        y=BAND_TOP + 30,
        sizes=range(40, 25, -2),
        width=width,
        height=48,
        fill=WHITE,
        bold=True,
    )
    if second:
        lines += _block(
            second,
            x=MARGIN,
            y=BAND_TOP + 88,
            sizes=range(34, 23, -2),
            width=width,
            height=42,
            fill=WHITE,
        )
    return lines


def seminar_lines(seminar):
    """Every line of text on `seminar`'s card, where it goes and in which font."""
    eyebrow = f"Seminar {seminar.number}"
    if seminar.status in STATUS_WORDS:
        eyebrow += f" · {STATUS_WORDS[seminar.status]}"
    lines = _wordmark(y=52, size=38, sub_size=25)
    lines += _block(
        eyebrow,
        x=MARGIN,
        y=170,
        sizes=[32],
        width=WIDTH - 2 * MARGIN,
        height=40,
        fill=MUTED,
        bold=True,
    )
    title_top = 222
    lines += _block(
        seminar.title,
        x=MARGIN,
        y=title_top,
        sizes=range(76, 39, -4),
        width=WIDTH - 2 * MARGIN,
        height=BAND_TOP - 24 - title_top,
        fill=TEXT,
        bold=True,
        leading=1.12,
    )
    return lines + _band(_when(seminar), str(seminar.venue) if seminar.venue else "")


def series_lines():
    lines = _wordmark(y=150, size=76, sub_size=40)
    return lines + _band(SERIES_ABOUT, SERIES_WHEN)


def render(lines):
    """A 1200 by 630 PNG with `lines` on the card's background."""
    image = Image.new("RGB", (WIDTH, HEIGHT), WHITE)
    draw = ImageDraw.Draw(image)
    draw.rectangle([0, 0, WIDTH, 14], fill=PRIMARY)
    draw.rectangle([0, 14, WIDTH, 22], fill=TINT)
    draw.rectangle([0, BAND_TOP, WIDTH, HEIGHT], fill=PRIMARY)
    for line in lines:
        draw.text((line.x, line.y), line.text, font=line.font, fill=line.fill, anchor="la")
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()
