"""Checking uploaded materials by what they contain, never by their name.

We accept PDFs and the office formats people make slides and documents in: .pptx, .docx, .xlsx
(Office Open XML) and .odp, .odt (OpenDocument). The kind is read from the content: a PDF's
signature, or the zip's own description of itself ([Content_Types].xml, or OpenDocument's
`mimetype` entry). Anything that can carry macros is refused: the macro-enabled formats
(.pptm, .docm, .xlsm), any package holding a vbaProject.bin or vbaData.xml, and OpenDocument
files with Basic or script folders. Legacy binary formats (.doc, .ppt, .xls) are refused too:
they can hold macros we cannot see without parsing them.

Then what can run or fetch by itself is refused: in PDFs, scripts, self-running actions and
attached files (common/documents.py); in office files, links to other files, OLE and ActiveX
objects, embedded binaries, macro sheets, ribbon callbacks and DDE (packages.py).

A zip's limits (entries, the size of its directory) are read from its end record before
zipfile reads the directory; then what it unpacks to, in all and against its own size.

There is no virus scanner here: what this checks is the type, and the absence of active content.
"""

import io
import re
import struct
import zipfile
import zlib
from contextlib import contextmanager
from dataclasses import dataclass

from django import forms
from django.utils.text import slugify

from common.documents import check_pdf

from . import packages

MAX_BYTES = 25 * 1024 * 1024
# A real document has hundreds of entries at most; far more is a crafted file. Both limits are
# read from the zip's end record, before its directory is.
MAX_ZIP_ENTRIES = 10_000
# Bounds how many entries zipfile can parse at all (46 bytes each at the least), whatever the
# end record claims: 10,000 entries with names of 150 characters fit.
MAX_DIRECTORY_BYTES = 2 * 1024 * 1024
# What a package may unpack to, in all (nested packages included), and how many times its own
# size: text compresses tenfold or so, photos not at all.
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
MAX_RATIO = 100
RATIO_FLOOR_BYTES = 10 * 1024 * 1024
EOCD_SIGNATURE = b"PK\x05\x06"
EOCD_SIZE = 22
EOCD_MAX_COMMENT = 1 << 16  # as zipfile searches
ZIP64_LOCATOR_SIGNATURE = b"PK\x06\x07"
ZIP64_LOCATOR_SIZE = 20
ZIP64_EOCD_SIGNATURE = b"PK\x06\x06"
ZIP64_EOCD_SIZE = 56
# [Content_Types].xml and `mimetype` are a few kilobytes: read no more than this of them.
MAX_DESCRIPTION_BYTES = 1024 * 1024

PDF_SIGNATURE = b"%PDF-"
ZIP_SIGNATURE = b"PK\x03\x04"
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy Office, and encrypted Office files


@dataclass(frozen=True)
class FileKind:
    extension: str
    content_type: str
    label: str


PDF = FileKind("pdf", "application/pdf", "PDF")
KINDS = {
    kind.extension: kind
    for kind in (
        PDF,
        FileKind(
            "pptx",
            "application/vnd.openxmlformats-officedocument.presentationml.presentation",
            "PowerPoint slides",
        ),
        FileKind(
            "docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "Word document",
        ),
        FileKind(
            "xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "Excel spreadsheet",
        ),
        FileKind("odp", "application/vnd.oasis.opendocument.presentation", "OpenDocument slides"),
        FileKind("odt", "application/vnd.oasis.opendocument.text", "OpenDocument text"),
    )
}
# The main part of each Office Open XML package we accept, as [Content_Types].xml names it.
OOXML_MAIN_PARTS = {
    "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml": "pptx",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml": "docx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml": "xlsx",
}
ODF_MIMETYPES = {
    b"application/vnd.oasis.opendocument.presentation": "odp",
    b"application/vnd.oasis.opendocument.text": "odt",
}
CONTENT_TYPE_ATTRIBUTE = re.compile(rb'ContentType\s*=\s*"([^"]+)"')
MACRO_ENTRY = re.compile(r"(^|/)(vbaProject\.bin|vbaData\.xml)$", re.IGNORECASE)
ODF_SCRIPT_FOLDERS = ("basic/", "scripts/")

ACCEPTED = "Choose a PDF, or slides or a document saved as .pptx, .docx, .xlsx, .odp or .odt."
MACROS = (
    "This file contains macros, which we do not publish. Save it again without macros "
    "(as .pptx, .docx or .xlsx, or as a PDF) and upload that."
)


def _refuse(message, code):
    return forms.ValidationError(message, code=code)


def check_material_file(upload):
    """The FileKind of `upload`, read from its content, or ValidationError saying what to do."""
    if upload.size is not None and upload.size > MAX_BYTES:
        raise _refuse(
            f"This file is too large. Choose a file of at most {MAX_BYTES // (1024 * 1024)} MB: "
            "for slides with many photos, saving as PDF often makes them smaller.",
            "too_large",
        )
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if head.startswith(PDF_SIGNATURE):
        check_pdf(upload)
        return PDF
    if head.startswith(OLE_SIGNATURE):
        raise _refuse(
            "This is an older Office file (.doc, .ppt or .xls) or a password-protected one, "
            "which we cannot check for macros. Save it as .docx, .pptx, .xlsx or PDF, without "
            "a password, and upload that.",
            "legacy_office",
        )
    if head.startswith(ZIP_SIGNATURE):
        return _check_package(upload)
    raise _refuse(f"We cannot accept this kind of file. {ACCEPTED}", "unknown_type")


def _check_directory_record(upload):
    """Refuse, from the zip's end-of-central-directory record (and its zip64 form), a package
    whose directory is too big, before zipfile reads that directory whole. We find the record
    as zipfile does, and check the plain and the zip64 counts both."""
    upload.seek(0, io.SEEK_END)
    size = upload.tell()
    upload.seek(max(size - EOCD_SIZE - EOCD_MAX_COMMENT, 0))
    tail = upload.read()
    tail_start = size - len(tail)
    if tail[-EOCD_SIZE:].startswith(EOCD_SIGNATURE) and tail[-2:] == b"\0\0":
        at = len(tail) - EOCD_SIZE
    else:
        at = tail.rfind(EOCD_SIGNATURE)
    if at < 0 or len(tail) - at < EOCD_SIZE:
        raise _refuse(f"This file seems to be damaged. Try saving it again. {ACCEPTED}", "broken")
    _, disk, directory_disk, here, entries, directory_size, _, _ = struct.unpack(
        "<4s4H2LH", tail[at : at + EOCD_SIZE]
    )
    counts = [(max(here, entries), directory_size)]
    locator_at = tail_start + at - ZIP64_LOCATOR_SIZE
    if locator_at >= ZIP64_EOCD_SIZE:
        upload.seek(locator_at - ZIP64_EOCD_SIZE)
        record = upload.read(ZIP64_EOCD_SIZE + ZIP64_LOCATOR_SIZE)
        if record[ZIP64_EOCD_SIZE:].startswith(ZIP64_LOCATOR_SIGNATURE) and record.startswith(
            ZIP64_EOCD_SIGNATURE
        ):
            here64, entries64, directory_size64 = struct.unpack("<3Q", record[24:48])
            counts.append((max(here64, entries64), directory_size64))
    upload.seek(0)
    if (
        disk
        or directory_disk
        or any(
            entries > MAX_ZIP_ENTRIES or directory_size > MAX_DIRECTORY_BYTES
            for entries, directory_size in counts
        )
    ):
        raise _refuse(f"We cannot open this file. {ACCEPTED}", "broken")


def _check_unpacked_size(entries, archive_size):
    unpacked = sum(entry.file_size for entry in entries)
    if unpacked > MAX_UNPACKED_BYTES or (
        unpacked > RATIO_FLOOR_BYTES and unpacked > MAX_RATIO * archive_size
    ):
        raise _refuse(
            "This document is too large for us to check once unpacked. Save it as a PDF and "
            "upload that.",
            "too_large",
        )


@contextmanager
def _open_package(upload):
    """`upload` opened as a zip, once its directory record and unpacked size are in limits."""
    _check_directory_record(upload)
    with zipfile.ZipFile(upload) as package:
        entries = package.infolist()
        if len(entries) > MAX_ZIP_ENTRIES:
            raise _refuse(f"We cannot open this file. {ACCEPTED}", "broken")
        upload.seek(0, io.SEEK_END)
        _check_unpacked_size(entries, upload.tell())
        yield package


def _check_package(upload):
    try:
        with _open_package(upload) as package:
            names = [entry.filename for entry in package.infolist()]
            lowered = [name.lower() for name in names]
            if any(MACRO_ENTRY.search(name) for name in names) or any(
                name.startswith(ODF_SCRIPT_FOLDERS) for name in lowered
            ):
                raise _refuse(MACROS, "macros")
            budget = packages.Budget(MAX_UNPACKED_BYTES)
            if "[Content_Types].xml" in names:
                kind = _ooxml_kind(_read_small(package, "[Content_Types].xml"))
                packages.check_ooxml(package, budget=budget, open_nested=_open_package)
                return kind
            if names and names[0] == "mimetype":
                kind = _odf_kind(_read_small(package, "mimetype"))
                packages.check_odf(package, budget=budget)
                return kind
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        OSError,
        EOFError,
        ValueError,
        RuntimeError,  # an encrypted entry; NotImplementedError: an unknown compression
        zlib.error,  # damaged compressed data (a half-downloaded document)
        struct.error,
    ):
        raise _refuse(
            f"This file seems to be damaged. Try saving it again. {ACCEPTED}", "broken"
        ) from None
    finally:
        upload.seek(0)
    raise _refuse(f"We cannot accept this kind of file. {ACCEPTED}", "unknown_type")


def _read_small(package, name):
    entry = package.getinfo(name)
    if entry.file_size > MAX_DESCRIPTION_BYTES:
        raise _refuse(f"We cannot open this file. {ACCEPTED}", "broken")
    with package.open(entry) as stream:
        return stream.read(MAX_DESCRIPTION_BYTES + 1)[:MAX_DESCRIPTION_BYTES]


def _ooxml_kind(content_types):
    declared = {
        match.decode("ascii", "replace") for match in CONTENT_TYPE_ATTRIBUTE.findall(content_types)
    }
    if any("macroenabled" in value.lower() or "vba" in value.lower() for value in declared):
        raise _refuse(MACROS, "macros")
    found = {OOXML_MAIN_PARTS[value] for value in declared if value in OOXML_MAIN_PARTS}
    if len(found) == 1:
        return KINDS[found.pop()]
    raise _refuse(f"We cannot accept this kind of file. {ACCEPTED}", "unknown_type")


def _odf_kind(mimetype):
    extension = ODF_MIMETYPES.get(mimetype.strip())
    if extension:
        return KINDS[extension]
    raise _refuse(f"We cannot accept this kind of file. {ACCEPTED}", "unknown_type")


def stored_name(title, kind):
    """The name a checked file is stored and downloaded under: its title, and the extension
    its content gives (never the uploader's own name)."""
    return f"{slugify(title)[:60] or 'material'}.{kind.extension}"


class MaterialFileField(forms.FileField):
    """A form field that takes only the files above; the cleaned upload carries `kind`."""

    default_error_messages = {
        "required": f"Choose a file to upload. {ACCEPTED}",
        "invalid": f"This file could not be read. {ACCEPTED}",
        "empty": f"This file is empty. {ACCEPTED}",
    }

    def __init__(self, **kwargs):
        accept = ",".join(f".{extension}" for extension in KINDS)
        kwargs.setdefault("widget", forms.ClearableFileInput(attrs={"accept": accept}))
        super().__init__(**kwargs)

    def to_python(self, data):
        upload = super().to_python(data)
        if upload is None:
            return None
        upload.kind = check_material_file(upload)
        return upload
