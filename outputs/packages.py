"""Refusing office documents (zip packages) that carry or fetch active content.

files.py reads the package's type and its size limits; this module reads its parts. What is
refused, beyond the macros files.py refuses by name and content type:

Office Open XML (.docx, .xlsx, .pptx):
- a relationship (in any .rels part) to anything outside the file (TargetMode="External"),
  except a hyperlink, which only opens when someone clicks it: remote templates, linked
  images, frames, linked files and data sources are all refused;
- OLE and ActiveX objects: parts under embeddings/ or activeX/, any part that is an OLE
  compound file whatever its name, and relationships of the OLE, ActiveX, control, macro
  and imported-chunk kinds. A chart's own workbook (an .xlsx, .docx or .pptx under
  embeddings/) is allowed once it passes the same checks itself, with no embeddings of its
  own: nearly every chart in slides carries one;
- embedded binaries: any .bin part (vbaProject.bin among them), except the printer settings
  Word and Excel save with a page layout (printerSettings/printerSettingsN.bin, a block of
  printer options, not code);
- Excel 4.0 macro sheets: macrosheets/ parts, and macro-sheet content types;
- ribbon customisations (customUI) with callbacks (onAction, onLoad, get…, loadImage);
- DDE: DDE and DDEAUTO fields (in w:instrText, whole fields however split into runs, and in
  w:fldSimple), and ddeLink or oleLink elements (Excel's external links).

OpenDocument (.odt, .odp, and .ods if we ever take it):
- Scripts/ and Basic/ folders (files.py), script elements (office:script, text:script),
  event listeners (office:event-listeners' script:event-listener, presentation:event-listener),
  OLE objects (draw:object-ole, and binary "Object N" parts), applets and plugins, DDE
  (dde-source, dde-link, dde-connection-decl), and objects, images, linked sections and
  tables that fetch from outside the file (an xlink:href with an address or a path leaving
  the package). Embedded sub-documents ("Object N/" folders: charts, formulas) are allowed:
  they are ODF XML read with the same checks.

XML is read as text, with character references decoded where a value matters; a part with a
DOCTYPE or entity declaration (which Office and LibreOffice never write) is refused as one we
cannot check. Every part read counts against files.MAX_UNPACKED_BYTES.
"""

import html
import io
import re

from django import forms

ACTIVE_CONTENT = (
    "This document contains macros or links to other files. Save it as a plain PDF or a "
    "document without macros and upload it again."
)
CANNOT_CHECK = (
    "We cannot check this document. Save it again from your office program, or save it as a "
    "PDF, and upload that."
)

ZIP_SIGNATURE = b"PK\x03\x04"
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

PRINTER_SETTINGS = re.compile(r"^(word|xl|ppt)/printersettings/printersettings\d+\.bin$")
OOXML_REFUSED_FOLDERS = re.compile(r"(^|/)(activex|macrosheets)/")
EMBEDDINGS = re.compile(r"(^|/)embeddings/")
EMBEDDED_PACKAGES = (".xlsx", ".docx", ".pptx")
# LibreOffice keeps an OLE object as a binary part "Object N" (its sub-documents are folders).
ODF_OLE_PART = re.compile(r"^(object ?\d+/)*object ?\d+$")

XML_EXTENSIONS = (".xml", ".rels", ".vml")
DECLARATION = re.compile(rb"<!(DOCTYPE|ENTITY)", re.IGNORECASE)
CDATA = re.compile(rb"<!\[CDATA\[(.*?)\]\]>", re.DOTALL)
ATTRIBUTE = re.compile(rb"([\w:.-]+)\s*=\s*(?:\"([^\"]*)\"|'([^']*)')")
RELATIONSHIP = re.compile(rb"<(?:[\w.-]+:)?Relationship\b([^>]*)>")
# The last part of a relationship's Type, for the kinds that are objects or code.
REFUSED_RELATIONSHIPS = frozenset(
    {
        "oleobject",
        "activexcontrol",
        "activexcontrolbinary",
        "control",
        "vbaproject",
        "wordvbadata",
        "xlmacrosheet",
        "xlintlmacrosheet",
        "keymapcustomizations",
        "attachedtoolbars",
        "afchunk",
    }
)
FIELD_PART = re.compile(
    rb"<(?:[\w.-]+:)?fldChar\b([^>]*)>"
    rb"|<(?:[\w.-]+:)?instrText\b[^>]*>([^<]*)<"
    rb"|<(?:[\w.-]+:)?fldSimple\b([^>]*)>"
)
FORMULA = re.compile(rb"<(?:[\w.-]+:)?f\b[^>]*>([^<]*)<")
FORMULA_STRING = re.compile(r'"[^"]*"')
WEB_ADDRESS = re.compile(r"^\s*(https?|mailto):", re.IGNORECASE)
DDE_FIELD = re.compile(r"\bDDE(AUTO)?\b", re.IGNORECASE)
CONTENT_TYPE = re.compile(rb"ContentType\s*=\s*[\"']([^\"']+)")
REFUSED_CONTENT_TYPES = ("macrosheet", "activex", "oleobject", "vba", "macroenabled")
OOXML_ACTIVE_ELEMENT = re.compile(rb"<(?:[\w.-]+:)?(ddeLink|oleLink)\b")
CUSTOM_UI = re.compile(rb"<(?:[\w.-]+:)?customUI\b")
CALLBACK = re.compile(rb"\s(on[A-Z]\w*|get[A-Z]\w*|loadImage)\s*=")
ODF_ACTIVE_ELEMENT = re.compile(
    rb"<(?:[\w.-]+:)?(script|event-listener|object-ole|applet|plugin|dde-[\w-]+)\b"
)
ODF_LINKING_ELEMENT = re.compile(
    rb"<(?:[\w.-]+:)?(object|image|fill-image|background-image|section-source|table-source"
    rb"|floating-frame)\b([^>]*)>"
)
# A link or binding that runs a macro, in any ODF part (menus and keys in Configurations2/ too).
ODF_MACRO_ADDRESS = re.compile(
    rb"=\s*[\"']\s*(vnd\.sun\.star\.script|macro|vnd\.sun\.star\.basic):", re.IGNORECASE
)
OUTSIDE_PACKAGE = re.compile(r"^\s*([a-z][a-z0-9+.-]*:|/|\\|\.\./)", re.IGNORECASE)


def _refuse():
    return forms.ValidationError(ACTIVE_CONTENT, code="active_content")


def _cannot_check():
    return forms.ValidationError(CANNOT_CHECK, code="broken")


class Budget:
    """How many more uncompressed bytes we read, shared by a package and those inside it."""

    def __init__(self, limit):
        self.left = limit

    def read(self, package, entry):
        if entry.file_size > self.left:
            raise forms.ValidationError(
                "This document is too large for us to check once unpacked. Save it as a PDF "
                "and upload that.",
                code="too_large",
            )
        self.left -= entry.file_size
        with package.open(entry) as stream:
            return stream.read(entry.file_size + 1)[: entry.file_size]


def _attributes(text):
    return {
        name.decode("ascii", "replace").split(":")[-1]: html.unescape(
            (double if double is not None else single).decode("utf-8", "replace")
        )
        for name, double, single in ATTRIBUTE.findall(text)
    }


def _head(package, entry):
    with package.open(entry) as stream:
        return stream.read(8)


def _is_xml(name, head):
    """Part names are free (a document's main part can be called anything): XML is known by
    its extension or by its first character, in UTF-8 or UTF-16."""
    return name.endswith(XML_EXTENSIONS) or head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(
        (b"<", b"\xff\xfe", b"\xfe\xff", b"<\0", b"\0<")
    )


def _xml(budget, package, entry):
    """A part's XML as UTF-8, CDATA sections turned into text; refused if it declares a DTD."""
    data = budget.read(package, entry)
    if data.startswith((b"\xff\xfe", b"\xfe\xff", b"<\0", b"\0<")):
        try:
            encoding = "utf-16" if data[:2] in (b"\xff\xfe", b"\xfe\xff") else "utf-16-le"
            if data.startswith(b"\0<"):
                encoding = "utf-16-be"
            data = data.decode(encoding).encode("utf-8")
        except UnicodeDecodeError:
            raise _cannot_check() from None
    if DECLARATION.search(data):
        raise _cannot_check()
    return CDATA.sub(lambda match: html.escape(match[1].decode("utf-8", "replace")).encode(), data)


def check_ooxml(package, *, budget, open_nested, nested=False):
    """Raise ValidationError when the Office Open XML `package` carries or fetches active
    content. `open_nested(data)` checks an embedded package's limits and returns it opened."""
    for entry in package.infolist():
        if entry.is_dir():
            continue
        name = entry.filename.replace("\\", "/").lower()
        if OOXML_REFUSED_FOLDERS.search(name):
            raise _refuse()
        if name.endswith(".bin") and not PRINTER_SETTINGS.match(name):
            raise _refuse()
        head = _head(package, entry)
        if _is_xml(name, head):
            _check_ooxml_part(name, _xml(budget, package, entry))
            continue
        if head.startswith(OLE_SIGNATURE):
            raise _refuse()
        if EMBEDDINGS.search(name) or head.startswith(ZIP_SIGNATURE):
            if nested or not name.endswith(EMBEDDED_PACKAGES) or not head.startswith(ZIP_SIGNATURE):
                raise _refuse()
            with open_nested(io.BytesIO(budget.read(package, entry))) as inner:
                check_ooxml(inner, budget=budget, open_nested=open_nested, nested=True)


def _check_ooxml_part(name, xml):
    if name == "[content_types].xml":
        for found in CONTENT_TYPE.findall(xml):
            if any(
                word in found.decode("ascii", "replace").lower() for word in REFUSED_CONTENT_TYPES
            ):
                raise _refuse()
        return
    if name.endswith(".rels"):
        for found in RELATIONSHIP.finditer(xml):
            relationship = _attributes(found[1])
            kind = relationship.get("Type", "").rstrip("/").rsplit("/", 1)[-1].lower()
            external = relationship.get("TargetMode", "").strip().lower() == "external"
            if kind in REFUSED_RELATIONSHIPS:
                raise _refuse()
            # A hyperlink opens only when clicked; to a file or a share it would still fetch.
            if external and not (
                kind == "hyperlink" and WEB_ADDRESS.match(relationship.get("Target", ""))
            ):
                raise _refuse()
        return
    if OOXML_ACTIVE_ELEMENT.search(xml):
        raise _refuse()
    if CUSTOM_UI.search(xml) and CALLBACK.search(xml):
        raise _refuse()
    if _has_dde_field(xml) or _has_dde_formula(xml):
        raise _refuse()


def _has_dde_formula(xml):
    """Whether a cell formula calls another program (=cmd|'/c calc'!A1): a | outside the
    formula's strings, which no Excel operator uses."""
    for formula in FORMULA.findall(xml):
        if "|" in FORMULA_STRING.sub("", html.unescape(formula.decode("utf-8", "replace"))):
            return True
    return False


def _has_dde_field(xml):
    """Whether a DDE or DDEAUTO field is in this part: each field's instruction is the text of
    its w:instrText runs between its begin and separate (or end) marks, nested fields apart."""
    fields = []
    loose = []
    for field_char, instruction, simple in FIELD_PART.findall(xml):
        if simple:
            if DDE_FIELD.search(_attributes(simple).get("instr", "")):
                return True
        elif field_char:
            kind = _attributes(field_char).get("fldCharType", "")
            if kind == "begin":
                fields.append([])
            elif kind in ("separate", "end") and fields:
                # A field's instruction is complete at its separate mark, or at its end.
                parts = fields.pop() if kind == "end" else fields[-1]
                if DDE_FIELD.search("".join(parts)):
                    return True
        else:
            text = html.unescape(instruction.decode("utf-8", "replace"))
            (fields[-1] if fields else loose).append(text)
    return any(DDE_FIELD.search("".join(parts)) for parts in [loose, *fields])


def check_odf(package, *, budget):
    """Raise ValidationError when the OpenDocument `package` carries or fetches active content
    (its Scripts/ and Basic/ folders are refused by files.py already)."""
    for entry in package.infolist():
        if entry.is_dir():
            continue
        name = entry.filename.replace("\\", "/").lower()
        if ODF_OLE_PART.search(name):
            raise _refuse()
        head = _head(package, entry)
        if _is_xml(name, head):
            xml = _xml(budget, package, entry)
            if ODF_ACTIVE_ELEMENT.search(xml) or ODF_MACRO_ADDRESS.search(xml):
                raise _refuse()
            for found in ODF_LINKING_ELEMENT.finditer(xml):
                href = _attributes(found[2]).get("href", "")
                if OUTSIDE_PACKAGE.match(href):
                    raise _refuse()
        elif head.startswith((OLE_SIGNATURE, ZIP_SIGNATURE)):
            raise _refuse()
