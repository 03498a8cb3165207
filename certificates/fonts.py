"""Fonts for names in any script.

The certificate is set in the site's own font, Atkinson Hyperlegible (static/fonts/, SIL Open
Font License), which has Latin letters only. For anything else (Greek, Cyrillic, Arabic, Hebrew,
Devanagari, Chinese, ...) fpdf2 falls back, letter by letter, to Debian's Noto fonts (also SIL
Open Font License), which the project's set-up installs (scripts/ensure-fonts: the packages
fonts-noto-core and fonts-noto-cjk; the CJK fonts alone are about 90 MB, too big to ship in the
repository). Text is shaped with HarfBuzz (uharfbuzz), so Arabic and Persian letters join and
run right to left, and Indic vowel signs sit where they belong.

Only the fonts a certificate needs are loaded (the CJK fonts take a moment to read). Without
the Noto fonts the certificate is still made: the letters no font has are left out, and one
warning line names the scripts (never the text) and the packages to install.
"""

import functools
import logging
import unicodedata
from pathlib import Path

from fontTools.ttLib import TTFont

logger = logging.getLogger(__name__)

NOTO = Path("/usr/share/fonts/truetype/noto")
NOTO_CJK = Path("/usr/share/fonts/opentype/noto")

# In order of preference; each (family, regular file, bold file, index in a collection).
# Sans serif, like Atkinson Hyperlegible. Chinese uses the Simplified Chinese face of the
# collection (index 2); its Han letters serve Japanese and Korean names too.
SCRIPTS = [
    "Arabic",
    "Hebrew",
    "Devanagari",
    "Bengali",
    "Gurmukhi",
    "Gujarati",
    "Oriya",
    "Tamil",
    "Telugu",
    "Kannada",
    "Malayalam",
    "Sinhala",
    "Thai",
    "Lao",
    "Khmer",
    "Myanmar",
    "Georgian",
    "Armenian",
    "Ethiopic",
    "Thaana",
    "Syriac",
    "Mongolian",
    "Cherokee",
    "CanadianAboriginal",
    "Yi",
    "Symbols",
    "Symbols2",
]
CANDIDATES = [
    ("NotoSans", "NotoSans-Regular.ttf", "NotoSans-Bold.ttf", 0),
    *[(f"NotoSans{s}", f"NotoSans{s}-Regular.ttf", f"NotoSans{s}-Bold.ttf", 0) for s in SCRIPTS],
    ("NotoSansCJK", "NotoSansCJK-Regular.ttc", "NotoSansCJK-Bold.ttc", 2),
]

# Characters that need no glyph of their own: spaces, and the invisible joiners and marks
# that shaping uses (ZWNJ, ZWJ, LRM, RLM, ALM).
INVISIBLE = {"\u200c", "\u200d", "\u200e", "\u200f", "\u061c"}


def _path(filename):
    folder = NOTO_CJK if filename.endswith(".ttc") else NOTO
    return folder / filename


@functools.lru_cache(maxsize=64)
def _characters(path, index=0):
    """The characters a font file has glyphs for (read once per process); empty if absent."""
    path = Path(path)
    if not path.exists():
        return frozenset()
    font = TTFont(path, fontNumber=index, lazy=True)
    try:
        return frozenset(chr(point) for point in font.getBestCmap())
    finally:
        font.close()


def _needs_glyph(ch):
    return not ch.isspace() and ch not in INVISIBLE and unicodedata.category(ch) != "Cc"


def script_names(characters):
    """Rough script names of `characters` ("ARABIC", "CJK"), for a log line without the text."""
    return sorted({unicodedata.name(ch, "UNKNOWN").split()[0] for ch in characters})


def fallbacks(text, primary):
    """The Noto fonts that `text` needs beyond the font file `primary`, as
    [(family, regular path, bold path or None, index)], in order of preference. Logs one
    warning when some letters are in no installed font."""
    missing = {ch for ch in text if _needs_glyph(ch)} - _characters(str(primary))
    chosen = []
    for family, regular, bold, index in CANDIDATES:
        if not missing:
            break
        covered = missing & _characters(str(_path(regular)), index)
        if covered:
            bold_path = _path(bold)
            chosen.append(
                (family, _path(regular), bold_path if bold_path.exists() else None, index)
            )
            missing -= covered
    if missing:
        logger.warning(
            "certificate: no installed font has %d letter(s) (scripts: %s); they are left out. "
            "Install Debian's fonts-noto-core and fonts-noto-cjk (scripts/ensure-fonts).",
            len(missing),
            ", ".join(script_names(missing)),
        )
    return chosen


def printable(text, primary, chosen):
    """`text` without the letters that neither `primary` nor the `chosen` fonts have (so no
    empty box is printed in their place)."""
    have = _characters(str(primary)).union(
        *(_characters(str(regular), index) for _, regular, _, index in chosen)
    )
    return "".join(ch for ch in text if not _needs_glyph(ch) or ch in have)
