"""Name tags in a real browser: the print view printed to PDF by Chromium has every name."""

import io

import pypdf
from e2e_helpers import register
from nametag_checks import LONGEST, NON_LATIN, finds
from playwright.sync_api import expect

CSV = "\n".join(["Name,Pronouns,Company,Ask me about", *[
    f"{name},they/them,Acme,Rust" for name in NON_LATIN], f"{LONGEST},,,"]).encode()


def _errors(page):
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    return errors


def test_uploaded_list_prints_from_the_browser_with_every_name(laptop, tmp_path):
    """Upload a CSV, open the print view, print it with Chromium: the PDF has the stock's page
    size and every name, Latin, Greek, Cyrillic, CJK, Arabic and Hebrew, with no CSP errors."""
    page = laptop.new_page()
    errors = _errors(page)
    register(page)
    page.goto("/tags")
    csv_path = tmp_path / "attendees.csv"
    csv_path.write_bytes(CSV)
    page.get_by_label("Attendee list (.csv)").set_input_files(str(csv_path))
    page.get_by_label("Title (optional)").fill("PyCon badges")
    page.get_by_role("button", name="Upload and preview").click()
    expect(page.locator("h1")).to_have_text("PyCon badges")
    expect(page.locator("[data-tag-preview] .tag")).to_have_count(len(NON_LATIN) + 1)
    page.get_by_role("link", name="Print view").click()
    page.wait_for_load_state("networkidle")
    page.evaluate("document.fonts.ready.then(() => true)")
    expect(page.locator(".sheet")).to_have_count(1)
    pdf = page.pdf(prefer_css_page_size=True, print_background=True)
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 1
    width_mm = float(reader.pages[0].mediabox.width) * 25.4 / 72
    assert abs(width_mm - 215.9) < 1, "the @page size of Avery 5395 (US Letter)"
    text = "\n".join(p.extract_text() for p in reader.pages)
    for name in NON_LATIN + [LONGEST]:
        assert finds(text, name), f"{name!r} missing from Chromium's PDF"
    assert "Print" not in text, "the on-screen help is hidden when printing"
    assert not [e for e in errors if "Content Security Policy" in e], errors


def test_my_tag_prints_on_a4_stock(laptop):
    """My tags on Avery L4785: Chromium's PDF is A4 and has my name and "Ask me about"."""
    page = laptop.new_page()
    register(page, name="Ελένη Παπαδοπούλου")
    page.goto("/tags")
    page.get_by_label("Label stock").select_option("avery-l4785")
    page.get_by_role("button", name="Update preview").click()
    expect(page.locator("[data-tag-preview] .tag")).to_have_count(2)
    page.get_by_role("link", name="Print view").click()
    page.wait_for_load_state("networkidle")
    pdf = page.pdf(prefer_css_page_size=True)
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    assert abs(float(reader.pages[0].mediabox.height) * 25.4 / 72 - 297) < 1
    text = reader.pages[0].extract_text()
    assert finds(text, "Ελένη Παπαδοπούλου") and "Ask me about" in text
