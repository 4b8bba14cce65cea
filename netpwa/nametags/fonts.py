"""The tag fonts, and measuring text with them exactly as the PDF will set it.

Noto Sans covers Latin (with diacritics), Greek and Cyrillic; Arabic, Hebrew, CJK and emoji
(monochrome Noto Emoji) come from fallback fonts, chosen per character the way fpdf2 chooses them, and shaped with HarfBuzz.
"""

from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

import uharfbuzz as hb

STATIC = Path(__file__).resolve().parents[2] / "static"
NOTO = "vendor/fonts-noto-core-20201225"
NOTO_CJK = "vendor/fonts-noto-cjk-20220127-subset"
NOTO_EMOJI = "vendor/fonts-noto-emoji-3.006"

# fpdf2 family name -> (regular file, bold file or None), relative to static/.
FAMILIES = {
    "tagsans": (f"{NOTO}/NotoSans-Regular.ttf", f"{NOTO}/NotoSans-Bold.ttf"),
    "tagarabic": (f"{NOTO}/NotoSansArabic-Regular.ttf", f"{NOTO}/NotoSansArabic-Bold.ttf"),
    "taghebrew": (f"{NOTO}/NotoSansHebrew-Regular.ttf", f"{NOTO}/NotoSansHebrew-Bold.ttf"),
    "taghan": (f"{NOTO_CJK}/NotoSansCJKsc-Han-subset.ttf", None),
    "taghangul": (f"{NOTO_CJK}/NotoSansCJKkr-Hangul-subset.ttf", None),
    # Monochrome outlines: fpdf2 embeds glyf fonts, not the colour bitmaps of Noto Color Emoji.
    "tagemoji": (f"{NOTO_EMOJI}/NotoEmoji-Regular.ttf", f"{NOTO_EMOJI}/NotoEmoji-Bold.ttf"),
}
PRIMARY = "tagsans"
FALLBACKS = ("tagarabic", "taghebrew", "taghan", "taghangul", "tagemoji")
# Characters that draw nothing by design: joiners and emoji/text presentation selectors.
INVISIBLE = frozenset((0x200B, 0x200C, 0x200D, 0x2060, 0xFE0E, 0xFE0F))
PT_TO_MM = 25.4 / 72


@dataclass(frozen=True)
class Face:
    family: str
    bold: bool
    path: Path
    font: hb.Font
    upem: int
    ascender: float  # em
    descender: float  # em, positive below the baseline

    def has(self, code: int) -> bool:
        """Whether the font maps this code point to a glyph. Asked of HarfBuzz, not of a Python
        set: the CJK font's 28,000 code points as Python ints would cost about 5 MB."""
        return self.font.get_nominal_glyph(code) is not None


@dataclass(frozen=True)
class Measure:
    """A run of text at 1 pt: its advance and ink box, in millimetres."""

    advance: float
    ink_left: float  # left of the pen origin when negative
    ink_right: float
    ascent: float  # above the baseline: the font's ascender or the ink, whichever is higher
    descent: float  # below the baseline: the font's descender or the ink, whichever is lower
    ink_top: float = 0.0  # the ink alone: its top above the baseline
    ink_bottom: float = 0.0  # and its bottom below the baseline (negative when above it)

    @property
    def width(self) -> float:
        """What the text needs across when centred on its advance: the advance plus, on both
        sides, the most ink pokes out past it on either side."""
        overhang = max(0.0, -self.ink_left, self.ink_right - self.advance)
        return self.advance + 2 * overhang


@cache
def shared_font(path: Path) -> hb.Font:
    """One HarfBuzz font per file for the whole process, at its design units (scale = upem).

    Measuring here and shaping in the PDF (netpwa/nametags/pdffonts.py) both read it. The file
    is mapped, not read, so only the parts in use take memory. Nobody changes its settings
    after this, which is what makes sharing it between threads safe in HarfBuzz."""
    return hb.Font(hb.Face(hb.Blob.from_file_path(str(path))))


@cache
def face(family: str, bold: bool) -> Face:
    """One loaded font; a family without a bold file answers with its regular."""
    regular, bold_file = FAMILIES[family]
    relative = bold_file if bold and bold_file else regular
    path = STATIC / relative
    font = shared_font(path)
    hb_face = font.face
    extents = font.get_font_extents("ltr")
    upem = hb_face.upem
    return Face(family=family, bold=bool(bold and bold_file), path=path, font=font, upem=upem,
                ascender=extents.ascender / upem,
                descender=-extents.descender / upem)


def face_for(char: str, bold: bool) -> Face:
    """The face fpdf2 will set this character in: the primary font when it has the glyph, else
    the first fallback with it in the same weight, else the first fallback with it at all."""
    primary = face(PRIMARY, bold)
    code = ord(char)
    if primary.has(code) or char == "\n":
        return primary
    candidates = [face(family, bold) for family in FALLBACKS]
    having = [candidate for candidate in candidates if candidate.has(code)]
    if not having:
        return primary
    return next((candidate for candidate in having if candidate.bold == bold), having[0])


def undrawable(text: str) -> list[str]:
    """The characters of `text` that no tag font has (each once, in order): they would print
    as empty boxes."""
    missing: list[str] = []
    for char in text:
        code = ord(char)
        if char.isspace() or code in INVISIBLE or char in missing:
            continue
        if not face_for(char, True).has(code):
            missing.append(char)
    return missing


def prints_something(text: str) -> bool:
    """Whether the text leaves any ink: not only spaces, joiners and selectors."""
    return any(not char.isspace() and ord(char) not in INVISIBLE for char in text)


def printable(text: str) -> str:
    """The text without characters no tag font has, spaces collapsed."""
    missing = set(undrawable(text))
    return " ".join("".join(char for char in text if char not in missing).split())


def runs(text: str, bold: bool) -> list[tuple[Face, str]]:
    """The text cut where the font changes."""
    result: list[tuple[Face, str]] = []
    for char in text:
        chosen = face_for(char, bold)
        if result and result[-1][0] is chosen:
            result[-1] = (chosen, result[-1][1] + char)
        else:
            result.append((chosen, char))
    return result


def families_used(text: str, bold: bool) -> set[tuple[str, bool]]:
    """(family, bold) pairs a PDF needs loaded to set this text."""
    return {(run_face.family, run_face.bold) for run_face, _ in runs(text, bold)}


@lru_cache(maxsize=8192)
def measure(text: str, bold: bool) -> Measure:
    """Shape the text with HarfBuzz and measure it at 1 pt."""
    pen = 0.0
    ink_left, ink_right = 0.0, 0.0
    ascent, descent = 0.0, 0.0
    ink_top, ink_bottom = -float("inf"), -float("inf")
    for run_face, chunk in runs(text, bold):
        scale = PT_TO_MM / run_face.upem
        ascent = max(ascent, run_face.ascender * PT_TO_MM)
        descent = max(descent, run_face.descender * PT_TO_MM)
        buffer = hb.Buffer()
        buffer.add_str(chunk)
        buffer.guess_segment_properties()
        hb.shape(run_face.font, buffer, {})
        for info, position in zip(buffer.glyph_infos, buffer.glyph_positions, strict=True):
            extents = run_face.font.get_glyph_extents(info.codepoint)
            if extents is not None and extents.width:
                left = pen + (position.x_offset + extents.x_bearing) * scale
                ink_left = min(ink_left, left)
                ink_right = max(ink_right, left + extents.width * scale)
                top = (position.y_offset + extents.y_bearing) * scale
                ink_top = max(ink_top, top)
                ink_bottom = max(ink_bottom, -(top + extents.height * scale))
            pen += position.x_advance * scale
    if ink_top == -float("inf"):  # no ink at all (spaces): the font's box
        ink_top, ink_bottom = ascent, descent
    return Measure(advance=pen, ink_left=ink_left, ink_right=ink_right,
                   ascent=max(ascent, ink_top), descent=max(descent, ink_bottom),
                   ink_top=ink_top, ink_bottom=ink_bottom)
