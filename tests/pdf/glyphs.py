"""Which characters a PDF draws with a real glyph, read from its embedded fonts with fontTools.

Each font's ToUnicode map says which glyph stands for which text; the embedded font program
says whether that glyph has an outline. A character whose glyph is .notdef, lies past the
font's glyphs (WeasyPrint numbers missing glyphs there) or has no outline was not drawn.
Colour emoji are drawn as images from the installed Noto Color Emoji bitmaps, so for a font
whose outlines were stripped for that reason the bitmap in the installed font is checked.
"""

import io
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from fontTools.ttLib import TTFont
from pypdf import PdfReader
from pypdf.generic import DictionaryObject

EMOJI_FONT = Path("/usr/share/fonts/truetype/noto/NotoColorEmoji.ttf")
_BFCHAR = re.compile(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>")
_BFRANGE = re.compile(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>")


@dataclass
class Glyphs:
    drawn: set[str] = field(default_factory=set)
    not_drawn: set[str] = field(default_factory=set)
    fonts: set[str] = field(default_factory=set)


def _utf16(hex_text: bytes) -> str:
    return bytes.fromhex(hex_text.decode()).decode("utf-16-be", errors="replace")


def _to_unicode(cmap: bytes) -> dict[int, str]:
    mapping: dict[int, str] = {}
    for block in re.findall(rb"beginbfchar(.*?)endbfchar", cmap, flags=re.S):
        for gid, text in _BFCHAR.findall(block):
            mapping[int(gid, 16)] = _utf16(text)
    for block in re.findall(rb"beginbfrange(.*?)endbfrange", cmap, flags=re.S):
        for start, end, text in _BFRANGE.findall(block):
            first = _utf16(text)
            for offset, gid in enumerate(range(int(start, 16), int(end, 16) + 1)):
                mapping[gid] = first[:-1] + chr(ord(first[-1]) + offset)
    return mapping


@cache
def _emoji_bitmaps() -> frozenset[int]:
    """Glyph ids that carry a colour bitmap in the installed emoji font."""
    font = TTFont(EMOJI_FONT)
    strikes = font["CBDT"].strikeData
    return frozenset(font.getGlyphID(name) for strike in strikes for name in strike)


def _has_outline(font: TTFont, gid: int) -> bool:
    order = font.getGlyphOrder()
    if gid == 0 or gid >= len(order):
        return False
    name = order[gid]
    if "glyf" in font:
        glyph = font["glyf"][name]
        return glyph.numberOfContours != 0
    if "CFF " in font:
        top = font["CFF "].cff.topDictIndex[0]
        charstrings = top.CharStrings
        if name not in charstrings:
            return False
        return charstrings[name].calcBounds(charstrings) is not None
    return False


def _font_program(descendant: DictionaryObject) -> bytes | None:
    descriptor = descendant["/FontDescriptor"].get_object()
    for key in ("/FontFile2", "/FontFile3", "/FontFile"):
        if key in descriptor:
            return descriptor[key].get_object().get_data()
    return None


def read_glyphs(pdf: bytes) -> Glyphs:
    """Every character the PDF's fonts draw with a real glyph, and every one they do not."""
    found = Glyphs()
    seen: set[int] = set()
    for page in PdfReader(io.BytesIO(pdf)).pages:
        fonts = page.get("/Resources", {}).get("/Font", {})
        for ref in fonts.values():
            if ref.idnum in seen:
                continue
            seen.add(ref.idnum)
            font = ref.get_object()
            if "/ToUnicode" not in font or "/DescendantFonts" not in font:
                continue
            name = str(font["/BaseFont"])
            found.fonts.add(name)
            descendant = font["/DescendantFonts"][0].get_object()
            program = _font_program(descendant)
            parsed = TTFont(io.BytesIO(program)) if program else None
            emoji = "Emoji" in name
            for gid, text in _to_unicode(font["/ToUnicode"].get_object().get_data()).items():
                if emoji:
                    ok = gid in _emoji_bitmaps()
                else:
                    ok = parsed is not None and _has_outline(parsed, gid)
                (found.drawn if ok else found.not_drawn).update(text)
    return found


def visible(text: str) -> set[str]:
    """The characters of a text that need a glyph: not spaces, joiners or selectors."""
    invisible = {"\u200b", "\u200c", "\u200d", "\u2068", "\u2069", "\ufe0f", "\ufe0e"}
    return {c for c in text if not c.isspace() and c not in invisible}
