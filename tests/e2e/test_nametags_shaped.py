"""Round, oval and CD labels in a real browser: the preview shows the label's shape and its hole,
no text crosses either, and the print view prints every name."""

import io
from pathlib import Path

import pypdf
import pytest
from e2e_helpers import register
from nametag_checks import LONGEST, NON_LATIN, finds
from PIL import Image
from playwright.sync_api import expect

LABELS = Path(__file__).resolve().parents[1] / "data" / "labels"
NAMES = [*NON_LATIN, LONGEST, "Priyanka Chakraborty-Subramaniam", "Li"]
CSV = "\n".join(["Name,Pronouns,Company,Ask me about",
                 *[f"{name},they/them,Acme Widgets,Rust" for name in NAMES]]).encode()
DARK = 90  # grey level below which a pixel is ink (the hole's fill and edge are lighter)


def _add_stock(page, part: str) -> str:
    page.goto("/tags/stocks")
    page.get_by_label("gLabels template file (.xml)").set_input_files(
        str(LABELS / "glabels-shaped-templates.xml"))
    page.get_by_label("Part number (when the file has several)").fill(part)
    page.get_by_role("button", name="Add stock").click()
    expect(page.locator(".flash")).to_contain_text("Added")
    return page.url.split("stock=")[1]


def _upload(page, tmp_path) -> str:
    page.goto("/tags")
    csv_path = tmp_path / "attendees.csv"
    csv_path.write_bytes(CSV)
    page.get_by_label("Attendee list (.csv)").set_input_files(str(csv_path))
    page.get_by_role("button", name="Upload and preview").click()
    expect(page.locator("[data-tag-preview] .tag").first).to_be_visible()
    return page.url.split("?")[0]


def _stray_ink(tag) -> tuple[int, int, int]:
    """Dark pixels outside the label's ellipse, inside its hole, and in all, from a screenshot
    of one tag (the ellipse is the tag's box; the hole is the SVG's circle)."""
    image = Image.open(io.BytesIO(tag.screenshot())).convert("L")
    width, height = image.size
    hole_mm = float(tag.locator("circle.tag__hole").get_attribute("r") or 0) \
        if tag.locator("circle.tag__hole").count() else 0.0
    view_width = float(tag.locator("svg").get_attribute("viewBox").split()[2])
    px_per_mm = width / view_width
    cx, cy, rx, ry = width / 2, height / 2, width / 2, height / 2
    hole = hole_mm * px_per_mm
    outside = inside_hole = dark = 0
    pixels = image.load()
    for y in range(height):
        for x in range(width):
            if pixels[x, y] >= DARK:
                continue
            dark += 1
            px, py = x + 0.5 - cx, y + 0.5 - cy
            # A pixel of tolerance for anti-aliasing at the edges.
            if (px / (rx + 1)) ** 2 + (py / (ry + 1)) ** 2 > 1:
                outside += 1
            if hole and (px * px + py * py) ** 0.5 < hole - 1:
                inside_hole += 1
    return outside, inside_hole, dark


@pytest.mark.parametrize("part", ["L6043", "5194", "Oval-90"])
def test_shaped_preview_shows_the_shape_and_hole_and_keeps_text_inside(laptop, tmp_path, part):
    """The preview of an uploaded CD, round or oval stock draws each label as its shape, the
    CD's hole as a hole, and no name, pronoun or company pixel outside the shape or in the
    hole; every name is on the page as text."""
    page = laptop.new_page()
    register(page)
    key = _add_stock(page, part)
    batch = _upload(page, tmp_path)
    page.goto(f"{batch}?stock={key}&ask=1")
    page.evaluate("document.fonts.ready.then(() => true)")
    tags = page.locator("[data-tag-preview] .tag")
    expect(tags.first).to_have_class("tag tag--shaped tag--name" + (
        " tag--holed" if part == "L6043" else ""))
    assert page.locator("[data-tag-preview] circle.tag__hole").count() == (
        tags.count() if part == "L6043" else 0)
    radius = tags.first.evaluate("el => getComputedStyle(el).borderTopLeftRadius")
    assert radius == "50%", "the label is drawn round, not as a rectangle"
    text = page.locator("[data-tag-preview]").inner_text()
    for name in NAMES:
        assert finds(text, name), name
    for index in range(tags.count()):
        outside, in_hole, dark = _stray_ink(tags.nth(index))
        assert dark > 200, f"tag {index} has text"
        assert (outside, in_hole) == (0, 0), f"tag {index}: ink outside / in the hole"


def test_cd_print_view_prints_every_name_and_no_hole(laptop, tmp_path):
    """The print view on a CD stock, printed by Chromium: every name, and the on-screen hole
    is not printed (nothing but the names' text in the PDF)."""
    page = laptop.new_page()
    register(page)
    key = _add_stock(page, "L6043")
    batch = _upload(page, tmp_path)
    page.goto(f"{batch}/print?stock={key}")
    page.wait_for_load_state("networkidle")
    page.evaluate("document.fonts.ready.then(() => true)")
    page.emulate_media(media="print")
    assert page.locator(".sheet circle.tag__hole").first.evaluate(
        "el => getComputedStyle(el).display") == "none"
    pdf = page.pdf(prefer_css_page_size=True, print_background=True)
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    assert abs(float(reader.pages[0].mediabox.height) * 25.4 / 72 - 297) < 1, "A4"
    text = "\n".join(p.extract_text() for p in reader.pages)
    for name in NAMES:
        assert finds(text, name), f"{name!r} missing from Chromium's PDF"
