"""Label stock: gLabels templates read safely, and sheets laid out where the maker says."""

import pytest
from helpers import LABELS

from netpwa.nametags.stock import (StockError, catalogue, find_part, load_glabels_file,
                                   parse_glabels, parse_length)


def test_avery_5395_from_the_glabels_file_has_eight_badges_where_avery_puts_them():
    """Avery 5395 read from tests/data/labels: 2 x 4 on US Letter, 3.375 x 2.333 in, first at
    (0.6875 in, 0.5833 in), then every 3.75 in across and 2.5 in down."""
    stock = find_part(load_glabels_file(LABELS / "avery-us-templates.xml"), "5395")
    assert (stock.page_width, stock.page_height) == pytest.approx((215.9, 279.4))
    assert (stock.label_width, stock.label_height) == pytest.approx((85.725, 59.2667), abs=1e-3)
    assert stock.per_sheet == 8 and (stock.columns, stock.rows) == (2, 4)
    expected = [(17.4625 + col * 95.25, 14.8167 + row * 63.5)
                for row in range(4) for col in range(2)]
    assert stock.label_origins() == [pytest.approx(xy, abs=1e-3) for xy in expected]
    assert stock.corner_radius == pytest.approx(4.7625)
    assert "5895" in stock.equivalents


def test_avery_l4785_has_ten_badges_on_a4():
    """Avery L4785: 2 x 5 badges of 80 x 50 mm on A4, first at (18, 13) mm, pitch 95 x 55 mm."""
    stock = find_part(load_glabels_file(LABELS / "avery-iso-templates.xml"), "L4785")
    assert stock.per_sheet == 10 and stock.page_label == "A4"
    origins = stock.label_origins()
    assert origins[0] == (18.0, 13.0) and origins[1] == (113.0, 13.0)
    assert origins[-1] == (113.0, 13.0 + 4 * 55.0)
    assert all(x + 80 <= 210 and y + 50 <= 297 for x, y in origins)


def test_every_glabels_file_loads():
    """Every maker's file in tests/data/labels parses; equivalents resolve to their originals."""
    for path in LABELS.glob("*.xml"):
        stocks = load_glabels_file(path)
        assert stocks, path.name
        for stock in stocks:
            for x, y, w, h in stock.label_rects():
                assert x + w <= stock.page_width + 0.6 and y + h <= stock.page_height + 0.6
    equivalent = find_part(load_glabels_file(LABELS / "avery-us-templates.xml"), "8395")
    assert equivalent.per_sheet == 8


def test_the_catalogue_has_the_stock_people_ask_for():
    """Avery 5395 and L4785, DYMO 30856 and 30374, Brother 62 mm tape, plain Letter and A4."""
    stocks = catalogue()
    assert stocks["avery-5395"].per_sheet == 8
    assert stocks["avery-l4785"].per_sheet == 10
    # Label-printer badges print across their length.
    assert (stocks["dymo-30856"].label_width, stocks["dymo-30856"].label_height) == (106, 62)
    assert (stocks["dymo-30374"].label_width, stocks["dymo-30374"].label_height) == (89, 51)
    assert stocks["brother-dk-2205"].continuous
    assert stocks["brother-dk-2205"].label_height == pytest.approx(61.98)
    for key in ("plain-letter", "plain-a4"):
        assert stocks[key].cut_marks and stocks[key].cut_mark_segments()
    assert stocks["plain-letter"].page_label == "US-Letter"


@pytest.mark.parametrize("text, mm", [("3.375in", 85.725), ("9pt", 3.175), ("5", 1.7639),
                                      ("2.5cm", 25.0), ("11.in", 279.4), ("1pc", 4.2333)])
def test_glabels_lengths_in_every_unit(text, mm):
    """Lengths come in pt, in, mm, cm and pc; a bare number is points, as in gLabels."""
    assert parse_length(text) == pytest.approx(mm, abs=1e-3)


UPLOAD = b"""<?xml version="1.0"?>
<Glabels-templates>
  <Template brand="Acme" part="NB-6" size="A4" _description="Name badges">
    <Label-rectangle id="0" width="90mm" height="60mm" round="3mm">
      <Markup-margin size="2mm"/>
      <Layout nx="2" ny="3" x0="15mm" y0="20mm" dx="90mm" dy="80mm"/>
    </Label-rectangle>
  </Template>
</Glabels-templates>"""


def test_an_uploaded_template_lays_out_its_own_grid():
    """A user's gLabels file gives a stock with its own count and positions."""
    stocks, notes = parse_glabels(UPLOAD)
    assert notes == [] and len(stocks) == 1
    stock = stocks[0]
    assert stock.name == "Acme NB-6" and stock.per_sheet == 6
    assert stock.label_origins()[3] == (105.0, 100.0)


@pytest.mark.parametrize("data", [
    b"""<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]>
<Glabels-templates><Template brand="&lol2;" part="1" size="A4"/></Glabels-templates>""",
    b"""<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<Glabels-templates><Template brand="&xxe;" part="1" size="A4"/></Glabels-templates>""",
])
def test_entity_tricks_in_an_upload_are_refused(data):
    """Entity expansion (billion laughs) and external entities (XXE) are refused, not resolved."""
    with pytest.raises(StockError):
        parse_glabels(data)


@pytest.mark.parametrize("data, message", [
    (b"not xml at all", "isn't gLabels template XML"),
    (b"<html><body>hi</body></html>", "isn't a gLabels template file"),
    (b"<Glabels-templates/>", "no label template"),
    (UPLOAD.replace(b'nx="2"', b'nx="2000"'), "no label template"),
    (UPLOAD.replace(b'x0="15mm"', b'x0="150mm"'), "falls off the page"),
    (UPLOAD.replace(b'width="90mm"', b'width="ninety"'), "not a length"),
    (b"<" * (3 * 1024 * 1024), "larger than 2 MB"),
])
def test_broken_uploads_get_a_clear_message(data, message):
    """A file that isn't a usable template says why."""
    with pytest.raises(StockError, match=message):
        parse_glabels(data)
