"""Auto-fit: the largest size that fits, given/family break before shrinking, never overflowing."""

import pytest
from fpdf import FPDF

from netpwa.nametags import fonts
from netpwa.nametags.fit import FEWER_LINES_TOLERANCE, fit_text
from netpwa.nametags.names import family_sort_key, split_name
from netpwa.nametags.pdf import close_fonts

NAMES = ["José Ñúñez", "Ελένη", "Дмитрий", "王小明", "محمد علي", "שרה לוי", "김민준",
         "Maximiliana Alexandrina Wolfeschlegelsteinhausenbergerdorff"]


@pytest.mark.parametrize("name", NAMES)
def test_measuring_agrees_with_the_pdf_engine(name):
    """Our HarfBuzz measure of a name matches fpdf2's shaped width within 1%."""
    pdf = FPDF(unit="mm")
    for family in (fonts.PRIMARY, *fonts.FALLBACKS):
        for bold in (False, True):
            face = fonts.face(family, bold)
            if bold and not face.bold:
                continue
            pdf.add_font(family, "B" if bold else "", str(face.path))
    pdf.set_fallback_fonts(list(fonts.FALLBACKS), exact_match=False)
    pdf.set_text_shaping(True)
    pdf.set_font(fonts.PRIMARY, "B", 10)
    expected = pdf.get_string_width(name)
    close_fonts(pdf)
    assert fonts.measure(name, True).advance * 10 == pytest.approx(expected, rel=0.01)


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("width, height", [(80, 30), (50, 20), (100, 50)])
def test_a_name_never_overflows_its_box(name, width, height):
    """Whatever the script, the fitted block is no wider and no taller than the box."""
    fit = fit_text(name, width, height)
    assert fit.width <= width + 1e-6 and fit.height <= height + 1e-6
    assert "".join(fit.lines).replace(" ", "") == name.replace(" ", "")


def test_a_short_name_gets_the_largest_size():
    """"Li" on a roomy label is set at the maximum size, on one line."""
    fit = fit_text("Li", 90, 60, max_size=72)
    assert fit.lines == ("Li",) and fit.size == 72


def test_given_and_family_name_break_onto_two_lines_before_shrinking():
    """When one line would need a smaller size, the name breaks between given and family name
    and is set larger than it could be on one line."""
    one_line = fit_text("Alexandrina Featherstonehaugh", 80, 30, max_lines=1)
    fit = fit_text("Alexandrina Featherstonehaugh", 80, 30)
    assert fit.lines == ("Alexandrina", "Featherstonehaugh")
    assert fit.size > one_line.size


def test_size_is_the_largest_that_fits():
    """A little more would not fit its lines: the size is the largest in 0.1 pt steps (or
    within 1.5% of it, where fewer lines win)."""
    fit = fit_text("Дмитрий Шостакович", 60, 25)
    bigger = fit.size / FEWER_LINES_TOLERANCE + 0.1
    widest = max(fonts.measure(line, True).width for line in fit.lines) * bigger
    tallest = sum(fonts.measure(line, True).ascent + fonts.measure(line, True).descent
                  for line in fit.lines) * bigger
    assert widest > 60 or tallest > 25


def test_text_that_cannot_fit_ends_with_an_ellipsis():
    """Past the smallest size, text wraps and the last line that fits ends in "…"."""
    fit = fit_text("word " * 200, 40, 10, min_size=7)
    assert fit.truncated and fit.lines[-1].endswith("…")
    assert fit.width <= 40 and fit.height <= 10 and fit.size == 7


@pytest.mark.parametrize("name, given, family", [
    ("José Ñúñez", "José", "Ñúñez"), ("Núñez, José", "José", "Núñez"),
    ("Ludwig van Beethoven", "Ludwig", "van Beethoven"), ("王小明", "小明", "王"),
    ("Martin Luther King Jr.", "Martin Luther", "King Jr."), ("Cher", "", "Cher"),
])
def test_given_and_family_names(name, given, family):
    """Family name: the last word with its particles and suffixes; first for a CJK name."""
    assert split_name(name) == (given, family)


def test_sorting_by_family_name_ignores_case_accents_and_particles():
    """Ñúñez sorts with N, van Beethoven with B."""
    names = ["zoë zimmer", "Ludwig van Beethoven", "José Ñúñez", "Ana Alves"]
    assert sorted(names, key=family_sort_key) == [
        "Ana Alves", "Ludwig van Beethoven", "José Ñúñez", "zoë zimmer"]
