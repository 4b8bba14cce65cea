"""Name tag PDFs checked as a person would: the text is there, and the ink stays on the labels."""

from collections import Counter
from dataclasses import replace

import pytest
from helpers import LABELS
from nametag_checks import (LONGEST, NON_LATIN, ONE_LONG_WORD, finds, ink_box_mm, ink_outside,
                            pdf_text, rasterise, text_by_position)

from netpwa.nametags.layout import ASK, NAME, TagData, layout
from netpwa.nametags.pdf import alignment_test, render_tags
from netpwa.nametags.stock import Layout, catalogue, find_part, load_glabels_file

STOCKS = sorted(catalogue())
HARD_NAMES = [LONGEST, ONE_LONG_WORD, *NON_LATIN]


def _people():
    for index, name in enumerate(HARD_NAMES):
        yield TagData(name=name, pronouns="they/them" if index % 2 else "",
                      company="Staff Engineer · Internationalisation Working Group",
                      ask_me_about="distributed systems and sourdough",
                      qr_url="https://tags.example/c/abcdefghijklmnopqrstuv" if index % 3 == 0
                      else "")


def _render(stock_key, offset=(0.0, 0.0), people=None):
    stock = catalogue()[stock_key]
    tags = [layout(NAME, person, stock) for person in (people or _people())]
    return stock, tags, render_tags(tags, stock, offset)


@pytest.mark.parametrize("stock_key", STOCKS)
def test_every_name_is_real_text(stock_key):
    """pypdf extracts every name, Latin with diacritics, Greek, Cyrillic, CJK, Arabic, Hebrew."""
    _stock, _tags, pdf = _render(stock_key)
    text = pdf_text(pdf)
    for name in NON_LATIN + [LONGEST]:
        assert finds(text, name), f"{name!r} not in the text of the {stock_key} PDF"


@pytest.mark.parametrize("stock_key", STOCKS)
def test_each_name_sits_inside_its_label(stock_key):
    """Each tag's name is written inside its own label's rectangle, on the sheet it belongs to."""
    stock, tags, pdf = _render(stock_key)
    pages = text_by_position(pdf)
    rects = stock.label_rects()
    for index, tag in enumerate(tags):
        page, slot = divmod(index, len(rects))
        x, y, w, h = rects[slot]
        inside = "".join(text for tx, ty, text in pages[page]
                         if x <= tx <= x + w and y <= ty <= y + h)
        expected = Counter("".join(tag.block(NAME).fit.lines).replace(" ", ""))
        got = Counter(inside.replace(" ", "").replace("\n", ""))
        assert not expected - got, f"{tag.data.name!r} missing from label {slot} of {stock_key}"


@pytest.mark.parametrize("stock_key", STOCKS)
def test_no_ink_outside_the_labels(stock_key, tmp_path):
    """On the rasterised pages, the longest and non-Latin names leave no ink outside their
    label (cut marks aside), and none within 1 mm of its edge: nothing clipped or overflowing."""
    stock, tags, pdf = _render(stock_key)
    images = rasterise(pdf, tmp_path)
    rects = stock.label_rects()
    assert len(images) == -(-len(tags) // len(rects))
    segments = stock.cut_mark_segments() if stock.cut_marks else ()
    for page_number, image in enumerate(images):
        stray = ink_outside(image, rects, segments)
        assert stray is None, f"ink off the labels on page {page_number + 1} at {stray}"
        used = rects[:len(tags) - page_number * len(rects)]
        for x, y, w, h in used:
            box = ink_box_mm(image, (x, y, w, h))
            assert box is not None, "a label came out blank"
            left, top, right, bottom = box
            assert left >= x + 1 and top >= y + 1 and right <= x + w - 1 and bottom <= y + h - 1


@pytest.mark.parametrize("stock_key", ["avery-5395", "dymo-30374"])
def test_ask_me_about_tags_stay_inside_too(stock_key, tmp_path):
    """The "Ask me about" tag, with a long topic or none (a line to write on), stays inside."""
    stock = catalogue()[stock_key]
    people = [TagData("A", ask_me_about="Accessibility, typography, right-to-left layouts and "
                      "the history of the printing press in Mainz"),
              TagData("B", ask_me_about="עברית ו-العربية"), TagData("C")]
    tags = [layout(ASK, person, stock) for person in people]
    pdf = render_tags(tags, stock)
    assert finds(pdf_text(pdf), "Ask me about")
    images = rasterise(pdf, tmp_path)
    rects = stock.label_rects()
    for page, image in enumerate(images):
        assert ink_outside(image, rects) is None
        for rect in rects[:len(tags) - page * len(rects)]:
            assert ink_box_mm(image, rect) is not None


def test_a_name_longer_than_any_label_is_shortened_not_clipped(tmp_path):
    """A 200-character profile name on a small label ends in an ellipsis inside the label
    instead of running off it."""
    stock = replace(catalogue()["dymo-30374"], page_width=40, page_height=18, label_width=40,
                    label_height=18, layouts=(Layout(1, 1, 0, 0, 40, 18),))
    tag = layout(NAME, TagData(("Bartholomew " * 17)[:200]), stock)
    assert tag.block(NAME).fit.truncated
    pdf = render_tags([tag], stock)
    assert "…" in pdf_text(pdf)
    image = rasterise(pdf, tmp_path)[0]
    left, top, right, bottom = ink_box_mm(image, stock.label_rects()[0])
    assert left >= 1 and top >= 1 and right <= stock.label_width - 1
    assert bottom <= stock.label_height - 1


def test_calibration_offset_moves_the_ink(tmp_path):
    """A saved offset of +4 mm across and +2.5 mm down moves every mark by that much."""
    people = [TagData("Ana Lima")]
    _stock, _tags, plain = _render("avery-l4785", people=people)
    _stock, _tags, moved = _render("avery-l4785", offset=(4.0, 2.5), people=people)
    (before_dir := tmp_path / "before").mkdir()
    (after_dir := tmp_path / "after").mkdir()
    page = (0, 0, 210, 297)
    before = ink_box_mm(rasterise(plain, before_dir)[0], page)
    after = ink_box_mm(rasterise(moved, after_dir)[0], page)
    assert after[0] - before[0] == pytest.approx(4.0, abs=0.35)
    assert after[1] - before[1] == pytest.approx(2.5, abs=0.35)
    assert after[2] - before[2] == pytest.approx(4.0, abs=0.35)


def test_plain_paper_has_cut_marks_outside_the_tags(tmp_path):
    """Plain A4 gets cut marks in the margins, and they are real ink."""
    stock, _tags, pdf = _render("plain-a4", people=[TagData("Ana Lima")])
    image = rasterise(pdf, tmp_path)[0]
    marks = ink_outside(image, stock.label_rects())
    assert marks is not None
    assert ink_outside(image, stock.label_rects(), stock.cut_mark_segments()) is None


@pytest.mark.parametrize("stock_key", STOCKS)
def test_alignment_test_page_outlines_every_label(stock_key, tmp_path):
    """The one-page alignment test draws on every label of the sheet and states the offset."""
    stock = catalogue()[stock_key]
    pdf = alignment_test(stock, (1.5, -0.5))
    text = pdf_text(pdf)
    assert "x +1.50 mm, y -0.50 mm" in text
    images = rasterise(pdf, tmp_path)
    assert len(images) == 1
    for x, y, w, h in stock.label_rects():
        assert ink_box_mm(images[0], (x + 1.5, y - 0.5, w, h)) is not None


def test_a_glabels_template_prints_a_tag_on_each_of_its_labels():
    """Avery 5395 loaded from tests/data/labels: 8 names make exactly one sheet, each name written
    inside the label where the template's numbers put it (0.6875 in + 3.75 in per column,
    0.5833 in + 2.5 in per row)."""
    stock = find_part(load_glabels_file(LABELS / "avery-us-templates.xml"), "5395")
    people = [TagData(f"Person{index} Number{index}") for index in range(8)]
    pdf = render_tags([layout(NAME, person, stock) for person in people], stock)
    pages = text_by_position(pdf)
    assert len(pages) == 1
    for index in range(8):
        row, column = divmod(index, 2)
        x, y = 17.4625 + column * 95.25, 14.8167 + row * 63.5
        inside = "".join(text for tx, ty, text in pages[0]
                         if x <= tx <= x + 85.725 and y <= ty <= y + 59.27)
        assert f"Person{index}" in inside and f"Number{index}" in inside
