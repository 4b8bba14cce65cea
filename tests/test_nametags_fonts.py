"""Font cost paid once per process, shared safely between threads."""

from concurrent.futures import ThreadPoolExecutor

from nametag_checks import finds, pdf_text

from netpwa.nametags import pdffonts
from netpwa.nametags.layout import NAME, TagData, layout
from netpwa.nametags.pdf import render_tags
from netpwa.nametags.stock import catalogue

MIXED = ["王小明", "김민준", "محمد علي", "שרה לוי", "Zoë Ñúñez", "Ελένη", "山田太郎"]


def _pdf(names):
    stock = catalogue()["avery-5395"]
    return render_tags([layout(NAME, TagData(name), stock) for name in names], stock)


def test_a_font_file_is_parsed_once_per_process(monkeypatch):
    """The second PDF with a CJK name parses no font file: it copies the shared ones."""
    _pdf(MIXED)
    parsed = []
    original = pdffonts.TTFFont
    monkeypatch.setattr(pdffonts, "TTFFont", lambda *args: parsed.append(args) or original(*args))
    text = pdf_text(_pdf(MIXED))
    assert parsed == []
    assert all(finds(text, name) for name in MIXED)


def test_threads_rendering_at_once_each_get_their_own_names():
    """Eight PDFs rendered on four threads at once, each with different names and sizes in the
    shared fonts: every PDF holds exactly its own names, none garbled or missing."""
    batches = [MIXED[index % 5:] + MIXED[:index % 5] + [f"Person {'ABCDEFGH'[index]}"]
               for index in range(8)]
    with ThreadPoolExecutor(max_workers=4) as pool:
        pdfs = list(pool.map(_pdf, batches))
    for names, pdf in zip(batches, pdfs, strict=True):
        text = pdf_text(pdf)
        assert all(finds(text, name) for name in names), names
