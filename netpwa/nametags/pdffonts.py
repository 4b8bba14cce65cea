"""The tag fonts for fpdf2, loaded once per process and shared by every PDF, on every thread.

fpdf2's `add_font` parses a font file each time, per document: for the 13 MB CJK font that is
about a second of fontTools work and tens of MB, paid by every PDF with one CJK name. Here each
font is parsed once into a prototype `TTFFont`, and a document gets a light copy of it:

- shared, read-only after the prototype is built: the fontTools font (for glyph names and
  advances while shaping; the glyph order and `hmtx` are loaded up front, so threads only read
  them), the HarfBuzz face (immutable and thread-safe in HarfBuzz), the cmap, glyph ids and
  widths;
- per document: the font descriptor (a PDF object: output stamps its number on it), a
  HarfBuzz font on the shared face (fpdf2 sets its `ptem` before each shaping, so two threads
  must not share one), the subset map (which glyphs this PDF uses), the width
  table (a defaultdict that inserts on reads), missing glyphs and the biggest size used.

fpdf2 subsets a font at output by cutting down `font.ttfont` in place, which would destroy the
shared one. So just before output each copy gets its own small font: HarfBuzz's subsetter (C,
fast, reads the shared face without changing it) keeps the glyphs this PDF used and every code
point mapped to them; the small font's glyphs get the shared font's names, so the names fpdf2
recorded while shaping still name the same glyphs, and fpdf2 subsets that small font as usual.
"""

import copy
import io
import threading
from pathlib import Path

import uharfbuzz as hb
from fontTools.ttLib import TTFont
from fpdf import FPDF
from fpdf.enums import TextEmphasis
from fpdf.fonts import HarfBuzzFont, SubsetMap, TTFFont

_lock = threading.Lock()
_prototypes: dict[Path, TTFFont] = {}
# Per prototype: glyph id -> every code point the font maps to it.
_codepoints: dict[Path, dict[int, list[int]]] = {}


def prototype(path: Path) -> TTFFont:
    """The font parsed once for the whole process."""
    with _lock:
        font = _prototypes.get(path)
        if font is None:
            font = TTFFont(FPDF(), path, "prototype", "")
            font.ttfont.getGlyphOrder()  # loaded now, so shaping threads only read them
            _ = font.ttfont["hmtx"]
            _ = font.hbfont
            # The outlines (18 MB for the CJK font) are only read again by subsetting, which
            # works on each document's own small font.
            for tag in ("glyf", "loca"):
                font.ttfont.tables.pop(tag, None)
            by_glyph: dict[int, list[int]] = {}
            for code, glyph_id in font.glyph_ids.items():
                by_glyph.setdefault(glyph_id, []).append(code)
            _codepoints[path] = by_glyph
            _prototypes[path] = font
        return font


def add_shared_font(pdf: FPDF, family: str, style: str, path: Path) -> None:
    """Like `pdf.add_font(family, style, path)`, without parsing the file again."""
    fontkey = f"{family.lower()}{style}"
    if fontkey in pdf.fonts:
        return
    shared = prototype(path)
    font = copy.copy(shared)
    font.i = len(pdf.fonts) + 1
    font.fontkey = fontkey
    font.emphasis = TextEmphasis.coerce(style)
    font.cw = copy.copy(shared.cw)
    # A PDF object: output stamps its object number on it, so each document needs its own.
    font.desc = copy.copy(shared.desc)
    font._hbfont = HarfBuzzFont(shared.hbfont.face)
    font.missing_glyphs = []
    font.biggest_size_pt = 0
    font.subset = SubsetMap(font)
    pdf.fonts[fontkey] = font


def detach_for_output(pdf: FPDF) -> None:
    """Give every shared font copy its own small font to subset, right before output."""
    for font in pdf.fonts.values():
        shared = _prototypes.get(getattr(font, "ttffile", None))
        if shared is None or font.ttfont is not shared.ttfont:
            continue
        # By name: fpdf2's Glyph.glyph_id is sometimes a code point (its stand-in space).
        gids = {0} | {shared.ttfont.getGlyphID(name)
                      for name in font.subset.get_all_glyph_names()}
        request = hb.SubsetInput()
        request.glyph_set.update(gids)
        mapped = _codepoints[font.ttffile]
        request.unicode_set.update(code for gid in gids for code in mapped.get(gid, ()))
        request.flags = hb.SubsetFlags.NOTDEF_OUTLINE | hb.SubsetFlags.GLYPH_NAMES
        plan = hb.SubsetPlan(shared.hbfont.face, request)
        small = plan.execute()
        ttfont = TTFont(io.BytesIO(small.blob.data), recalcTimestamp=False, lazy=True)
        # The subset renumbers the glyphs (and adds the ones they are built from); naming them
        # as the shared font does keeps fpdf2's recorded names valid (the CJK fonts store no
        # names, and fontTools would make up different ones from the new numbers).
        order = shared.ttfont.getGlyphOrder()
        old = dict(plan.new_to_old_glyph_mapping)
        ttfont.setGlyphOrder([order[old[new]] for new in range(len(old))])
        font.ttfont = ttfont


def is_shared(ttfont: TTFont) -> bool:
    """Whether this fontTools font is a prototype's, which nobody may close."""
    return any(ttfont is font.ttfont for font in _prototypes.values())
