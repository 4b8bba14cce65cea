"""A stylesheet per stock for the print view: the page, each label's place, to the hundredth of a
millimetre, with the printer offset applied. The CSP forbids inline styles, so exact numbers that
depend on the stock come from here."""

from netpwa.nametags.layout import GAP, frame
from netpwa.nametags.stock import LabelStock

# The browser sets text itself, so the HTML view fits text into slightly smaller boxes.
HTML_SHRINK = 0.95
FONT_STEPS = range(12, 193)  # class fs-N is N / 2 points: 6 pt to 96 pt


def font_class(size: float) -> str:
    """The class for a size, rounded down to the 0.5 pt steps the fit produces."""
    steps = max(FONT_STEPS.start, min(FONT_STEPS.stop - 1, int(size * 2 + 1e-9)))
    return f"fs-{steps}"


def stock_css(stock: LabelStock, offset: tuple[float, float] = (0.0, 0.0)) -> str:
    """The print geometry of one stock as CSS."""
    box = frame(stock, HTML_SHRINK)
    offset_x, offset_y = offset
    qr = box.qr_size
    rules = [
        f"@page {{ size: {stock.page_width:.2f}mm {stock.page_height:.2f}mm; margin: 0; }}",
        f".sheet {{ width: {stock.page_width:.2f}mm; height: {stock.page_height:.2f}mm; }}",
        f".tag {{ width: {stock.label_width:.2f}mm; height: {stock.label_height:.2f}mm; "
        f"padding: {box.y:.2f}mm {box.x:.2f}mm; "
        f"border-radius: {50 if stock.shape != 'rectangle' else 0:d}%; }}",
        f".tag--rounded {{ border-radius: {stock.corner_radius:.2f}mm; }}",
        f".tag__qr {{ width: {qr:.2f}mm; height: {qr:.2f}mm; right: {box.x:.2f}mm; "
        f"bottom: {box.y:.2f}mm; }}",
        f".tag--qr .tag__footer {{ padding-right: {qr + GAP:.2f}mm; }}",
        f".tag--qr-above .tag__footer {{ min-height: {qr:.2f}mm; }}",
        f".tag--qr-beside .tag__name {{ margin-right: {qr + GAP:.2f}mm; }}",
    ]
    for index, (x, y) in enumerate(stock.label_origins()):
        rules.append(f".sheet .slot-{index} {{ left: {x + offset_x:.2f}mm; "
                     f"top: {y + offset_y:.2f}mm; }}")
    cuts = stock.cut_mark_segments() if stock.cut_marks else []
    for index, (x1, y1, x2, y2) in enumerate(cuts):
        rules.append(f".cut-{index} {{ left: {min(x1, x2):.2f}mm; top: {min(y1, y2):.2f}mm; "
                     f"width: {max(abs(x2 - x1), 0.2):.2f}mm; "
                     f"height: {max(abs(y2 - y1), 0.2):.2f}mm; }}")
    rules += [f".fs-{steps} {{ font-size: {steps / 2:g}pt; }}" for steps in FONT_STEPS]
    return "\n".join(rules) + "\n"
