"""Names as large as possible, checked against brute force.

For every name in the corpus and every stock (the built-in ones and uploaded round, oval and CD
templates), an oracle tries every way of breaking the name into lines (at spaces, and after
hyphens), finds for each the largest size at which its lines fit the name's area, and keeps the
best. The printed size must be at least 95% of it. The oracle shares only the definition of
"fits" with the fitter: each line's ink inside the area (and inside the ellipse of a shaped
label), a gap of LINE_GAP em between lines, lines centred across.
"""

import math

import pytest
from helpers import LABELS
from nametag_checks import ink, rasterise
from PIL import Image, ImageChops, ImageDraw
from nametag_corpus import corpus

from netpwa.nametags import fonts
from netpwa.nametags.fit import LINE_GAP
from netpwa.nametags.layout import (FULL_NAME, NAME, STYLE_FIRST, STYLES, TagData, first_name,
                                    layout, printable_data)
from netpwa.nametags.pdf import render_tags
from netpwa.nametags.stock import catalogue, find_part, load_glabels_file

NAMES = corpus()
SHAPED = {f"upload-{part}": part for part in ("5194", "L6043", "Oval-90")}


def stock_for(key):
    if key in SHAPED:
        return find_part(load_glabels_file(LABELS / "glabels-shaped-templates.xml"), SHAPED[key])
    return catalogue()[key]


STOCKS = sorted(catalogue()) + sorted(SHAPED)


def atoms(name: str) -> tuple[list[str], list[str]]:
    """The name cut at every legal break, and the joiner after each cut: " " at a space,
    "" after a hyphen that sits between two letters of a word."""
    parts, joins = [], []
    for word in name.split():
        current = ""
        for index, char in enumerate(word):
            current += char
            after = word[index + 1] if index + 1 < len(word) else ""
            before = word[index - 1] if index else ""
            if char in "-\u2010" and after and after not in "-\u2010" and before and \
                    before not in "-\u2010":
                parts.append(current)
                joins.append("")
                current = ""
        parts.append(current)
        joins.append(" ")
    return parts, joins[:-1]


def fits(metrics, size, area) -> bool:
    """Lines at `size`, centred across, stacked with the gap: is there a height at which every
    line's ink box is inside the area (and its ellipse)?"""
    gap = LINE_GAP * fonts.PT_TO_MM * size
    tops, y = [], 0.0
    for _width, ascent, descent in metrics:
        tops.append((y, y + (ascent + descent) * size))
        y += (ascent + descent) * size + gap
    low, high = 0.0, area.height - tops[-1][1]
    for (width, _a, _d), (top, bottom) in zip(metrics, tops, strict=True):
        half = width * size / 2
        if half > area.width / 2:
            return False
        if area.shape is not None:
            shape = area.shape
            if half >= shape.rx:
                return False
            reach = shape.ry * math.sqrt(1 - (half / shape.rx) ** 2)
            low, high = max(low, shape.cy - reach - top), min(high, shape.cy + reach - bottom)
    return low <= high + 1e-9


def best_for(lines, area) -> float:
    metrics = []
    for line in lines:
        measure = fonts.measure(line, True)
        metrics.append((measure.width, measure.ink_top, measure.ink_bottom))
    tall = sum(a + d for _w, a, d in metrics) + LINE_GAP * fonts.PT_TO_MM * (len(lines) - 1)
    bound = min(area.width / max(w for w, _a, _d in metrics), area.height / tall)
    if area.shape is None:
        return bound
    low, high = 0.0, bound
    for _ in range(30):
        middle = (low + high) / 2
        low, high = (middle, high) if fits(metrics, middle, area) else (low, middle)
    return low


def oracle(name: str, area) -> float:
    """The largest size any breaking allows."""
    parts, joins = atoms(name)
    best = 0.0
    for mask in range(2 ** (len(parts) - 1)):
        lines, current = [], parts[0]
        for index in range(1, len(parts)):
            if mask >> (index - 1) & 1:
                lines.append(current)
                current = parts[index]
            else:
                current += joins[index - 1] + parts[index]
        lines.append(current)
        if area.shape is not None:
            # The rectangle's answer bounds the shape's: skip breakings that can't win.
            plain = best_for(lines, type(area)(area.x, area.y, area.width, area.height))
            if plain <= best:
                continue
        best = max(best, best_for(lines, area))
    return best


def test_the_corpus_is_big_and_varied():
    assert len(NAMES) >= 200
    assert any("-" in name for name in NAMES) and any(len(name) >= 100 for name in NAMES)
    assert any(len(name) <= 2 for name in NAMES)


@pytest.mark.parametrize("style", STYLES)
@pytest.mark.parametrize("stock_key", STOCKS)
def test_every_name_is_printed_near_the_best_size_any_breaking_allows(stock_key, style):
    """Both layouts: the full name alone, and the first name large with the full name beneath
    (each checked in its own area)."""
    stock = stock_for(stock_key)
    short = []
    for index, name in enumerate(NAMES if style != STYLE_FIRST else NAMES[::2]):
        data = TagData(name=name, pronouns="she/her" if index % 3 == 0 else "",
                       company="Acme Widgets" if index % 4 == 0 else "",
                       qr_url="https://tags.example/c/abc" if index % 5 == 0 else "",
                       given="Max" if index % 7 == 0 else "")
        tag = layout(NAME, data, stock, style=style)
        for role in (NAME, FULL_NAME):
            block = tag.block(role)
            if block is None:
                continue
            text = first_name(printable_data(data)) if role == NAME and tag.block(
                FULL_NAME) else name
            best = oracle(text, block.area)
            if block.fit.size < 0.95 * best:
                short.append(f"{role} {text!r}: {block.fit.size:.1f} pt of {best:.1f} "
                             f"({' / '.join(block.fit.lines)})")
    assert not short, f"{len(short)} names too small on {stock_key}:\n" + "\n".join(short[:20])


@pytest.mark.parametrize("style", STYLES)
@pytest.mark.parametrize("stock_key", STOCKS)
def test_the_ink_fills_the_name_area(stock_key, style, tmp_path):
    """Rasterised, every name's ink spans at least 60% of its area's width or height: the whole
    corpus, in both layouts (the first name large and the full name beneath it each in their own
    area)."""
    stock = stock_for(stock_key)
    tags = [layout(NAME, TagData(name=name), stock, style=style) for name in NAMES]
    dpi = 60
    images = rasterise(render_tags(tags, stock), tmp_path, dpi)
    origins = stock.label_origins()
    thin = []
    for index, tag in enumerate(tags):
        page, slot = divmod(index, len(origins))
        ox, oy = origins[slot]
        for block in (tag.block(NAME), tag.block(FULL_NAME)):
            if block is None:
                continue
            area = block.area
            box = [round((v) * dpi / 25.4) for v in (ox + area.x, oy + area.y,
                                                      ox + area.x + area.width,
                                                      oy + area.y + area.height)]
            text = " / ".join(block.fit.lines)
            found = ink(images[page].crop(box)).getbbox()
            assert found is not None, f"{text!r} printed nothing"
            across = (found[2] - found[0]) / (box[2] - box[0])
            down = (found[3] - found[1]) / (box[3] - box[1])
            if max(across, down) < 0.6:
                thin.append(f"{block.role} {text!r}: {across:.0%} across, {down:.0%} down")
    assert not thin, "\n".join(thin)


@pytest.mark.parametrize("style", STYLES)
@pytest.mark.parametrize("stock_key", sorted(SHAPED))
def test_no_ink_in_the_hole_or_outside_the_shape(stock_key, style, tmp_path):
    """Round, oval and CD labels, rasterised: not one dark pixel outside the label's ellipse or
    inside a CD's hole, with long names, pronouns and company on every tag, in both layouts."""
    stock = stock_for(stock_key)
    names = [name for name in NAMES if len(name) > 25][:12] + NAMES[:12]
    tags = [layout(NAME, TagData(name, pronouns="they/them", company="Internationalisation "
                                 "Working Group"), stock, style=style) for name in names]
    dpi = 60
    images = rasterise(render_tags(tags, stock), tmp_path, dpi)
    origins = stock.label_origins()
    pixel = 25.4 / dpi
    rx, ry = stock.label_width / 2, stock.label_height / 2
    for page, image in enumerate(images):
        # Where ink may be: each label's ellipse (a pixel of slack for anti-aliasing), minus
        # its hole (a pixel smaller). Ink anywhere else on the page is stray.
        allowed = Image.new("L", image.size, 0)
        draw = ImageDraw.Draw(allowed)
        for ox, oy in origins[:len(tags) - page * len(origins)]:
            draw.ellipse([(ox - pixel) / pixel, (oy - pixel) / pixel,
                          (ox + stock.label_width + pixel) / pixel,
                          (oy + stock.label_height + pixel) / pixel], fill=255)
            if stock.hole_radius:
                cx, cy, r = ox + rx, oy + ry, stock.hole_radius - pixel
                draw.ellipse([(cx - r) / pixel, (cy - r) / pixel, (cx + r) / pixel,
                              (cy + r) / pixel], fill=0)
        stray = ImageChops.subtract(ink(image), allowed).getbbox()
        assert stray is None, f"ink outside the shape or in the hole on page {page + 1}: {stray}"
    if stock.hole_radius:
        assert all(tag.block(NAME).top + tag.block(NAME).fit.height
                   <= stock.label_height / 2 - stock.hole_radius for tag in tags)
