"""Where everything goes on one tag, in millimetres from the label's top-left corner.

The PDF and the HTML print view both draw from these layouts, so they agree on sizes.
"""

from dataclasses import dataclass

from netpwa.nametags.fit import Fit, fit_text
from netpwa.nametags.stock import LabelStock

NAME = "name"
ASK = "ask"
ASK_HEADING = "Ask me about"
GAP = 1.5  # mm between blocks
PT_TO_MM = 25.4 / 72
LINE = 1.4  # a line of secondary text is about this many times its size


@dataclass(frozen=True)
class TagData:
    """What goes on one person's tags."""

    name: str
    pronouns: str = ""
    company: str = ""
    ask_me_about: str = ""
    qr_url: str = ""


@dataclass(frozen=True)
class TextBlock:
    role: str  # name | pronouns | company | heading | topic
    fit: Fit
    x: float
    width: float
    top: float
    bold: bool

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


def _line(text: str, width: float, size: float, bold: bool = False) -> Fit:
    """One line of secondary text: shrinks to fit, down to 6 pt, then ends in an ellipsis."""
    return fit_text(text, width, size * PT_TO_MM * LINE, bold=bold, max_size=size,
                    min_size=6.0, max_lines=1)


def name_tag(data: TagData, stock: LabelStock, shrink: float = 1.0) -> TagLayout:
    """The name as large as the label allows, pronouns and company under it, a QR in the corner."""
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
    options = [(box.width, box.height - max(footer_height, qr_size + GAP if qr_size else 0.0))]
    if qr_size:
        options.append((box.width - qr_size - GAP, box.height - footer_height))
    best = None
    for width, height in options:
        fit = fit_text(data.name, width, height, name=True, max_size=96.0)
        if best is None or fit.size > best[0].size:
            best = (fit, width, height)
    fit, width, height = best
    top = box.y + (height - fit.height) / 2
    blocks.insert(0, TextBlock(NAME, fit, box.x, width, top, bold=True))
    qr, place = None, ""
    if qr_size:
        qr = QrBox(box.x + box.width - qr_size, box.y + box.height - qr_size, qr_size,
                   data.qr_url)
        place = "beside" if width < box.width else "above"
    return TagLayout(NAME, data, stock.label_width, stock.label_height, tuple(blocks), qr,
                     qr_place=place)


def ask_tag(data: TagData, stock: LabelStock, shrink: float = 1.0) -> TagLayout:
    """"Ask me about" over the topic, set as large as it fits; a line to write on if none."""
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
    fit = fit_text(topic, box.width, space, max_size=72.0)
    blocks.append(TextBlock("topic", fit, box.x, box.width,
                            space_top + (space - fit.height) / 2, bold=True))
    return TagLayout(ASK, data, stock.label_width, stock.label_height, tuple(blocks))


def layout(kind: str, data: TagData, stock: LabelStock, shrink: float = 1.0) -> TagLayout:
    return ask_tag(data, stock, shrink) if kind == ASK else name_tag(data, stock, shrink)
