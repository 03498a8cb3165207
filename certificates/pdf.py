"""The certificate of attendance, drawn as a one-page A4 PDF with fpdf2.

fpdf2 is pure Python (with Pillow, fontTools and HarfBuzz's wheel, no system libraries), and
embeds the site's own TTF font, Atkinson Hyperlegible (static/fonts/, SIL Open Font License),
with Noto fonts for letters it lacks (certificates/fonts.py): names such as "Siân Ó Dálaigh",
"Σοφία", "فاطمه" or "王秀英" print as written. The name and hours come from the register
(IssuedCertificate), whose code and verification address the certificate prints, with a QR
code of that address. No copy is kept: it is drawn again whenever it is asked for.
"""

import io
import logging
from decimal import Decimal
from pathlib import Path

import qrcode
from django.conf import settings
from django.utils import timezone
from fpdf import FPDF
from fpdf.enums import Align, XPos, YPos
from fpdf.fonts import TTFFont
from qrcode.constants import ERROR_CORRECT_M

from people.models import Person
from seminars import dates
from seminars.series_data import PRINCIPAL_INVESTIGATOR

from . import fonts
from .models import SeminarCertificate

# fontTools logs every step of subsetting the font at INFO: dozens of lines per certificate.
logging.getLogger("fontTools").setLevel(logging.WARNING)
# fpdf2 logs the letters a font lacks: they may be someone's name. fonts.py logs without them.
logging.getLogger("fpdf").setLevel(logging.ERROR)

FONTS = Path(__file__).resolve().parent.parent / "static" / "fonts"
FONT = "Atkinson"
FONT_REGULAR = FONTS / "AtkinsonHyperlegible-Regular.ttf"

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


class Certificate(FPDF):
    fallbacks = ()

    def close_fonts(self):
        for font in self.fonts.values():
            if isinstance(font, TTFFont):
                font.close()

    def printable(self, text):
        """`text` without letters no loaded font has (fonts.py logs that once per certificate)."""
        return fonts.printable(text, FONT_REGULAR, self.fallbacks)


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


def render(registration, *, issued=None, signatory=None, now=None):
    """The certificate of `registration` (with its seminar and venue) as PDF bytes.

    `issued` is its row in the register (IssuedCertificate): the name, hours, date and code
    printed come from it. Without one (the organisers' preview) the registration's name and
    the seminar's hours are printed, with no code. `signatory` is the principal investigator
    (looked up when not given); their uploaded signature is printed when there is one. Reads
    the signature file and fonts; writes nothing.
    """
    seminar = registration.seminar
    learning = SeminarCertificate.of(seminar).learning.strip()
    signatory = signatory if signatory is not None else principal_investigator()
    name = issued.name_printed if issued else registration.name
    hours = issued.hours if issued else SeminarCertificate.of(seminar).cpd_hours
    issued_on = timezone.localtime(issued.issued_at if issued else (now or timezone.now()))
    # Dated by the register, not the clock: the certificate attached to the email and every
    # download of it are the same file, byte for byte, until it is corrected.
    made = (issued.reissued_at or issued.issued_at) if issued else (now or timezone.now())

    pdf = Certificate(orientation="portrait", unit="mm", format="A4")
    # output() closes the font files; a failure part-way (the signature's file missing, say)
    # must not leave them open.
    try:
        pdf.set_title(f"{TITLE}: Seminar {seminar.number}")
        pdf.set_author(SERIES)
        pdf.set_subject(f"{name} attended Seminar {seminar.number}: {seminar.title}")
        pdf.set_creator(settings.SITE_URL)
        pdf.set_lang("en-GB")
        pdf.set_creation_date(timezone.localtime(made))
        pdf.add_font(FONT, "", FONT_REGULAR)
        pdf.add_font(FONT, "B", FONTS / "AtkinsonHyperlegible-Bold.ttf")
        _add_fallback_fonts(
            pdf, " ".join([name, seminar.title, str(seminar.venue or ""), learning])
        )
        pdf.set_margins(MARGIN, MARGIN, MARGIN)
        pdf.set_auto_page_break(auto=False)
        pdf.add_page()

        _band(pdf)

        pdf.set_y(62)
        _line(pdf, TITLE, size=28, bold=True, colour=PRIMARY, height=13)
        pdf.ln(8)
        _line(pdf, "This certifies that", size=13, colour=MUTED)
        pdf.ln(2)
        _line(pdf, name, size=24, bold=True, height=11)
        pdf.ln(2)
        _line(pdf, "attended", size=13, colour=MUTED)
        pdf.ln(2)
        _line(pdf, f"Seminar {seminar.number}: {seminar.title}", size=16, bold=True, height=8)
        pdf.ln(1)
        _line(pdf, dates.seminar_when(seminar), size=13)
        if registration.is_online:
            _line(pdf, "Online", size=13)
        elif seminar.venue:
            _line(pdf, str(seminar.venue), size=13)

        if hours is not None:
            pdf.ln(6)
            pdf.set_fill_color(*TINT)
            _line(
                pdf,
                f"{hours_words(hours)} of continuing professional development (CPD)",
                size=14,
                bold=True,
                colour=PRIMARY,
                height=12,
                fill=True,
            )

        if learning:
            pdf.ln(6)
            _line(pdf, "What was covered", size=13, bold=True, align=Align.L)
            pdf.ln(1)
            _learning(pdf, learning)

        top = max(SIGNATURE_TOP, pdf.get_y() + 6)
        _signature(pdf, signatory, top=top)
        if issued:
            _check(pdf, issued, top=top)
        _footer(pdf, issued_on, issued)
        return bytes(pdf.output())
    finally:
        pdf.close_fonts()


def _add_fallback_fonts(pdf, text):
    """The Noto fonts for the letters of `text` that Atkinson Hyperlegible lacks, and HarfBuzz
    shaping (right-to-left runs, joined Arabic letters, Indic vowel signs)."""
    chosen = fonts.fallbacks(text, FONT_REGULAR)
    for family, regular, bold, index in chosen:
        pdf.add_font(family, "", regular, collection_font_number=index)
        if bold:
            pdf.add_font(family, "B", bold, collection_font_number=index)
    if chosen:
        # Not an exact match: a script with no bold face prints in its regular one.
        pdf.set_fallback_fonts([family for family, *_ in chosen], exact_match=False)
    pdf.set_text_shaping(True)
    pdf.fallbacks = chosen


QR_SIZE = 28  # mm: scans from a phone held at reading distance, and from a printed copy


def _check(pdf, issued, *, top):
    """The code, and a QR code of the verification address, beside the signature."""
    qr = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=0, box_size=10)
    qr.add_data(issued.check_url)
    image = qr.make_image(fill_color="black", back_color="white").get_image()
    x = PAGE_WIDTH - MARGIN - QR_SIZE
    pdf.image(
        image, x=x, y=top - 4, w=QR_SIZE, h=QR_SIZE, alt_text="QR code: check this certificate"
    )
    pdf.set_font(FONT, "", 9)
    pdf.set_text_color(*MUTED)
    pdf.set_xy(x - 6, top + QR_SIZE - 2)
    pdf.multi_cell(QR_SIZE + 12, 4.5, f"Certificate {issued.display_code}", align=Align.C)


def _band(pdf):
    pdf.set_fill_color(*PRIMARY)
    pdf.rect(0, 0, PAGE_WIDTH, 40, style="F")
    pdf.set_y(12)
    _line(pdf, SERIES, size=22, bold=True, colour=WHITE, height=10, align=Align.L)
    _line(pdf, SERIES_SUB, size=11, colour=WHITE, height=6, align=Align.L)


def _line(pdf, text, *, size, bold=False, colour=TEXT, height=None, align=Align.C, fill=False):
    """One paragraph across the page's width, wrapped as needed."""
    text = pdf.printable(text)
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
        needed = pdf.multi_cell(
            WIDTH, size * 0.5, pdf.printable(text), dry_run=True, output="HEIGHT"
        )
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


def _footer(pdf, issued_on, issued):
    pdf.set_y(276 if issued else 280)
    words = f"Issued on {dates.day(issued_on)}"
    if issued and issued.reissued_at:
        words += f", corrected on {dates.day(timezone.localtime(issued.reissued_at))}"
    _line(pdf, f"{words} · {settings.SITE_URL}", size=9, colour=MUTED, height=5, align=Align.L)
    if issued:
        _line(
            pdf,
            f"Check this certificate at {issued.check_url}",
            size=9,
            colour=MUTED,
            height=5,
            align=Align.L,
        )
