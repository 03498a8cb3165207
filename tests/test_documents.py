"""PDFs carrying scripts, self-running actions or attached files are refused, however hidden."""

import zlib

import pytest
from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile

from common import documents
from common.documents import check_pdf, pdf_active_content


def pdf(*objects, trailer=b"<< /Root 1 0 R >>"):
    """A small PDF from its objects' bodies (no real xref: the check never reads it)."""
    parts = [b"%PDF-1.7\n"]
    for number, body in enumerate(objects, start=1):
        parts.append(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    parts.append(b"trailer\n" + trailer + b"\n%%EOF\n")
    return b"".join(parts)


def stream(dictionary, data):
    return b"<< " + dictionary + b" /Length %d >>\nstream\n" % len(data) + data + b"\nendstream"


def object_stream(body, *, filters=b"/Filter /FlateDecode", compress=True):
    data = zlib.compress(body) if compress else body
    return stream(b"/Type /ObjStm /N 1 /First 4 " + filters, data)


CATALOG = b"<< /Type /Catalog /Pages 2 0 R >>"
PAGES = b"<< /Type /Pages /Kids [] /Count 0 >>"
IMAGE = stream(b"/Type /XObject /Subtype /Image /Filter /DCTDecode", b"\xff\xd8/JS /AA \xff\xd9")


def refused_code(content):
    with pytest.raises(forms.ValidationError) as error:
        check_pdf(SimpleUploadedFile("x.pdf", content))
    return error.value.code, error.value.messages[0]


@pytest.mark.parametrize(
    "content",
    [
        pdf(CATALOG, PAGES),
        pdf(CATALOG, PAGES, IMAGE),  # names inside image data are not actions
        pdf(b"<< /Type /Catalog /Pages 2 0 R /OpenAction [3 0 R /Fit] >>", PAGES),  # LaTeX
        pdf(CATALOG, b"<< /Type /Annot /Subtype /Link /A << /S /URI /URI (https://x.org) >> >>"),
        pdf(CATALOG, object_stream(b"3 0 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")),
        pdf(b"<< /Type /Catalog /OpenAction << /S /GoTo /D [3 0 R /Fit] >> >>", PAGES),
        # pdfTeX: the open action is a reference, to an object in a compressed object stream.
        pdf(
            b"<< /Type /Catalog /Pages 2 0 R /OpenAction 4 0 R >>",
            PAGES,
            object_stream(b"4 0 [2 0 R /Fit]"),
        ),
        pdf(b"<< /Type /Catalog /OpenAction 2 0 R >>", b"<< /S /GoTo /D [3 0 R /Fit] >>"),
    ],
)
def test_plain_pdfs_are_accepted(content):
    assert pdf_active_content(content) is None
    check_pdf(SimpleUploadedFile("x.pdf", content))


@pytest.mark.parametrize(
    ("body", "found"),
    [
        (b"<< /S /JavaScript /JS (app.alert(1)) >>", "JavaScript"),
        (b"<< /Type /Catalog /Names << /JavaScript 3 0 R >> >>", "JavaScript"),
        (b"<< /S /Launch /F (cmd.exe) >>", "Launch"),
        (b"<< /Type /Catalog /OpenAction 3 0 R >>", "OpenAction"),
        (b"<< /Type /Catalog /OpenAction << /S /URI /URI (https://x.org/) >> >>", "OpenAction"),
        (b"<< /Type /Catalog /OpenAction << /S /GoTo /D [3 0 R] /Next 4 0 R >> >>", "OpenAction"),
        (b"<< /Type /Page /AA << /O 4 0 R >> >>", "AA"),
        (b"<< /Type /Catalog /Names << /EmbeddedFiles 3 0 R >> >>", "EmbeddedFiles"),
        (b"<< /Type /Annot /Subtype /FileAttachment /FS 4 0 R >>", "FileAttachment"),
        (b"<< /Type /Filespec /F (a.exe) /EF << /F 5 0 R >> >>", "EF"),
        (b"<< /S /SubmitForm /F (https://x.org/) >>", "SubmitForm"),
        (b"<< /S /ImportData /F (data.fdf) >>", "ImportData"),
        (b"<< /S /GoToR /F (other.pdf) /D [0 /Fit] >>", "GoToR"),
        (b"<< /Type /Catalog /AcroForm << /XFA 4 0 R >> >>", "XFA"),
        (b"<< /S /J#61vaScript /J#53 (app.alert(1)) >>", "JavaScript"),  # hex-escaped names
        (b"<</S/Launch/F(x)>>", "Launch"),  # no spaces at all
    ],
)
def test_active_content_is_found_in_plain_objects(body, found):
    content = pdf(CATALOG, body)

    assert pdf_active_content(content) == found
    code, message = refused_code(content)
    assert code == "active_content"
    assert "Save it again as a plain PDF" in message


@pytest.mark.parametrize(
    "content",
    [
        pdf(b"<< /Type /Catalog /OpenAction 2 0 R >>", b"<< /S /URI /URI (https://x.org/) >>"),
        pdf(
            b"<< /Type /Catalog /OpenAction 4 0 R >>",
            object_stream(b"4 0 << /S /URI /URI (https://x.org/) >>"),
        ),
        # Defined twice (an update): every definition must be plain.
        pdf(b"<< /Type /Catalog /OpenAction 2 0 R >>", b"[1 0 R /Fit]")
        + b"2 0 obj << /S /URI /URI (https://x.org/) >> endobj\n",
    ],
)
def test_an_open_action_by_reference_that_does_more_than_open_a_page_is_refused(content):
    assert pdf_active_content(content) == "OpenAction"


def test_an_embedded_file_stream_is_refused():
    content = pdf(CATALOG, stream(b"/Type /EmbeddedFile", b"MZ\x90\x00"))

    assert pdf_active_content(content) == "EmbeddedFile"


def test_javascript_hidden_in_a_compressed_object_stream_is_found():
    content = pdf(CATALOG, object_stream(b"3 0 << /S /JavaScript /JS (app.alert(1)) >>"))

    assert pdf_active_content(content) == "JavaScript"
    assert refused_code(content)[0] == "active_content"


def test_an_object_stream_named_with_escapes_is_still_inflated():
    body = zlib.compress(b"3 0 << /S /Launch /F (cmd) >>")
    content = pdf(CATALOG, stream(b"/Type /Obj#53tm /N 1 /First 4 /Filter /Fl#61teDecode", body))

    assert pdf_active_content(content) == "Launch"


@pytest.mark.parametrize(
    "hidden",
    [
        # An object stream we cannot read: another filter, a predictor, damaged data.
        object_stream(
            b"3 0 << /S /JavaScript >>".hex().encode(),
            filters=b"/Filter /ASCIIHexDecode",
            compress=False,
        ),
        object_stream(
            b"3 0 << >>", filters=b"/Filter /FlateDecode /DecodeParms << /Predictor 12 >>"
        ),
        stream(b"/Type /ObjStm /N 1 /First 4 /Filter /FlateDecode", b"\x78\x9c not zlib"),
        # An object hidden inside another stream's data, reached through the xref table.
        stream(b"/Length 99", b"junk\n7 0 obj << /S /JavaScript /JS (x) >> endobj\n"),
    ],
)
def test_a_pdf_whose_hiding_places_cannot_be_read_is_refused_as_unreadable(hidden):
    content = pdf(CATALOG, hidden)

    code, message = refused_code(content)
    assert code == "unreadable_pdf"
    assert "without a password" in message


def test_a_stream_that_never_ends_is_refused_as_unreadable():
    content = pdf(CATALOG) + b"4 0 obj << /Length 5 >>\nstream\n7 0 obj << /S /Launch >>"

    assert refused_code(content)[0] == "unreadable_pdf"


def test_an_object_stream_that_inflates_past_the_limit_is_refused(monkeypatch):
    monkeypatch.setattr(documents, "MAX_INFLATED_BYTES", 1000)
    content = pdf(CATALOG, object_stream(b"3 0 << /Type /Font >>" + b" " * 2000))

    assert refused_code(content)[0] == "unreadable_pdf"
