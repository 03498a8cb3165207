import pytest
from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile

from outputs import files
from outputs.files import check_material_file
from tests.factories.outputs import (
    DOCM,
    DOCX,
    ODP,
    ODT,
    PPTM,
    PPTX,
    XLSM,
    XLSX,
    odf_bytes,
    ooxml_bytes,
    pdf_bytes,
)


def upload(content, name="file.bin"):
    return SimpleUploadedFile(name, content)


@pytest.mark.parametrize(
    ("content", "extension"),
    [
        (pdf_bytes(), "pdf"),
        (ooxml_bytes(PPTX), "pptx"),
        (ooxml_bytes(DOCX), "docx"),
        (ooxml_bytes(XLSX), "xlsx"),
        (odf_bytes(ODP), "odp"),
        (odf_bytes(ODT), "odt"),
    ],
)
def test_accepted_types_are_read_from_the_content_whatever_the_name(content, extension):
    kind = check_material_file(upload(content, name="misleading.exe"))

    assert kind.extension == extension


@pytest.mark.parametrize(
    "content",
    [
        ooxml_bytes(PPTM),
        ooxml_bytes(DOCM),
        ooxml_bytes(XLSM),
        ooxml_bytes(PPTX, extra=["ppt/vbaProject.bin"]),
        ooxml_bytes(DOCX, extra=["word/VBAPROJECT.BIN"]),
        ooxml_bytes(XLSX, extra=["xl/vbaData.xml"]),
        odf_bytes(ODT, extra=["Basic/Standard/Module1.xml"]),
        odf_bytes(ODP, extra=["Scripts/python/x.py"]),
    ],
)
def test_anything_with_macros_is_refused(content):
    with pytest.raises(forms.ValidationError) as error:
        check_material_file(upload(content, name="slides.pptx"))

    assert error.value.code == "macros"
    assert "macros" in error.value.messages[0]


@pytest.mark.parametrize(
    ("content", "code"),
    [
        (b"<html><script>alert(1)</script></html>", "unknown_type"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "legacy_office"),
        (b"PK\x03\x04 not really a zip", "broken"),
        (odf_bytes(b"application/vnd.oasis.opendocument.graphics"), "unknown_type"),
        (ooxml_bytes("application/xml"), "unknown_type"),
        (b"\x89PNG\r\n\x1a\n", "unknown_type"),
    ],
)
def test_other_files_are_refused_saying_what_to_choose(content, code):
    with pytest.raises(forms.ValidationError) as error:
        check_material_file(upload(content, name="slides.pdf"))

    assert error.value.code == code
    assert any(word in error.value.messages[0] for word in ("PDF", ".pptx", "damaged"))


def test_a_file_over_the_limit_is_refused_before_it_is_read(monkeypatch):
    monkeypatch.setattr(files, "MAX_BYTES", 10)

    with pytest.raises(forms.ValidationError) as error:
        check_material_file(upload(pdf_bytes()))

    assert error.value.code == "too_large"
    assert "too large" in error.value.messages[0]


def test_the_limit_is_25_megabytes():
    assert files.MAX_BYTES == 25 * 1024 * 1024


def test_a_zip_with_too_many_entries_is_refused(monkeypatch):
    monkeypatch.setattr(files, "MAX_ZIP_ENTRIES", 2)

    with pytest.raises(forms.ValidationError) as error:
        check_material_file(upload(ooxml_bytes(DOCX, extra=["a", "b"])))

    assert error.value.code == "broken"


def _zip_with_content_types(*, flag=0, method=None, damage=False):
    """A one-entry OOXML-looking zip, its headers or data altered as a broken file would be."""
    import io
    import struct
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("[Content_Types].xml", "<Types>" + "x" * 200 + "</Types>")
    data = bytearray(buffer.getvalue())
    local, central = 0, data.index(b"PK\x01\x02")
    for flag_at, method_at in [(local + 6, local + 8), (central + 8, central + 10)]:
        struct.pack_into("<H", data, flag_at, flag)
        if method is not None:
            struct.pack_into("<H", data, method_at, method)
    if damage:
        start = 30 + len("[Content_Types].xml")
        data[start : start + 8] = b"\xff" * 8
    return bytes(data)


@pytest.mark.parametrize(
    "content",
    [
        _zip_with_content_types(flag=1),  # encrypted: RuntimeError
        _zip_with_content_types(method=99),  # an unknown compression: NotImplementedError
        _zip_with_content_types(damage=True),  # damaged compressed data: zlib.error
    ],
)
def test_a_damaged_or_locked_document_is_refused_not_a_crash(content):
    with pytest.raises(forms.ValidationError) as error:
        check_material_file(upload(content, name="notes.docx"))

    assert error.value.code == "broken"
