from decimal import Decimal

import pytest
from PIL import ImageChops, ImageStat

from certificates import pdf
from registrations.models import Mode
from tests.certificates.conftest import past_seminar, pdf_image, pdf_pages, pdf_text
from tests.factories import PersonFactory, RegistrationFactory, VenueFactory

pytestmark = pytest.mark.django_db


def test_certificate_states_who_what_when_where_hours_and_learning(principal_investigator):
    venue = VenueFactory(name="Leeds Trinity University", city="Leeds")
    seminar = past_seminar(number=3, venue=venue)
    registration = RegistrationFactory(seminar=seminar, name="Siân Ó Dálaigh", attended=True)

    words = pdf_text(pdf.render(registration))

    assert "Certificate of attendance" in words
    assert "This certifies that Siân Ó Dálaigh attended" in words
    assert "Seminar 3: Co-design and co-learning" in words
    assert pdf.dates.seminar_when(seminar) in words
    assert "Leeds Trinity University" in words
    assert "5.5 hours of continuing professional development (CPD)" in words
    assert "What was covered How service users, carers and professionals" in words
    assert "Pamela Fisher Principal investigator, University of Leeds" in words


def test_certificate_is_one_page_that_is_not_blank(principal_investigator):
    registration = RegistrationFactory(seminar=past_seminar(), attended=True)

    content = pdf.render(registration)
    image = pdf_image(content)

    assert content.startswith(b"%PDF-")
    assert pdf_pages(content) == 1
    assert (round(image.width / 2), image.height) == (298, 842)  # A4 portrait, 72 dots an inch
    colours = image.getcolors(maxcolors=100_000)
    assert len(colours) > 50  # text in several sizes, anti-aliased, and the band
    white = sum(count for count, colour in colours if colour == (255, 255, 255))
    assert 0.5 < white / (image.width * image.height) < 0.95


def test_uploaded_signature_is_printed_above_the_name(principal_investigator, signature):
    registration = RegistrationFactory(seminar=past_seminar(), attended=True)
    unsigned = pdf_image(pdf.render(registration, signatory=PersonFactory(team_role="PI")))

    signed = pdf_image(pdf.render(registration))

    # The signature sits between 228 and 246 mm from the top, from the left margin.
    box = tuple(round(mm * 72 / 25.4) for mm in (22, 228, 92, 246))
    difference = ImageChops.difference(signed.crop(box), unsigned.crop(box))
    assert ImageStat.Stat(difference.convert("L")).mean[0] > 5
    assert "Pamela Fisher" in pdf_text(pdf.render(registration))


def test_whole_hours_print_without_a_decimal_point():
    assert pdf.hours_words(Decimal("6.0")) == "6 hours"
    assert pdf.hours_words(Decimal("1")) == "1 hour"
    assert pdf.hours_words(Decimal("2.5")) == "2.5 hours"
    assert pdf.hours_words(Decimal("10")) == "10 hours"


def test_without_a_principal_investigator_the_organisers_sign():
    PersonFactory(team_role="Researcher", name="Elaine McNichol")
    registration = RegistrationFactory(seminar=past_seminar(), attended=True)

    words = pdf_text(pdf.render(registration))

    assert "The organisers of Reimagining professionalism" in words
    assert "Elaine McNichol" not in words


def test_long_learning_text_still_fits_on_one_page_above_the_signature(principal_investigator):
    learning = " ".join(f"Point {n}: what co-production asks of a team." for n in range(20))
    registration = RegistrationFactory(seminar=past_seminar(learning=learning), attended=True)

    content = pdf.render(registration)

    assert pdf_pages(content) == 1
    words = pdf_text(content)
    assert "Point 19: what co-production asks of a team." in words
    assert words.index("Point 19") < words.index("Pamela Fisher")


def test_file_name_carries_the_seminar_and_no_personal_name():
    registration = RegistrationFactory(seminar=past_seminar(number=4), name="Siân Ó Dálaigh")

    assert pdf.filename(registration) == "certificate-seminar-4.pdf"


NAMES_IN_OTHER_SCRIPTS = [
    "Σοφία Παπαδοπούλου",  # Greek
    "Иван Петров",  # Cyrillic
    "王秀英",  # Chinese
    "فاطمة الزهراء",  # Arabic
    "زهرا\u200cسادات موسوی",  # noqa: RUF001 (Persian, with a zero-width non-joiner)
    "मीरा शर्मा",  # Devanagari
    "שרה כהן",  # Hebrew
]


@pytest.mark.parametrize("name", NAMES_IN_OTHER_SCRIPTS)
def test_names_in_any_script_are_printed_and_read_back(name, caplog):
    registration = RegistrationFactory(seminar=past_seminar(), name=name, attended=True)

    words = pdf_text(pdf.render(registration, signatory=None))

    # PDFium reads the letters back in logical order, joiners left out.
    assert name.replace("\u200c", "") in words.replace("\u200c", "")
    assert "no installed font" not in caplog.text


def test_arabic_runs_right_to_left():
    """In reading order, each letter sits left of the one before (PDFium reads the page)."""
    registration = RegistrationFactory(seminar=past_seminar(), name="محمد", attended=True)

    content = pdf.render(registration, signatory=None)

    assert "محمد" in pdf_text(content)
    glyphs = _glyph_positions(content, "محمد")
    assert [x for x, _ in glyphs] == sorted((x for x, _ in glyphs), reverse=True)


def _glyph_positions(content, text):
    """(x, char) of each character of `text` on page 1, in reading order, as PDFium places them."""
    import pypdfium2

    document = pypdfium2.PdfDocument(content)
    try:
        textpage = document[0].get_textpage()
        whole = textpage.get_text_range()
        start = whole.index(text)
        return [
            (textpage.get_charbox(index)[0], whole[index])
            for index in range(start, start + len(text))
        ]
    finally:
        document.close()


def test_without_the_noto_fonts_the_certificate_is_made_and_the_gap_is_logged(monkeypatch, caplog):
    monkeypatch.setattr(pdf.fonts, "CANDIDATES", [])
    registration = RegistrationFactory(seminar=past_seminar(), name="Ana 王秀英", attended=True)

    words = pdf_text(pdf.render(registration, signatory=None))

    assert "This certifies that Ana attended" in words
    assert "王" not in words
    assert "no installed font has 3 letter(s) (scripts: CJK)" in caplog.text
    assert "王" not in caplog.text


def test_a_certificate_for_taking_part_online_says_online(principal_investigator):
    venue = VenueFactory(name="Leeds Trinity University", city="Leeds")
    seminar = past_seminar(number=3, venue=venue)
    registration = RegistrationFactory(seminar=seminar, mode=Mode.ONLINE, attended=True)

    words = pdf_text(pdf.render(registration))

    assert "Online" in words
    assert "Leeds Trinity University" not in words
