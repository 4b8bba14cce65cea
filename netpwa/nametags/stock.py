"""Label stock as data: sheet geometry named after the real product, and a gLabels template reader.

Every length is in millimetres, measured from the page's top-left corner, as in gLabels.
"""

import math
import re
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates_glabels"
MAX_UPLOAD_BYTES = 2 * 1024 * 1024
MAX_TEMPLATES = 5000
MAX_LABELS_PER_SHEET = 500
# Nothing printable is larger than this (A0 is 1189 mm): it also bounds what an upload can ask for.
MAX_LENGTH_MM = 2000.0
# How far a label may poke past the page before we call the template wrong (rounding in inches).
PAGE_TOLERANCE_MM = 0.6

UNITS_MM = {"pt": 25.4 / 72, "in": 25.4, "mm": 1.0, "cm": 10.0, "pc": 25.4 / 6}
PAPER_SIZES_MM = {
    "US-Letter": (215.9, 279.4), "US-Legal": (215.9, 355.6), "US-Executive": (184.15, 266.7),
    "A3": (297.0, 420.0), "A4": (210.0, 297.0), "A5": (148.0, 210.0), "A6": (105.0, 148.0),
    "B5": (176.0, 250.0),
}
_LENGTH_RE = re.compile(
    r"^\s*((?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?)\s*(pt|in|mm|cm|pc)?\s*$")


def _mm(value: float) -> str:
    return f"{value:.1f}".removesuffix(".0")


class StockError(ValueError):
    """A label template that cannot be used, with a message a person can act on."""


@dataclass(frozen=True)
class Layout:
    """A grid of identical labels: nx by ny, the first at (x0, y0), then every dx / dy."""

    nx: int
    ny: int
    x0: float
    y0: float
    dx: float
    dy: float


@dataclass(frozen=True)
class LabelStock:
    """One label product: its page, its labels' size and shape, and where they sit."""

    key: str
    brand: str
    part: str
    description: str
    page_width: float
    page_height: float
    label_width: float
    label_height: float
    layouts: tuple[Layout, ...]
    corner_radius: float = 0.0
    shape: str = "rectangle"  # rectangle | round | ellipse
    hole_radius: float = 0.0  # a CD label's centre hole: nothing may be printed on it
    margin_x: float = 0.0  # the maker's "markup margin": keep printing inside it
    margin_y: float = 0.0
    cut_marks: bool = False
    continuous: bool = False
    equivalents: tuple[str, ...] = field(default=())

    @property
    def name(self) -> str:
        return f"{self.brand} {self.part}"

    @property
    def columns(self) -> int:
        return max(layout.nx for layout in self.layouts)

    @property
    def rows(self) -> int:
        return sum(layout.ny for layout in self.layouts)

    @property
    def per_sheet(self) -> int:
        return sum(layout.nx * layout.ny for layout in self.layouts)

    @property
    def page_label(self) -> str:
        for paper, size in PAPER_SIZES_MM.items():
            if math.isclose(size[0], self.page_width, abs_tol=0.5) and math.isclose(
                    size[1], self.page_height, abs_tol=0.5):
                return paper
        return f"{_mm(self.page_width)} × {_mm(self.page_height)} mm"

    @property
    def title(self) -> str:
        """How the stock appears in a picker: product, paper and count."""
        count = "continuous tape" if self.continuous else (
            f"{self.per_sheet} per sheet" if self.per_sheet > 1 else "one label per page")
        return (f"{self.name} · {self.description} · {_mm(self.label_width)} × "
                f"{_mm(self.label_height)} mm · {self.page_label}, {count}")

    def label_origins(self) -> list[tuple[float, float]]:
        """Every label's top-left corner, in reading order (across, then down)."""
        origins = {(round(layout.x0 + ix * layout.dx, 4), round(layout.y0 + iy * layout.dy, 4))
                   for layout in self.layouts
                   for iy in range(layout.ny) for ix in range(layout.nx)}
        return sorted(origins, key=lambda xy: (xy[1], xy[0]))

    def label_rects(self) -> list[tuple[float, float, float, float]]:
        """(x, y, width, height) of every label on a sheet."""
        return [(x, y, self.label_width, self.label_height) for x, y in self.label_origins()]

    def safe_inset(self) -> tuple[float, float]:
        """How far in from a label's edges text and codes stay: the maker's margin, the rounded
        corners, and at least 2.5 mm, because label printers and cutters drift that much."""
        corner = self.corner_radius * (1 - math.sqrt(0.5))
        inset_x = max(self.margin_x, 2.5) + corner
        inset_y = max(self.margin_y, 2.5) + corner
        if self.shape in ("round", "ellipse"):
            # The largest rectangle inside an ellipse has sides of w/sqrt(2) and h/sqrt(2).
            inset_x = max(inset_x, self.label_width * (1 - math.sqrt(0.5)) / 2 + 1.0)
            inset_y = max(inset_y, self.label_height * (1 - math.sqrt(0.5)) / 2 + 1.0)
        return inset_x, inset_y

    def turned(self) -> "LabelStock":
        """A one-label-per-page stock printed across its length (badges are wider than tall)."""
        if self.per_sheet != 1 or self.label_width >= self.label_height:
            return self
        return replace(self, page_width=self.page_height, page_height=self.page_width,
                       label_width=self.label_height, label_height=self.label_width,
                       layouts=(Layout(1, 1, 0.0, 0.0, self.label_height, self.label_width),),
                       margin_x=self.margin_y, margin_y=self.margin_x)

    def cut_mark_segments(self, length: float = 6.0, gap: float = 2.0
                          ) -> list[tuple[float, float, float, float]]:
        """Short lines in the page margin along every label edge, (x1, y1, x2, y2), never
        touching a label: cut along them with a trimmer."""
        rects = self.label_rects()
        xs = sorted({round(v, 3) for x, _y, w, _h in rects for v in (x, x + w)})
        ys = sorted({round(v, 3) for _x, y, _w, h in rects for v in (y, y + h)})
        top, bottom = min(ys), max(ys)
        left, right = min(xs), max(xs)
        segments = []
        for x in xs:
            if top - gap > 0.5:
                segments.append((x, max(0.5, top - gap - length), x, top - gap))
            if self.page_height - bottom - gap > 0.5:
                segments.append((x, bottom + gap, x,
                                 min(self.page_height - 0.5, bottom + gap + length)))
        for y in ys:
            if left - gap > 0.5:
                segments.append((max(0.5, left - gap - length), y, left - gap, y))
            if self.page_width - right - gap > 0.5:
                segments.append((right + gap, y,
                                 min(self.page_width - 0.5, right + gap + length), y))
        return segments

    def to_dict(self) -> dict:
        """Plain data, to store a user's uploaded stock as JSON."""
        data = {name: getattr(self, name) for name in self.__dataclass_fields__}
        data["layouts"] = [vars(layout) for layout in self.layouts]
        data["equivalents"] = list(self.equivalents)
        return data

    @classmethod
    def from_dict(cls, data: dict) -> "LabelStock":
        values = dict(data)
        values["layouts"] = tuple(Layout(**layout) for layout in data["layouts"])
        values["equivalents"] = tuple(data.get("equivalents", ()))
        return cls(**values)


def parse_length(text: str | None, default: float | None = None) -> float:
    """A gLabels length ("3.375in", "9pt", "5" = points) in millimetres."""
    if text is None or text.strip() == "":
        if default is None:
            raise StockError("A required length is missing.")
        return default
    match = _LENGTH_RE.match(text)
    if match is None:
        raise StockError(f"{text!r} is not a length (examples: 3.5in, 89mm, 9pt).")
    value = float(match.group(1)) * UNITS_MM[match.group(2) or "pt"]
    if not math.isfinite(value) or value > MAX_LENGTH_MM:
        raise StockError(f"{text!r} is larger than any label stock.")
    return value


def _count(text: str | None, what: str) -> int:
    try:
        value = int(text or "1", 0)
    except ValueError:
        raise StockError(f"{what} should be a whole number, not {text!r}.") from None
    if not 1 <= value <= MAX_LABELS_PER_SHEET:
        raise StockError(f"{what} must be between 1 and {MAX_LABELS_PER_SHEET}.")
    return value


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _label_geometry(label: Element) -> dict:
    kind = label.tag.removeprefix("Label-")
    if kind in ("rectangle", "continuous", "ellipse"):
        width = parse_length(label.get("width"))
        if kind == "continuous":
            height = parse_length(label.get("height") or label.get("default_height"))
        else:
            height = parse_length(label.get("height"))
        shape = "ellipse" if kind == "ellipse" else "rectangle"
        radius = parse_length(label.get("round"), 0.0) if kind == "rectangle" else 0.0
    elif kind in ("round", "cd"):
        radius_mm = parse_length(label.get("radius"))
        width = parse_length(label.get("width"), 2 * radius_mm)
        height = parse_length(label.get("height"), 2 * radius_mm)
        shape, radius = "round", 0.0
        hole = parse_length(label.get("hole"), 0.0) if kind == "cd" else 0.0
        if hole >= radius_mm:
            raise StockError("The CD label's hole is as large as the label.")
    else:
        raise StockError(f"Label shape {label.tag!r} is not supported.")
    if kind not in ("round", "cd"):
        hole = 0.0
    if width <= 0 or height <= 0:
        raise StockError("A label's width and height must be more than zero.")
    margin_x = margin_y = 0.0
    markup = label.find("Markup-margin")
    if markup is not None:
        size = parse_length(markup.get("size"), 0.0)
        margin_x = parse_length(markup.get("x_size"), size)
        margin_y = parse_length(markup.get("y_size"), size)
    layouts = []
    for layout in label.findall("Layout"):
        layouts.append(Layout(
            nx=_count(layout.get("nx"), "Columns (nx)"), ny=_count(layout.get("ny"), "Rows (ny)"),
            x0=parse_length(layout.get("x0"), 0.0), y0=parse_length(layout.get("y0"), 0.0),
            dx=parse_length(layout.get("dx"), 0.0), dy=parse_length(layout.get("dy"), 0.0)))
    if not layouts:
        raise StockError("The template has no <Layout>: we can't tell where its labels are.")
    return {"label_width": width, "label_height": height, "shape": shape,
            "corner_radius": min(radius, width / 2, height / 2), "margin_x": margin_x,
            "margin_y": margin_y, "layouts": tuple(layouts), "continuous": kind == "continuous",
            "hole_radius": hole}


def _page_size(template: Element, geometry: dict) -> tuple[float, float]:
    size = template.get("size", "")
    if size in PAPER_SIZES_MM:
        return PAPER_SIZES_MM[size]
    if size == "roll" or size == "Other" or template.get("width"):
        # Label printers take one label per page: the page is the label.
        width = parse_length(template.get("width"), geometry["label_width"])
        height = parse_length(template.get("height"), geometry["label_height"])
        return width, height
    raise StockError(f"Paper size {size!r} is not one we know (US-Letter, A4, …).")


def _check_fits(stock: LabelStock) -> None:
    if stock.per_sheet > MAX_LABELS_PER_SHEET:
        raise StockError(f"{stock.name} has more than {MAX_LABELS_PER_SHEET} labels per sheet.")
    for x, y, w, h in stock.label_rects():
        if (x < -PAGE_TOLERANCE_MM or y < -PAGE_TOLERANCE_MM
                or x + w > stock.page_width + PAGE_TOLERANCE_MM
                or y + h > stock.page_height + PAGE_TOLERANCE_MM):
            raise StockError(f"{stock.name}: a label at {x:g}, {y:g} mm falls off the page.")


def _template_stock(template: Element) -> LabelStock:
    brand = (template.get("brand") or "").strip()[:60]
    part = (template.get("part") or "").strip()[:60]
    if not brand or not part:
        raise StockError("A template needs a brand and a part number.")
    labels = [child for child in template if child.tag.startswith("Label-")]
    if not labels:
        raise StockError(f"{brand} {part} has no label shape.")
    geometry = _label_geometry(labels[0])
    page_width, page_height = _page_size(template, geometry)
    description = (template.get("_description") or template.get("description") or "").strip()
    stock = LabelStock(key=_slug(f"{brand}-{part}"), brand=brand, part=part,
                       description=description[:120] or "Labels", page_width=page_width,
                       page_height=page_height, **geometry)
    _check_fits(stock)
    return stock


def parse_glabels(data: bytes | str) -> tuple[list[LabelStock], list[str]]:
    """Every usable template in a gLabels template file, and a note for each one skipped.

    The XML may come from a stranger, so it is parsed with defusedxml (no entity expansion,
    no external entities or DTD fetches) and size-limited before parsing.
    """
    if len(data) > MAX_UPLOAD_BYTES:
        raise StockError("That file is larger than 2 MB: it isn't a gLabels template file.")
    try:
        root = fromstring(data)
    except (ParseError, DefusedXmlException, ValueError):
        raise StockError("That file isn't gLabels template XML (it could not be read as XML)."
                         ) from None
    if root.tag == "Glabels-document":
        templates = root.findall("Template")
    elif root.tag == "Glabels-templates":
        templates = root.findall("Template")
    else:
        raise StockError("That XML isn't a gLabels template file (no <Glabels-templates>).")
    if len(templates) > MAX_TEMPLATES:
        raise StockError(f"That file has more than {MAX_TEMPLATES} templates.")
    stocks: dict[str, LabelStock] = {}
    aliases: list[tuple[Element, str]] = []
    notes = []
    for template in templates:
        equiv = template.get("equiv")
        if equiv:
            aliases.append((template, equiv))
            continue
        try:
            stock = _template_stock(template)
        except StockError as error:
            notes.append(f"{template.get('brand', '?')} {template.get('part', '?')}: {error}")
            continue
        stocks.setdefault(stock.part.casefold(), stock)
    for template, equiv in aliases:
        original = stocks.get(equiv.casefold())
        part = (template.get("part") or "").strip()[:60]
        if original is None or not part:
            continue
        stocks.setdefault(part.casefold(), replace(
            original, part=part, key=_slug(f"{original.brand}-{part}")))
        stocks[equiv.casefold()] = replace(
            stocks[equiv.casefold()], equivalents=stocks[equiv.casefold()].equivalents + (part,))
    if not stocks:
        detail = f" ({notes[0]})" if notes else ""
        raise StockError(f"That file has no label template we can use{detail}.")
    return list(stocks.values()), notes


def load_glabels_file(path: Path) -> list[LabelStock]:
    """The templates in one gLabels XML file on disk."""
    stocks, _notes = parse_glabels(path.read_bytes())
    return stocks


def find_part(stocks: list[LabelStock], part: str) -> LabelStock | None:
    """The template with that part number (or one of its equivalents), ignoring case."""
    wanted = part.strip().casefold()
    return next((stock for stock in stocks if stock.part.casefold() == wanted), None)


def _plain(key: str, paper: str, description: str, width: float, height: float, columns: int,
           rows: int) -> LabelStock:
    page_width, page_height = PAPER_SIZES_MM[paper]
    x0 = (page_width - columns * width) / 2
    y0 = (page_height - rows * height) / 2
    return LabelStock(key=key, brand="Plain", part=paper, description=description,
                      page_width=page_width, page_height=page_height, label_width=width,
                      label_height=height, layouts=(Layout(columns, rows, x0, y0, width, height),),
                      margin_x=3.0, margin_y=3.0, cut_marks=True)


# (catalogue key, gLabels file, part, turned): badges on label printers print across.
_FROM_GLABELS = (
    ("avery-5395", "avery-us-templates.xml", "5395", False),
    ("avery-l4785", "avery-iso-templates.xml", "L4785", False),
    ("dymo-30856", "dymo-other-templates.xml", "30856", True),
    ("dymo-30374", "dymo-other-templates.xml", "30374", True),
    ("brother-dk-2205", "brother-other-templates.xml", "DK-2205", True),
)
DEFAULT_STOCK = "avery-5395"


@cache
def catalogue() -> dict[str, LabelStock]:
    """The built-in stocks, read from the gLabels files shipped in the package."""
    stocks = {}
    for key, filename, part, turned in _FROM_GLABELS:
        stock = find_part(load_glabels_file(TEMPLATES_DIR / filename), part)
        if stock is None:
            raise RuntimeError(f"{filename} lost template {part}")
        stock = replace(stock, key=key)
        if stock.continuous:
            stock = replace(stock, description="62 mm continuous tape, cut every "
                            f"{stock.label_height:g} mm")
        stocks[key] = stock.turned() if turned else stock
    # Sizes of the common clip-on badge holders' inserts, so the cut tags slide in.
    stocks["plain-letter"] = _plain("plain-letter", "US-Letter",
                                    "Plain paper with cut marks (3.5 × 2.25 in badge inserts)",
                                    88.9, 57.15, 2, 4)
    stocks["plain-a4"] = _plain("plain-a4", "A4",
                                "Plain paper with cut marks (90 × 60 mm badge inserts)",
                                90.0, 60.0, 2, 4)
    return stocks
