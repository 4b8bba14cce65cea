"""Where everything goes on one tag, in millimetres from the label's top-left corner.

The PDF and the HTML print view both draw from these layouts, so they agree on sizes.
"""

from dataclasses import dataclass, replace

from netpwa.nametags import fonts
from netpwa.nametags.fit import Fit, Shape, fit_text
from netpwa.nametags.names import split_name
from netpwa.nametags.stock import LabelStock

NAME = "name"
FULL_NAME = "fullname"  # the full name, smaller, under a "first name large" name
ASK = "ask"
# How a name tag sets the name: all of it as large as it fits, or the name people call you
# very large with the full name smaller beneath (as conference badges do).
STYLE_FULL = "full"
STYLE_FIRST = "first"
STYLES = (STYLE_FULL, STYLE_FIRST)
FULL_NAME_SHARE = 0.3  # of the name's area, for the full name under a large first name
ASK_HEADING = "Ask me about"
GAP = 1.5  # mm between blocks
PT_TO_MM = 25.4 / 72
LINE = 1.4  # a line of secondary text is about this many times its size
# No cap on a name's size beyond the label itself: "as large as possible".
NAME_MAX_SIZE = 1000.0
HOLE_CLEARANCE = 2.5  # mm kept clear around a CD label's hole


@dataclass(frozen=True)
class TagData:
    """What goes on one person's tags."""

    name: str
    pronouns: str = ""
    company: str = ""
    ask_me_about: str = ""
    qr_url: str = ""
    given: str = ""  # the name they go by, for "first name large"; else the given name
    row: int = 0  # the row of an uploaded list it came from, to name in messages


@dataclass(frozen=True)
class Area:
    """Where a block may go on the label (mm), and the ellipse it must also stay inside, in the
    area's own coordinates."""

    x: float
    y: float
    width: float
    height: float
    shape: Shape | None = None


@dataclass(frozen=True)
class TextBlock:
    role: str  # name | pronouns | company | heading | topic
    fit: Fit
    x: float
    width: float
    top: float
    bold: bool
    area: Area | None = None

    def baselines(self) -> list[float]:
        return self.fit.baselines(self.top)


@dataclass(frozen=True)
class QrBox:
    x: float
    y: float
    size: float
    url: str


@dataclass(frozen=True)
class TagLayout:
    kind: str
    data: TagData
    width: float
    height: float
    blocks: tuple[TextBlock, ...]
    qr: QrBox | None = None
    # A line to write a topic on, (x1, y, x2), when "Ask me about" has none.
    write_on: tuple[float, float, float] | None = None
    qr_place: str = ""  # "beside" the name or "above" it: the name sits beside or above the code

    def block(self, role: str) -> TextBlock | None:
        return next((block for block in self.blocks if block.role == role), None)


def _clamp(value: float, low: float, high: float) -> float:
    return max(low, min(high, value))


@dataclass(frozen=True)
class Frame:
    """The part of a label that text may use."""

    x: float
    y: float
    width: float
    height: float

    @property
    def pronoun_size(self) -> float:
        return _clamp(self.height * 0.3, 8.0, 16.0)

    @property
    def company_size(self) -> float:
        return _clamp(self.height * 0.25, 7.0, 13.0)

    @property
    def heading_size(self) -> float:
        return _clamp(self.height * 0.3, 8.0, 18.0)

    @property
    def qr_size(self) -> float:
        """A small code for the card: room for it only on labels big enough to keep the name big."""
        if self.height < 28 or self.width < 55:
            return 0.0
        return _clamp(self.height * 0.34, 12.0, 22.0)


def frame(stock: LabelStock, shrink: float = 1.0) -> Frame:
    """The printable frame of a label; shrink < 1 leaves slack for browsers' own text setting."""
    inset_x, inset_y = stock.safe_inset()
    width = (stock.label_width - 2 * inset_x) * shrink
    height = (stock.label_height - 2 * inset_y) * shrink
    return Frame(x=(stock.label_width - width) / 2, y=(stock.label_height - height) / 2,
                 width=width, height=height)


def _line(text: str, width: float, size: float, bold: bool = False,
          shape: Shape | None = None) -> Fit:
    """One line of secondary text: shrinks to fit, down to 6 pt, then ends in an ellipsis."""
    return fit_text(text, width, size * PT_TO_MM * LINE, bold=bold, max_size=size,
                    min_size=6.0, max_lines=1, shape=shape)


def _placed(role: str, fit: Fit, area: Area, bold: bool) -> TextBlock:
    """A block in its area: where a shape decided the top, there; else centred."""
    top = area.y + (fit.top if fit.top is not None else (area.height - fit.height) / 2)
    return TextBlock(role, fit, area.x, area.width, top, bold, area)


def _fit_name(text: str, area: Area, pdf: bool) -> Fit:
    # The PDF fits the name by its ink; the HTML view by the font's box, as browsers set it.
    return fit_text(text, area.width, area.height, max_size=NAME_MAX_SIZE, ink=pdf,
                    shape=area.shape)


@dataclass(frozen=True)
class Inside:
    """A round, oval or CD label: the ellipse text stays in, and the hole it stays out of."""

    width: float
    height: float
    inset: float
    hole: float  # radius kept clear around the centre, 0 without a hole

    @property
    def rx(self) -> float:
        return self.width / 2 - self.inset

    @property
    def ry(self) -> float:
        return self.height / 2 - self.inset

    def band(self, top: float, bottom: float) -> Area:
        """The part of the ellipse between two heights on the label."""
        x = self.inset
        return Area(x, top, self.width - 2 * x, max(0.0, bottom - top),
                    Shape(self.width / 2 - x, self.height / 2 - top, self.rx, self.ry))


def inside(stock: LabelStock) -> Inside:
    inset = max(stock.margin_x, stock.margin_y, 2.5)
    hole = stock.hole_radius + HOLE_CLEARANCE if stock.hole_radius else 0.0
    return Inside(stock.label_width, stock.label_height, inset, hole)


def _shaped_footer(lines, inner: Inside, top: float, box: "Frame") -> list[TextBlock]:
    blocks = []
    for role, text, size in lines:
        height = size * PT_TO_MM * LINE
        area = inner.band(top, top + height)
        fit = _line(text, area.width, size, shape=area.shape)
        blocks.append(_placed(role, fit, area, bold=False))
        top += height
    return blocks


def _shaped_name_tag(data: TagData, stock: LabelStock, style: str) -> TagLayout:
    """Round, oval and CD labels: the name in the ellipse (above the hole on a CD), pronouns and
    company beneath it (below the hole). No QR: a corner of a circle has no room for one."""
    inner = inside(stock)
    box = frame(stock)
    footer_lines = [(role, text, size)
                    for role, text, size in (("pronouns", data.pronouns, box.pronoun_size),
                                             ("company", data.company, box.company_size))
                    if text.strip()]
    footer_height = sum(size * PT_TO_MM * LINE for _r, _t, size in footer_lines)
    centre = stock.label_height / 2
    if inner.hole:
        name_area = inner.band(inner.inset, centre - inner.hole)
        footer_top = centre + inner.hole
    else:
        bottom = stock.label_height - inner.inset - (
            footer_height + GAP + inner.ry * 0.2 if footer_lines else 0.0)
        name_area = inner.band(inner.inset, bottom)
        footer_top = bottom + GAP
    big_name = first_name(data) if style == STYLE_FIRST else data.name
    if inner.hole and big_name != data.name:
        # Above a CD's hole there is only a narrow cap of the circle: the name they go by takes
        # all of it, and the full name goes just below the hole, before pronouns and company.
        blocks = [_placed(NAME, _fit_name(big_name, name_area, True), name_area, bold=True)]
        full_area = inner.band(footer_top, footer_top + name_area.height * FULL_NAME_SHARE)
        blocks.append(_placed(FULL_NAME, _fit_name(data.name, full_area, True), full_area,
                              bold=True))
        footer_top = full_area.y + full_area.height + GAP
    else:
        blocks = _name_blocks(data, name_area, True, style)
    blocks += _shaped_footer(footer_lines, inner, footer_top, box)
    return TagLayout(NAME, data, stock.label_width, stock.label_height, tuple(blocks))


def printable_data(data: TagData) -> TagData:
    """Every text without characters no tag font can draw (they would print as empty boxes;
    the preview names them) and with repeated spaces collapsed."""
    return replace(data, name=fonts.printable(data.name), pronouns=fonts.printable(data.pronouns),
                   company=fonts.printable(data.company),
                   ask_me_about=fonts.printable(data.ask_me_about),
                   given=fonts.printable(data.given))


def first_name(data: TagData) -> str:
    """The name to print very large: the name they go by, else the given name, else (one
    word, or a family name alone) the whole name."""
    if fonts.prints_something(data.given):
        return data.given
    given, _family = split_name(data.name)
    return given.split()[0] if given.split() else data.name


def _name_blocks(data: TagData, area: Area, pdf: bool, style: str) -> list[TextBlock]:
    """The name in its area: whole, or the first name large over the full name."""
    if style != STYLE_FIRST:
        return [_placed(NAME, _fit_name(data.name, area, pdf), area, bold=True)]
    big_name = first_name(data)
    if big_name == data.name:
        return [_placed(NAME, _fit_name(data.name, area, pdf), area, bold=True)]
    small_height = area.height * FULL_NAME_SHARE
    big = Area(area.x, area.y, area.width, area.height - small_height - GAP,
               area.shape)
    small = Area(area.x, area.y + big.height + GAP, area.width, small_height,
                 _shifted(area.shape, big.height + GAP))
    return [_placed(NAME, _fit_name(big_name, big, pdf), big, bold=True),
            _placed(FULL_NAME, _fit_name(data.name, small, pdf), small, bold=True)]


def _shifted(shape: Shape | None, down: float) -> Shape | None:
    """The same ellipse seen from an area that starts `down` mm lower."""
    return None if shape is None else Shape(shape.cx, shape.cy - down, shape.rx, shape.ry)


def name_tag(data: TagData, stock: LabelStock, shrink: float = 1.0,
             style: str = STYLE_FULL) -> TagLayout:
    """The name as large as the label allows, pronouns and company under it, a QR in the corner.
    With style "first", the first name takes most of the name's area and the full name the
    rest."""
    data = printable_data(data)
    pdf = shrink >= 1.0
    if stock.shape != "rectangle":
        # The same layout for the PDF and the screen: the HTML view draws it as SVG (only
        # absolute positions can follow a curve and keep off a hole), at a slightly smaller size.
        return _shaped_name_tag(data, stock, style)
    box = frame(stock, shrink)
    qr_size = box.qr_size if data.qr_url else 0.0
    footer_width = box.width - (qr_size + GAP if qr_size else 0.0)
    footer = [(role, _line(text, footer_width, size))
              for role, text, size in (("pronouns", data.pronouns, box.pronoun_size),
                                       ("company", data.company, box.company_size))
              if text.strip()]
    footer_height = sum(fit.height for _, fit in footer) + (GAP if footer else 0.0)
    blocks = []
    y = box.y + box.height
    for role, fit in reversed(footer):
        y -= fit.height
        blocks.append(TextBlock(role, fit, box.x, footer_width, y, bold=False))
    # Beside the code, or above it: whichever lets the name be bigger.
    options = [Area(box.x, box.y, box.width,
                    box.height - max(footer_height, qr_size + GAP if qr_size else 0.0))]
    if qr_size:
        options.append(Area(box.x, box.y, box.width - qr_size - GAP, box.height - footer_height))
    best = None
    for area in options:
        name_blocks = _name_blocks(data, area, pdf, style)
        if best is None or name_blocks[0].fit.size > best[0][0].fit.size:
            best = (name_blocks, area)
    name_blocks, area = best
    blocks[:0] = name_blocks
    qr, place = None, ""
    if qr_size:
        qr = QrBox(box.x + box.width - qr_size, box.y + box.height - qr_size, qr_size,
                   data.qr_url)
        place = "beside" if area.width < box.width else "above"
    return TagLayout(NAME, data, stock.label_width, stock.label_height, tuple(blocks), qr,
                     qr_place=place)


def _shaped_ask_tag(data: TagData, stock: LabelStock) -> TagLayout:
    inner = inside(stock)
    box = frame(stock)
    centre = stock.label_height / 2
    size = box.heading_size
    heading_area = inner.band(inner.inset + inner.ry * 0.12,
                              inner.inset + inner.ry * 0.12 + size * PT_TO_MM * LINE)
    heading = _line(ASK_HEADING, heading_area.width, size, shape=heading_area.shape)
    blocks = [_placed("heading", heading, heading_area, bold=False)]
    bottom = centre - inner.hole if inner.hole else stock.label_height - inner.inset
    topic_area = inner.band(heading_area.y + heading_area.height + GAP, bottom)
    topic = data.ask_me_about.strip()
    if not topic:
        y = topic_area.y + topic_area.height * 0.7
        half = inner.rx * 0.8 * (1 - ((y - centre) / inner.ry) ** 2) ** 0.5
        return TagLayout(ASK, data, stock.label_width, stock.label_height, tuple(blocks),
                         write_on=(stock.label_width / 2 - half, y,
                                   stock.label_width / 2 + half))
    fit = fit_text(topic, topic_area.width, topic_area.height, max_size=72.0, ink=True,
                   shape=topic_area.shape)
    blocks.append(_placed("topic", fit, topic_area, bold=True))
    return TagLayout(ASK, data, stock.label_width, stock.label_height, tuple(blocks))


def ask_tag(data: TagData, stock: LabelStock, shrink: float = 1.0) -> TagLayout:
    """"Ask me about" over the topic, set as large as it fits; a line to write on if none."""
    data = printable_data(data)
    if stock.shape != "rectangle":
        return _shaped_ask_tag(data, stock)
    box = frame(stock, shrink)
    heading = _line(ASK_HEADING, box.width, box.heading_size)
    blocks = [TextBlock("heading", heading, box.x, box.width, box.y, bold=False)]
    space_top = box.y + heading.height + GAP
    space = box.height - heading.height - GAP
    topic = data.ask_me_about.strip()
    if not topic:
        y = space_top + space * 0.7
        return TagLayout(ASK, data, stock.label_width, stock.label_height, tuple(blocks),
                         write_on=(box.x + box.width * 0.05, y, box.x + box.width * 0.95))
    area = Area(box.x, space_top, box.width, space)
    fit = fit_text(topic, box.width, space, max_size=72.0, ink=shrink >= 1.0)
    blocks.append(_placed("topic", fit, area, bold=True))
    return TagLayout(ASK, data, stock.label_width, stock.label_height, tuple(blocks))


def layout(kind: str, data: TagData, stock: LabelStock, shrink: float = 1.0,
           style: str = STYLE_FULL) -> TagLayout:
    return ask_tag(data, stock, shrink) if kind == ASK else name_tag(data, stock, shrink, style)
