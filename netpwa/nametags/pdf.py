"""Name tags as a PDF: embedded Noto fonts, HarfBuzz shaping (Arabic and Hebrew right to left),
real selectable text, one label after another across the sheets of a stock."""

from collections.abc import Iterable

import segno
from fpdf import FPDF

from netpwa.nametags import fonts
from netpwa.nametags.layout import TagLayout
from netpwa.nametags.pdffonts import add_shared_font, detach_for_output, is_shared
from netpwa.nametags.stock import LabelStock

CUT_MARK_WIDTH = 0.2
QR_QUIET_MODULES = 2


class TagSheets:
    """An fpdf2 document that takes tag layouts one at a time and starts sheets as they fill.

    Only what a page needs is kept per page, and fonts are embedded (as subsets) only when some
    tag uses them, so a 1,000-person event costs little more memory than a small one.
    """

    def __init__(self, stock: LabelStock, offset: tuple[float, float] = (0.0, 0.0),
                 title: str = "Name tags"):
        self.stock = stock
        self.offset_x, self.offset_y = offset
        self.slots = stock.label_origins()
        self.pdf = FPDF(unit="mm", format=(stock.page_width, stock.page_height))
        self.pdf.set_auto_page_break(False)
        self.pdf.set_margins(0, 0, 0)
        self.pdf.c_margin = 0
        self.pdf.set_title(title)
        self.pdf.set_creator("netpwa")
        self.pdf.set_text_shaping(True)
        self._loaded: set[tuple[str, bool]] = set()
        self._next = len(self.slots)
        self.count = 0

    def _use_fonts(self, text: str, bold: bool) -> None:
        needed = fonts.families_used(text, bold) | {(fonts.PRIMARY, bold)}
        missing = needed - self._loaded
        for family, is_bold in sorted(missing):
            face = fonts.face(family, is_bold)
            add_shared_font(self.pdf, family, "B" if face.bold else "", face.path)
            self._loaded.add((family, is_bold))
        if missing:
            loaded = {family for family, _bold in self._loaded}
            families = [family for family in fonts.FALLBACKS if family in loaded]
            self.pdf.set_fallback_fonts(families, exact_match=False)

    def _new_page(self) -> None:
        self.pdf.add_page()
        self._next = 0
        if self.stock.cut_marks:
            self.pdf.set_draw_color(0)
            self.pdf.set_line_width(CUT_MARK_WIDTH)
            for x1, y1, x2, y2 in self.stock.cut_mark_segments():
                self.pdf.line(x1, y1, x2, y2)

    def next_origin(self) -> tuple[float, float]:
        """The top-left corner of the next free label, printer offset included."""
        if self._next >= len(self.slots):
            self._new_page()
        x, y = self.slots[self._next]
        self._next += 1
        self.count += 1
        return x + self.offset_x, y + self.offset_y

    def text_line(self, text: str, x: float, width: float, baseline: float, size: float,
                  bold: bool) -> None:
        """One line centred in [x, x + width] with its baseline at `baseline` (mm).

        Right-to-left text is not marked with its logical order, because nothing we tried
        makes both extractors read it right. fpdf2 writes an Arabic or Hebrew line as glyphs in
        visual order (after the bidi algorithm), one text run per font, so extractors must
        reorder it themselves: pdftotext gets the letters right but can put the words of a
        line in visual order ("سلمان بن محمد" for "محمد بن سلمان"), pypdf likewise. Tried
        (December 2026, fpdf2 2.8.9, poppler, pypdf): wrapping each line in a marked-content
        span `/Span <</ActualText <FEFF…>>> BDC … EMC` holding the line in logical order.
        pypdf ignores ActualText; poppler's pdftotext uses it but then reverses it again as
        right-to-left text it believes to be in visual order, so every letter came out
        backwards: worse than today. fpdf2 has no tagged-PDF (structure tree) support that
        would carry the order otherwise. Names are still found by search in both orders
        (tests/nametag_checks.finds)."""
        self._use_fonts(text, bold)
        self.pdf.set_font(fonts.PRIMARY, "B" if bold else "", size)
        size_mm = size * fonts.PT_TO_MM
        # fpdf2 puts a cell's baseline at y + h/2 + 0.3 * font size. Set directly: set_xy reads
        # a negative y (a name fitted by its ink can start above the label's top edge, in the
        # font's empty ascender room) as measured from the page's bottom.
        self.pdf.x, self.pdf.y = x, baseline - 0.8 * size_mm
        self.pdf.cell(width, size_mm, text, align="C")

    def add(self, tag: TagLayout) -> None:
        """Draw one tag on the next free label."""
        left, top = self.next_origin()
        self.pdf.set_text_color(0)
        for block in tag.blocks:
            for line, baseline in zip(block.fit.lines, block.baselines(), strict=True):
                self.text_line(line, left + block.x, block.width, top + baseline,
                               block.fit.size, block.bold)
        if tag.write_on is not None:
            x1, y, x2 = tag.write_on
            self.pdf.set_draw_color(0)
            self.pdf.set_line_width(0.3)
            self.pdf.line(left + x1, top + y, left + x2, top + y)
        if tag.qr is not None:
            self.qr(tag.qr.url, left + tag.qr.x, top + tag.qr.y, tag.qr.size)

    def qr(self, url: str, x: float, y: float, size: float) -> None:
        """A QR code as vector squares, merged along each row."""
        code = segno.make(url, error="m", micro=False)
        matrix = code.matrix
        modules = len(matrix) + 2 * QR_QUIET_MODULES
        module = size / modules
        self.pdf.set_fill_color(0)
        for row_index, row in enumerate(matrix):
            row_y = y + (row_index + QR_QUIET_MODULES) * module
            start = None
            for col_index, dark in enumerate(list(row) + [0]):
                if dark and start is None:
                    start = col_index
                elif not dark and start is not None:
                    self.pdf.rect(x + (start + QR_QUIET_MODULES) * module, row_y,
                                  (col_index - start) * module, module, style="F")
                    start = None

    def output(self) -> bytes:
        """The finished PDF; the font files are closed afterwards."""
        try:
            if self.pdf.page == 0:
                self._new_page()
            detach_for_output(self.pdf)
            return bytes(self.pdf.output())
        finally:
            self.close()

    def close(self) -> None:
        """fpdf2 reads fonts lazily and leaves their files open: close them now, not at GC."""
        close_fonts(self.pdf)


def close_fonts(pdf: FPDF) -> None:
    """Close the font files an fpdf2 document opened (never the shared ones: see pdffonts)."""
    for font in pdf.fonts.values():
        ttfont = getattr(font, "ttfont", None)
        if ttfont is not None and not is_shared(ttfont):
            ttfont.close()


def render_tags(tags: Iterable[TagLayout], stock: LabelStock,
                offset: tuple[float, float] = (0.0, 0.0), title: str = "Name tags") -> bytes:
    """Every tag, in order, on as many sheets as they need."""
    sheets = TagSheets(stock, offset, title)
    try:
        for tag in tags:
            sheets.add(tag)
    except BaseException:
        sheets.close()
        raise
    return sheets.output()


def alignment_test(stock: LabelStock, offset: tuple[float, float] = (0.0, 0.0)) -> bytes:
    """One page: every label's outline and centre cross where this printer will put them, a
    50 mm scale bar, and the offset in force, to hold against a sheet of labels."""
    sheets = TagSheets(stock, offset, f"Alignment test: {stock.name}")
    pdf = sheets.pdf
    sheets._new_page()
    pdf.set_draw_color(0)
    pdf.set_line_width(0.2)
    for x, y, width, height in stock.label_rects():
        x, y = x + sheets.offset_x, y + sheets.offset_y
        if stock.shape == "rectangle":
            pdf.rect(x, y, width, height, round_corners=stock.corner_radius > 0,
                     corner_radius=stock.corner_radius)
        else:
            pdf.ellipse(x, y, width, height)
        centre_x, centre_y = x + width / 2, y + height / 2
        arm = min(width, height) / 6
        pdf.line(centre_x - arm, centre_y, centre_x + arm, centre_y)
        pdf.line(centre_x, centre_y - arm, centre_x, centre_y + arm)
    first_x, first_y, width, height = stock.label_rects()[0]
    first_x, first_y = first_x + sheets.offset_x, first_y + sheets.offset_y
    bar = min(50.0, width - 8)
    bar_y = first_y + height * 0.72
    pdf.set_line_width(0.3)
    pdf.line(first_x + (width - bar) / 2, bar_y, first_x + (width + bar) / 2, bar_y)
    for index, line in enumerate((
            stock.name,
            f"Offset now: x {sheets.offset_x:+.2f} mm, y {sheets.offset_y:+.2f} mm",
            f"The bar measures {bar:g} mm when printed at 100%")):
        sheets.text_line(line, first_x, width, first_y + height * 0.2 + index * 4.2, 8.0,
                         bold=index == 0)
    return sheets.output()
