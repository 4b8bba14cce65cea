"""The tag fonts for fpdf2, loaded once per process and shared by every PDF, on every thread.

fpdf2's `add_font` parses a font file with fontTools each time, per document: for the 13 MB CJK
font (40,000 glyphs) that is about a second of work, and its cmap, widths, glyph names and
metrics as Python dicts stay in memory (about 30 MB, and 36 MB at the peak while it parses).
Neither is needed: HarfBuzz already has the font mapped (`fonts.shared_font`) and answers the
same questions from the file itself. So each font gets one prototype `TTFFont` per process:

- fpdf2 builds it from a one-glyph copy of the font (HarfBuzz's subsetter makes it), so its own
  code reads the names, metrics and descriptor from the small tables; the font's bounding box
  is then taken from the full font's `head`;
- its cmap, glyph ids and widths are read-only views that ask the shared HarfBuzz font, and
  the fontTools font fpdf2 asks for glyph names and advances while shaping is a stand-in that
  names glyph *n* `g<n>` and answers advances from HarfBuzz too.

A document gets a light copy: its own font descriptor (a PDF object: output stamps its number on
it), a HarfBuzz font on the shared face (fpdf2 sets its `ptem` before each shaping, so two
threads must not share one), its subset map (the glyphs this PDF uses), missing glyphs and the
biggest size used. Everything shared is only read after the prototype is built.

At output fpdf2 subsets `font.ttfont` in place and embeds it. Just before output each copy gets
its own small font: HarfBuzz's subsetter (C, fast, reads the shared face without changing it)
keeps the glyphs this PDF used, and the small font's glyphs get the `g<n>` names of the glyphs
they were cut from, so the names fpdf2 recorded while shaping still name the same glyphs.
"""

import copy
import io
import struct
import threading
from collections.abc import Iterator, Mapping
from pathlib import Path

import uharfbuzz as hb
from fontTools.ttLib import TTFont
from fpdf import FPDF
from fpdf.enums import TextEmphasis
from fpdf.fonts import HarfBuzzFont, SubsetMap, TTFFont

from netpwa.nametags.fonts import shared_font

_lock = threading.Lock()
_prototypes: dict[Path, TTFFont] = {}
NOTDEF = ".notdef"


def glyph_name(glyph_id: int) -> str:
    """The name fpdf2 records for a glyph of a shared font (and the small font keeps)."""
    return NOTDEF if glyph_id == 0 else f"g{glyph_id}"


def glyph_id(name: str) -> int:
    return 0 if name == NOTDEF else int(name[1:])


class _Unshared:
    """Deep copies (fpdf2 makes them of `cw` and `glyph_ids`) share these read-only views."""

    def __deepcopy__(self, memo):
        return self


class _GlyphIds(_Unshared, Mapping):
    """Code point -> glyph id, as the font's cmap maps it."""

    def __init__(self, font: hb.Font, first: int):
        self.font, self.first = font, first

    def __getitem__(self, code: int) -> int:
        found = self.font.get_nominal_glyph(code) if isinstance(code, int) else None
        if found is None:
            raise KeyError(code)
        return found

    def __contains__(self, code: object) -> bool:
        return isinstance(code, int) and self.font.get_nominal_glyph(code) is not None

    def __iter__(self) -> Iterator[int]:
        # fpdf2 asks every new document for the first code point (its stand-in for .notdef);
        # the rest, which means listing the whole cmap, only if someone reads on.
        yield self.first
        yield from (code for code in sorted(self.font.face.unicodes) if code != self.first)

    def __len__(self) -> int:
        return len(self.font.face.unicodes)


class _Cmap(_GlyphIds):
    """Code point -> glyph name (fpdf2's `cmap`)."""

    def __getitem__(self, code: int) -> str:
        return glyph_name(super().__getitem__(code))


class _Widths(_Unshared, Mapping):
    """Code point -> advance in thousandths of an em, as fpdf2's `cw` (a defaultdict that
    answers the missing width for anything the font lacks, without storing it)."""

    def __init__(self, ids: _GlyphIds, scale: float, missing: int):
        self.ids, self.font, self.scale, self.missing = ids, ids.font, scale, missing

    def __getitem__(self, code: int) -> int:
        found = self.font.get_nominal_glyph(code)
        if found is None:
            return self.missing
        return round(self.scale * self.font.get_glyph_h_advance(found) + 0.001)

    def __iter__(self) -> Iterator[int]:
        return iter(self.ids)

    def __len__(self) -> int:
        return len(self.font.face.unicodes)


class _Advances(_Unshared, Mapping):
    """Glyph name -> (advance, 0) in design units: the one thing fpdf2 reads from `hmtx`."""

    def __init__(self, font: hb.Font):
        self.font = font

    def __getitem__(self, name: str) -> tuple[int, int]:
        return self.font.get_glyph_h_advance(glyph_id(name)), 0

    def __iter__(self) -> Iterator[str]:
        return (glyph_name(index) for index in range(len(self)))

    def __len__(self) -> int:
        return self.font.face.glyph_count


class _Hmtx:
    def __init__(self, font: hb.Font):
        self.metrics = _Advances(font)


class SharedGlyphs(_Unshared):
    """Stands in for the fontTools font fpdf2 keeps as `ttfont`, while a document is being
    drawn: shaping asks it for a glyph's name and advance, nothing else. It owns nothing to
    close; `detach_for_output` replaces it with a real (small) font before output."""

    def __init__(self, font: hb.Font):
        self.font = font
        self._tables = {"hmtx": _Hmtx(font)}

    def getGlyphName(self, glyph: int) -> str:  # noqa: N802 (fontTools' name)
        return glyph_name(glyph)

    def getGlyphID(self, name: str) -> int:  # noqa: N802
        return glyph_id(name)

    def __getitem__(self, tag: str):
        return self._tables[tag]

    def __contains__(self, tag: str) -> bool:
        return tag in self._tables

    def close(self) -> None:
        """Nothing is open: the file belongs to the shared HarfBuzz font."""


def _font_box(font: hb.Font, scale: float) -> str:
    """The whole font's bounding box for the PDF descriptor, from its `head` table (fpdf2 read
    the one-glyph copy's, which is only .notdef's)."""
    head = font.face.reference_table("head").data
    x_min, y_min, x_max, y_max = struct.unpack(">hhhh", head[36:44])
    return (f"[{x_min * scale:.0f} {y_min * scale:.0f} {x_max * scale:.0f} "
            f"{y_max * scale:.0f}]")


def _build(path: Path) -> TTFFont:
    font = shared_font(path)
    request = hb.SubsetInput()
    request.glyph_set.add(0)
    # fpdf2 refuses a font without a Unicode cmap: keep one mapped character (the CJK fonts
    # have no space).
    first = min(font.face.unicodes)
    request.unicode_set.add(0x20 if font.get_nominal_glyph(0x20) is not None else first)
    request.flags = hb.SubsetFlags.NOTDEF_OUTLINE
    tiny = hb.subset(font.face, request)
    prototype = TTFFont(FPDF(), io.BytesIO(tiny.blob.data), "prototype", "")
    prototype.ttfont.close()
    prototype.ttffile = path
    prototype.desc.font_b_box = _font_box(font, prototype.scale)
    prototype.cmap = _Cmap(font, first)
    prototype.glyph_ids = _GlyphIds(font, first)
    prototype.cw = _Widths(prototype.glyph_ids, prototype.scale, prototype.desc.missing_width)
    prototype.ttfont = SharedGlyphs(font)
    prototype._hbfont = None  # each document makes its own on the shared face
    prototype.subset = None
    return prototype


def prototype(path: Path) -> TTFFont:
    """The font prepared once for the whole process."""
    with _lock:
        font = _prototypes.get(path)
        if font is None:
            font = _prototypes[path] = _build(path)
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
    # A PDF object: output stamps its object number on it, so each document needs its own.
    font.desc = copy.copy(shared.desc)
    font._hbfont = HarfBuzzFont(shared_font(path).face)
    font.missing_glyphs = []
    font.biggest_size_pt = 0
    font.subset = SubsetMap(font)
    pdf.fonts[fontkey] = font


def detach_for_output(pdf: FPDF) -> None:
    """Give every shared font copy its own small font to subset, right before output."""
    for font in pdf.fonts.values():
        if not isinstance(font.ttfont, SharedGlyphs):
            continue
        shared = font.ttfont.font
        # By name: fpdf2's Glyph.glyph_id is sometimes a code point (its stand-in space).
        gids = {0} | {glyph_id(name) for name in font.subset.get_all_glyph_names()}
        request = hb.SubsetInput()
        request.glyph_set.update(gids)
        # The characters drawn with these glyphs keep their cmap entries in the small font.
        request.unicode_set.update(
            code for glyph, _char in font.subset.items() if glyph is not None
            for code in (glyph.unicode if isinstance(glyph.unicode, tuple) else (glyph.unicode,))
            if shared.get_nominal_glyph(code) in gids)
        request.flags = hb.SubsetFlags.NOTDEF_OUTLINE
        plan = hb.SubsetPlan(shared.face, request)
        small = plan.execute()
        ttfont = TTFont(io.BytesIO(small.blob.data), recalcTimestamp=False, lazy=True)
        # The subset renumbers the glyphs (and adds the ones they are built from): name them
        # after the shared font's numbers, which is what fpdf2 recorded.
        old = dict(plan.new_to_old_glyph_mapping)
        ttfont.setGlyphOrder([glyph_name(old[new]) for new in range(len(old))])
        font.ttfont = ttfont


def is_shared(ttfont: object) -> bool:
    """Whether this is a shared font's stand-in, which nobody may close."""
    return isinstance(ttfont, SharedGlyphs)
