"""Looking at name tag PDFs as a person would: the text a reader extracts, the ink on the paper."""

import io
import subprocess
import unicodedata
from pathlib import Path

import pypdf
from PIL import Image

MM_PER_PT = 25.4 / 72
DPI = 100
NON_LATIN = ["José Ñúñez", "Ελένη", "Дмитрий", "王小明", "محمد علي", "שרה לוי", "김민준"]
# 100 characters: the most a CSV name may have.
LONGEST = ("Maximiliana Alexandrina Wolfeschlegelsteinhausenbergerdorff "
           "de la Cruz-Montgomery Featherstonehaughs")
assert len(LONGEST) == 100
ONE_LONG_WORD = "Pneumonoultramicroscopicsilicovolcanoconiosis-Supercalifragilistic"


def folded(text: str) -> str:
    """NFKC (Arabic presentation forms back to letters), no spaces or line breaks."""
    return "".join(unicodedata.normalize("NFKC", text).split())


def finds(text: str, name: str) -> bool:
    """The name is in extracted text, in reading order or (right-to-left) in visual order."""
    haystack = folded(text)
    words = name.split()
    return folded(name) in haystack or folded(" ".join(reversed(words))) in haystack


def pdf_text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages)


def text_by_position(pdf: bytes) -> list[list[tuple[float, float, str]]]:
    """Per page, every text run with its origin in mm from the page's top-left corner."""
    pages = []
    for page in pypdf.PdfReader(io.BytesIO(pdf)).pages:
        height = float(page.mediabox.height)
        runs: list[tuple[float, float, str]] = []

        def visit(text, cm, tm, _font, _size, runs=runs, height=height):
            if text.strip():
                x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
                y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
                runs.append((x * MM_PER_PT, (height - y) * MM_PER_PT, text))

        page.extract_text(visitor_text=visit)
        pages.append(runs)
    return pages


def rasterise(pdf: bytes, tmp_path: Path, dpi: int = DPI) -> list[Image.Image]:
    """Every page as a greyscale image, through poppler's pdftoppm."""
    source = tmp_path / "tags.pdf"
    source.write_bytes(pdf)
    subprocess.run(["pdftoppm", "-r", str(dpi), "-gray", str(source), str(tmp_path / "page")],
                   check=True, capture_output=True, timeout=120)
    paths = sorted(tmp_path.glob("page-*.pgm"))
    return [Image.open(path).convert("L") for path in paths]


def ink(image: Image.Image) -> Image.Image:
    """A mask: 255 where the paper has ink."""
    return image.point(lambda value: 255 if value < 200 else 0)


def px(mm: float, dpi: int = DPI) -> float:
    return mm * dpi / 25.4


def box_px(rect, dpi: int = DPI, grow_mm: float = 0.0):
    x, y, w, h = rect
    return (int(px(x - grow_mm, dpi)), int(px(y - grow_mm, dpi)),
            int(round(px(x + w + grow_mm, dpi))), int(round(px(y + h + grow_mm, dpi))))


def ink_outside(image: Image.Image, rects, segments=(), dpi: int = DPI):
    """The bounding box of any ink outside the given rectangles (and cut-mark lines), or None."""
    mask = ink(image)
    for rect in rects:
        mask.paste(0, box_px(rect, dpi, grow_mm=0.3))
    for x1, y1, x2, y2 in segments:
        mask.paste(0, box_px((min(x1, x2), min(y1, y2), abs(x2 - x1), abs(y2 - y1)), dpi,
                             grow_mm=0.5))
    return mask.getbbox()


def ink_box_mm(image: Image.Image, rect, dpi: int = DPI):
    """The ink inside one rectangle as (left, top, right, bottom) in mm on the page, or None."""
    left, top, right, bottom = box_px(rect, dpi, grow_mm=0.3)
    box = (max(0, left), max(0, top), min(image.width, right), min(image.height, bottom))
    found = ink(image.crop(box)).getbbox()
    if found is None:
        return None
    scale = 25.4 / dpi
    return ((box[0] + found[0]) * scale, (box[1] + found[1]) * scale,
            (box[0] + found[2]) * scale, (box[1] + found[3]) * scale)
