"""The certificate of attendance, drawn as a one-page A4 PDF with fpdf2.

fpdf2 is pure Python (with Pillow and fontTools, no system libraries), and embeds the site's own
TTF font, Atkinson Hyperlegible (static/fonts/, SIL Open Font License): names such as "Siân Ó
Dálaigh" print as written, and the certificate looks the same on every machine. It is made from
current data each time it is asked for, so a corrected name gives a corrected certificate and no
copy needs to be kept (or deleted with the registration).
"""

import io
import logging
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.utils import timezone
from fpdf import FPDF
from fpdf.enums import Align, XPos, YPos

from people.models import Person
from seminars import dates
from seminars.series_data import PRINCIPAL_INVESTIGATOR

# fontTools logs every step of subsetting the font at INFO: dozens of lines per certificate.
logging.getLogger("fontTools").setLevel(logging.WARNING)

FONTS = Path(__file__).resolve().parent.parent / "static" / "fonts"
FONT = "Atkinson"

# static/css/site.css: --site-primary, --site-text, --site-muted, --site-primary-tint.
PRIMARY = (11, 85, 99)
TEXT = (29, 42, 47)
MUTED = (74, 90, 96)
TINT = (230, 240, 242)
WHITE = (255, 255, 255)

SERIES = "Reimagining professionalism"
SERIES_SUB = "towards co-production · an ESRC International Research Seminar Series"
TITLE = "Certificate of attendance"
CONTENT_TYPE = "application/pdf"

PAGE_WIDTH, MARGIN = 210, 22
SIGNATURE_TOP = 228  # mm from the top of the page, unless what was covered runs longer
WIDTH = PAGE_WIDTH - 2 * MARGIN


def filename(registration):
    """No name in it: the file may be forwarded, saved or printed anywhere."""
    return f"certificate-seminar-{registration.seminar.number}.pdf"


def principal_investigator():
    """The research team's principal investigator, who signs; None if the team has none."""
    return (
        Person.objects.team()
        .filter(team_role__iexact=PRINCIPAL_INVESTIGATOR)
        .select_related("certificate_signature")
        .first()
    )


def hours_words(hours):
    """'5.5 hours', '6 hours', '1 hour': a whole number without its '.0'."""
    number = Decimal(hours).normalize()
    text = f"{number:f}"
    return f"{text} hour" if number == 1 else f"{text} hours"


def render(registration, *, signatory=None, now=None):
    """The certificate of `registration` (with its seminar and venue) as PDF bytes.

    `signatory` is the principal investigator (looked up when not given); their uploaded
    signature is printed when there is one. Reads the signature file; writes nothing.
    """
    seminar = registration.seminar
    signatory = signatory if signatory is not None else principal_investigator()
    issued = timezone.localtime(now or timezone.now())

    pdf = FPDF(orientation="portrait", unit="mm", format="A4")
    pdf.set_title(f"{TITLE}: Seminar {seminar.number}")
    pdf.set_author(SERIES)
    pdf.set_subject(f"{registration.name} attended Seminar {seminar.number}: {seminar.title}")
    pdf.set_creator(settings.SITE_URL)
    pdf.set_lang("en-GB")
    pdf.set_creation_date(issued)
    pdf.add_font(FONT, "", FONTS / "AtkinsonHyperlegible-Regular.ttf")
    pdf.add_font(FONT, "B", FONTS / "AtkinsonHyperlegible-Bold.ttf")
    pdf.set_margins(MARGIN, MARGIN, MARGIN)
    pdf.set_auto_page_break(auto=False)
    pdf.add_page()

    _band(pdf)

    pdf.set_y(62)
    _line(pdf, TITLE, size=28, bold=True, colour=PRIMARY, height=13)
    pdf.ln(8)
    _line(pdf, "This certifies that", size=13, colour=MUTED)
    pdf.ln(2)
    _line(pdf, registration.name, size=24, bold=True, height=11)
    pdf.ln(2)
    _line(pdf, "attended", size=13, colour=MUTED)
    pdf.ln(2)
    _line(pdf, f"Seminar {seminar.number}: {seminar.title}", size=16, bold=True, height=8)
    pdf.ln(1)
    _line(pdf, dates.seminar_when(seminar), size=13)
    if seminar.venue:
        _line(pdf, str(seminar.venue), size=13)

    if seminar.cpd_hours is not None:
        pdf.ln(6)
        pdf.set_fill_color(*TINT)
        _line(
            pdf,
            f"{hours_words(seminar.cpd_hours)} of continuing professional development (CPD)",
            size=14,
            bold=True,
            colour=PRIMARY,
            height=12,
            fill=True,
        )

    if seminar.learning.strip():
        pdf.ln(6)
        _line(pdf, "What was covered", size=13, bold=True, align=Align.L)
        pdf.ln(1)
        _learning(pdf, seminar.learning.strip())

    _signature(pdf, signatory, top=max(SIGNATURE_TOP, pdf.get_y() + 6))
    _footer(pdf, issued)
    return bytes(pdf.output())


def _band(pdf):
    pdf.set_fill_color(*PRIMARY)
    pdf.rect(0, 0, PAGE_WIDTH, 40, style="F")
    pdf.set_y(12)
    _line(pdf, SERIES, size=22, bold=True, colour=WHITE, height=10, align=Align.L)
    _line(pdf, SERIES_SUB, size=11, colour=WHITE, height=6, align=Align.L)


def _line(pdf, text, *, size, bold=False, colour=TEXT, height=None, align=Align.C, fill=False):
    """One paragraph across the page's width, wrapped as needed."""
    pdf.set_font(FONT, "B" if bold else "", size)
    pdf.set_text_color(*colour)
    pdf.set_x(MARGIN)
    pdf.multi_cell(
        WIDTH,
        height or size * 0.5,
        text,
        align=align,
        fill=fill,
        new_x=XPos.LMARGIN,
        new_y=YPos.NEXT,
    )


def _learning(pdf, text):
    """What was covered, in the largest size that leaves room for the signature: organisers
    are asked for two or three lines, but may write more."""
    room = SIGNATURE_TOP - 4 - pdf.get_y()
    for size in (12, 11, 10, 9):
        pdf.set_font(FONT, "", size)
        needed = pdf.multi_cell(WIDTH, size * 0.5, text, dry_run=True, output="HEIGHT")
        if needed <= room:
            break
    _line(pdf, text, size=size, align=Align.L, height=size * 0.5)


def _signature(pdf, signatory, *, top):
    if signatory is None:
        pdf.set_y(top + 22)
        _line(pdf, f"The organisers of {SERIES}", size=12, bold=True, align=Align.L)
        return
    signature = getattr(signatory, "certificate_signature", None)
    if signature is not None and signature.image:
        with signature.image.open("rb") as image:
            pdf.image(io.BytesIO(image.read()), x=MARGIN, y=top, w=70, h=18, keep_aspect_ratio=True)
    pdf.set_draw_color(*MUTED)
    pdf.line(MARGIN, top + 20, MARGIN + 80, top + 20)
    pdf.set_y(top + 22)
    _line(pdf, signatory.name, size=12, bold=True, align=Align.L, height=6)
    role = ", ".join(part for part in (signatory.team_role, signatory.affiliation) if part)
    _line(pdf, role, size=11, colour=MUTED, align=Align.L, height=5.5)


def _footer(pdf, issued):
    pdf.set_y(280)
    _line(
        pdf,
        f"Issued on {dates.day(issued)} · {settings.SITE_URL}",
        size=9,
        colour=MUTED,
        height=5,
        align=Align.L,
    )
