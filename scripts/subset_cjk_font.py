"""Rebuild the vendored CJK fonts: subsets of Noto Sans CJK, converted to TrueType outlines.

Why a subset: the full Noto Sans CJK collection is ~20 MB per weight and holds six regional
faces; a name tag needs one face and the characters people type in names. Why TrueType: fpdf2
embeds CFF fonts with an embedded encoding CMap that pypdf (and some viewers) cannot map back to
text, so copy-paste from the PDF breaks; glyf outlines embed as plain Identity-H CID fonts.

Usage (not run by the build; the outputs are committed):
    apt-get download fonts-noto-cjk && dpkg-deb -x fonts-noto-cjk_*.deb cjk
    .venv/bin/python scripts/subset_cjk_font.py cjk/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc OUTDIR
"""

import io
import sys
from pathlib import Path

from fontTools import subset
from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTFont, newTable

# Face numbers inside NotoSansCJK-Regular.ttc: 1 = KR, 2 = SC.
HAN = ("NotoSansCJKsc-Han-subset.ttf", 2,
       "U+3000-303F,U+3040-30FF,U+3100-312F,U+31F0-31FF,U+4E00-9FFF,U+FF00-FFEF")
HANGUL = ("NotoSansCJKkr-Hangul-subset.ttf", 1, "U+3000-303F,U+3130-318F,U+AC00-D7A3")


def _to_truetype(font: TTFont) -> None:
    glyph_order = font.getGlyphOrder()
    glyph_set = font.getGlyphSet()
    glyf = newTable("glyf")
    glyf.glyphOrder = glyph_order
    glyf.glyphs = {}
    for name in glyph_order:
        pen = TTGlyphPen(glyph_set)
        glyph_set[name].draw(Cu2QuPen(pen, 1.0, reverse_direction=True))
        glyf[name] = pen.glyph()
    font["loca"] = newTable("loca")
    font["glyf"] = glyf
    font["maxp"] = maxp = newTable("maxp")
    maxp.tableVersion = 0x00010000
    for field in ("maxZones", "maxTwilightPoints", "maxStorage", "maxFunctionDefs",
                  "maxInstructionDefs", "maxStackElements", "maxSizeOfInstructions",
                  "maxComponentElements"):
        setattr(maxp, field, 0)
    maxp.maxZones = 1
    font["post"].formatType = 3.0
    for table in ("CFF ", "VORG"):
        if table in font:
            del font[table]
    font.sfntVersion = "\x00\x01\x00\x00"
    font["head"].glyphDataFormat = 0


def build(collection: Path, outdir: Path) -> None:
    for filename, face, unicodes in (HAN, HANGUL):
        options = subset.Options()
        options.font_number = face
        options.layout_features = ["*"]
        options.name_IDs = ["*"]
        options.notdef_outline = True
        font = subset.load_font(str(collection), options)
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=subset.parse_unicodes(unicodes))
        subsetter.subset(font)
        # Reloading gives fontTools fresh tables to recompute bounds and maxp from.
        buffer = io.BytesIO()
        font.save(buffer)
        font = TTFont(io.BytesIO(buffer.getvalue()))
        _to_truetype(font)
        font.save(outdir / filename)


if __name__ == "__main__":
    build(Path(sys.argv[1]), Path(sys.argv[2]))
