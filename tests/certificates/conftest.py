import datetime
import io
from decimal import Decimal

import pypdfium2
import pytest
from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image, ImageDraw

from certificates.models import Signature
from tests.factories import PersonFactory, SeminarFactory

LEARNING = (
    "How service users, carers and professionals can design and evaluate a service together; "
    "what street triage teaches about sharing power in a crisis."
)


def past_seminar(**fields):
    """A seminar that ended three days ago, with its CPD hours and what was covered."""
    starts = timezone.now() - datetime.timedelta(days=3)
    return SeminarFactory(
        **{
            "starts_at": starts,
            "cpd_hours": Decimal("5.5"),
            "learning": LEARNING,
            "title": "Co-design and co-learning",
            **fields,
        }
    )


@pytest.fixture
def seminar():
    return past_seminar()


@pytest.fixture
def completed(seminar):
    """The seminar, its attendance marked complete (certificates are given from then)."""
    seminar.attendance_completed_at = timezone.now()
    seminar.save(update_fields=["attendance_completed_at"])
    return seminar


@pytest.fixture
def principal_investigator():
    return PersonFactory(
        name="Pamela Fisher", team_role="Principal investigator", affiliation="University of Leeds"
    )


def signature_png():
    """Black strokes on white, three times as wide as tall."""
    image = Image.new("RGB", (600, 200), "white")
    draw = ImageDraw.Draw(image)
    draw.line([(20, 150), (150, 40), (260, 160), (420, 30), (580, 140)], fill="black", width=14)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


@pytest.fixture
def signature(principal_investigator):
    signature = Signature(person=principal_investigator)
    signature.image.save("signature.png", ContentFile(signature_png()))
    return signature


def pdf_pages(content):
    document = pypdfium2.PdfDocument(content)
    try:
        return len(document)
    finally:
        document.close()


def pdf_text(content):
    """The words of page 1, as PDFium (Chromium's PDF reader, not our code) reads them."""
    document = pypdfium2.PdfDocument(content)
    try:
        page = document[0]
        textpage = page.get_textpage()
        words = textpage.get_text_range()
        textpage.close()
        page.close()
        return " ".join(words.split())
    finally:
        document.close()


def pdf_image(content, *, scale=1):
    """Page 1 drawn by PDFium, as a Pillow image (RGB)."""
    document = pypdfium2.PdfDocument(content)
    try:
        page = document[0]
        bitmap = page.render(scale=scale)
        image = bitmap.to_pil().convert("RGB")
        bitmap.close()
        page.close()
        return image
    finally:
        document.close()
