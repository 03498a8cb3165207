"""Refusing PDFs that carry active content: scripts, actions that run by themselves, attached files.

Used by every upload that accepts a PDF (materials, bursary receipts). What is checked, honestly:

- Every PDF name outside stream data is read with its #xx escapes decoded (/J#61vaScript is
  /JavaScript), and the file is refused when it names JavaScript (/JS, /JavaScript), a launch
  or open action (/Launch, /AA additional actions, an /OpenAction that does more than open a
  page: a destination array or a GoTo action, given directly or as a reference to an object,
  which LaTeX and Acrobat write, is fine; a web address opened by itself is not), an attached
  or embedded file
  (/EmbeddedFile, /EmbeddedFiles, /EF, /FileAttachment), a form that sends or reads data
  (/SubmitForm, /ImportData), a jump into another file (/GoToR, /GoToE), rich media or an XFA
  form (/RichMedia, /XFA). Names are compared exactly, as readers do; links to web pages (/URI)
  are fine.
- Compressed object streams (/Type /ObjStm), where those names can hide, are inflated
  (FlateDecode only, at most MAX_INFLATED_BYTES in all) and read the same way. A PDF whose
  object streams cannot be read (another filter, predictors, encryption, damage, too large) is
  refused as one we cannot check.
- Other streams (page contents, images, fonts) are skipped: they cannot name an action that a
  reader runs. So that nothing hides in what we skip, a PDF with an object header ("12 0 obj")
  inside skipped stream data, or with a stream that never ends, is refused too.

We parse no more than that: no xref table, no object graph. Anything that looks like active
content is refused, even inside a text string; the cost is a rare refusal of a harmless file,
with a message saying how to make a plain one. We use no PDF library for this: the scan above is
a page of code, and a full parser is more code to trust with a hostile file.
"""

import re
import zlib

from django import forms

# Object streams hold small dictionaries: a real PDF inflates to a few megabytes of them.
MAX_INFLATED_BYTES = 64 * 1024 * 1024

ACTIVE_CONTENT = (
    "This PDF contains scripts, attached files or actions that run by themselves, which we do "
    "not accept. Save it again as a plain PDF (for example with Print, then Save as PDF) and "
    "upload that."
)
UNREADABLE = (
    "We cannot check this PDF: it is password-protected, damaged or saved in a way we cannot "
    "read. Save it again as a plain PDF without a password (for example with Print, then Save as "
    "PDF) and upload that."
)

ACTIVE_NAMES = frozenset(
    {
        b"JS",
        b"JavaScript",
        b"Launch",
        b"AA",
        b"EmbeddedFile",
        b"EmbeddedFiles",
        b"EF",
        b"FileAttachment",
        b"SubmitForm",
        b"ImportData",
        b"GoToR",
        b"GoToE",
        b"RichMedia",
        b"XFA",
    }
)
# A name runs until whitespace or a delimiter (PDF 1.7, 7.2.2).
NAME = re.compile(rb"/([^\x00\t\n\x0c\r ()<>\[\]{}/%]*)")
HEX_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
WHITESPACE = b"\x00\t\n\x0c\r "
REFERENCE = re.compile(rb"(\d+)[\x00\t\n\x0c\r ]+\d+[\x00\t\n\x0c\r ]+R\b")
FIRST = re.compile(rb"/First[\x00\t\n\x0c\r ]+(\d+)")
INTEGER = re.compile(rb"\d+")
# The keyword `stream` straight after a dictionary starts stream data, up to `endstream`.
STREAM_START = re.compile(rb">>[\x00\t\n\x0c\r ]*stream(?:\r\n|\n|\r)")
ENDSTREAM = b"endstream"
OBJ_KEYWORD = re.compile(rb"\bobj\b")
OBJECT_HEADER = re.compile(rb"\d[\x00\t\n\x0c\r ]+\d+[\x00\t\n\x0c\r ]+obj\b")
FLATE = frozenset({b"FlateDecode", b"Fl"})
FILTER_NAMES = frozenset(
    {
        b"ASCIIHexDecode",
        b"AHx",
        b"ASCII85Decode",
        b"A85",
        b"LZWDecode",
        b"LZW",
        b"RunLengthDecode",
        b"RL",
        b"CCITTFaxDecode",
        b"CCF",
        b"DCTDecode",
        b"DCT",
        b"JBIG2Decode",
        b"JPXDecode",
        b"Crypt",
    }
)


class PdfUnreadable(Exception):
    """The PDF has parts we cannot read, so cannot say it is free of active content."""


def _names(text):
    """Each name in `text` with its #xx escapes decoded, and where it ends."""
    for match in NAME.finditer(text):
        yield HEX_ESCAPE.sub(lambda h: bytes([int(h[1], 16)]), match[1]), match.end()


def _active_name(text, open_actions):
    """The first active name in `text`; each /OpenAction's value is kept in `open_actions`."""
    for name, end in _names(text):
        if name in ACTIVE_NAMES:
            return name.decode("latin-1")
        if name == b"OpenAction":
            open_actions.append(text[end : end + 200])
    return None


def _inflate(dictionary, data, budget):
    names = {name for name, _ in _names(dictionary)}
    if b"DecodeParms" in names or b"DP" in names or names & FILTER_NAMES:
        raise PdfUnreadable
    if not names & FLATE:
        return data
    inflater = zlib.decompressobj()
    try:
        inflated = inflater.decompress(data, budget + 1)
    except zlib.error:
        raise PdfUnreadable from None
    if len(inflated) > budget or inflater.unconsumed_tail:
        raise PdfUnreadable
    return inflated


def _stored_objects(dictionary, inflated):
    """The objects of an object stream, by number: its header lists each number and offset."""
    first = FIRST.search(dictionary)
    if not first:
        raise PdfUnreadable
    start = int(first[1])
    numbers = [int(value) for value in INTEGER.findall(inflated[:start])]
    pairs = list(zip(numbers[0::2], numbers[1::2], strict=False))
    if not pairs:
        return {}
    ends = [offset for _, offset in pairs[1:]] + [len(inflated) - start]
    return {
        number: inflated[start + offset : start + end]
        for (number, offset), end in zip(pairs, ends, strict=True)
    }


def _plain_action(value, bodies):
    """Whether an /OpenAction's value only opens a page: a destination array, or a GoTo
    action, given directly or by reference (LaTeX writes '/OpenAction 98 0 R')."""
    value = value.lstrip(WHITESPACE)
    reference = REFERENCE.match(value)
    if reference:
        found = bodies(int(reference[1]))
        return bool(found) and all(_plain_action(body, lambda _: []) for body in found)
    if value.startswith(b"["):
        return True
    if value.startswith(b"<<"):
        action = value[: value.find(b">>") + 2] if b">>" in value else value
        names = {name for name, _ in _names(action)}
        return b"GoTo" in names and b"Next" not in names and not names & ACTIVE_NAMES
    return False


def pdf_active_content(data):
    """The name of the first active content found in the PDF `data` (bytes), or None.

    Raises PdfUnreadable when part of it cannot be read within the limits above."""
    budget = MAX_INFLATED_BYTES
    position = 0
    open_actions = []
    stored = {}
    while True:
        start = STREAM_START.search(data, position)
        outside = data[position : start.end() if start else len(data)]
        if found := _active_name(outside, open_actions):
            return found
        if start is None:
            break
        end = data.find(ENDSTREAM, start.end())
        if end < 0:
            raise PdfUnreadable
        stream = data[start.end() : end]
        # The stream's dictionary: from its object's `obj` keyword to the `>>` before `stream`.
        headers = list(OBJ_KEYWORD.finditer(data, position, start.start()))
        dictionary = data[headers[-1].end() if headers else position : start.start() + 2]
        if b"ObjStm" in {name for name, _ in _names(dictionary)}:
            inflated = _inflate(dictionary, stream, budget)
            budget -= len(inflated)
            if found := _active_name(inflated, open_actions):
                return found
            for number, body in _stored_objects(dictionary, inflated).items():
                stored.setdefault(number, []).append(body)
        elif OBJECT_HEADER.search(stream):
            raise PdfUnreadable
        position = end

    def bodies(number):
        """Every definition of object `number` (a later update may redefine it)."""
        header = re.compile(rb"(?<!\d)%d[\x00\t\n\x0c\r ]+\d+[\x00\t\n\x0c\r ]+obj\b" % number)
        plain = [data[match.end() : match.end() + 200] for match in header.finditer(data)]
        return plain + stored.get(number, [])

    if not all(_plain_action(value, bodies) for value in open_actions):
        return "OpenAction"
    return None


def check_pdf(upload):
    """Raise ValidationError, saying what to do, when the PDF `upload` carries active content."""
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    try:
        found = pdf_active_content(data)
    except PdfUnreadable:
        raise forms.ValidationError(UNREADABLE, code="unreadable_pdf") from None
    if found:
        raise forms.ValidationError(ACTIVE_CONTENT, code="active_content")
