"""Spreadsheet import in Chromium on a laptop: upload → preview → change a mapping (the
preview follows) → import with progress → the contacts are there → undo."""

from pathlib import Path

from e2e_helpers import register
from playwright.sync_api import expect

DATA = Path(__file__).parent.parent / "data" / "imports"


def test_upload_preview_remap_import_and_undo(laptop):
    page = laptop.new_page()
    register(page)
    page.goto("/contacts")
    page.get_by_role("link", name="Import CSV/Excel").click()
    page.get_by_label("Spreadsheet (.csv or .xlsx)").set_input_files(DATA / "semicolon_de.csv")
    page.get_by_role("button", name="Preview").click()

    expect(page.locator("#preview-summary")).to_contain_text("3 rows: 2 new")
    rows = page.locator("#preview-rows tbody tr")
    expect(rows.first).to_contain_text("Lena Schäfer")
    expect(rows.first).to_contain_text("2026-11-14")
    expect(page.locator("#preview-problems")).to_contain_text("Row 6: No name")
    expect(page.locator("#preview-problems")).to_contain_text("Row 7: 10 cells")
    # The favourite-food column is ignored until it is mapped to Tags; the preview follows.
    food = page.get_by_label("Lieblingsessen")
    expect(food).to_have_value("")
    food.select_option("tags")
    expect(rows.first).to_contain_text("käsespätzle")

    page.get_by_role("button", name="Import 2 rows").click()
    expect(page.locator("#import-status")).to_contain_text("2 new contacts", timeout=20_000)
    page.get_by_role("link", name="See contacts").click()
    expect(page.get_by_text("Lena Schäfer")).to_be_visible()
    expect(page.get_by_text("Max Weiß")).to_be_visible()

    page.go_back()
    page.get_by_role("button", name="Undo this import").click()
    expect(page.locator("#import-status")).to_contain_text("Undone.")
    page.goto("/contacts")
    expect(page.get_by_text("Lena Schäfer")).to_have_count(0)
    # The next file with this header starts from the mapping used.
    page.goto("/imports")
    page.get_by_label("Spreadsheet (.csv or .xlsx)").set_input_files(DATA / "semicolon_de.csv")
    page.get_by_role("button", name="Preview").click()
    expect(page.get_by_label("Lieblingsessen")).to_have_value("tags")


def test_the_import_pages_fit_a_360px_phone_with_labelled_fields(browser, live_server):
    """Upload form and a preview with 29 columns at 360x740, light and dark: nothing scrolls
    the page sideways (wide tables scroll inside their box), every select is labelled by its
    column's title, and the mapping selects are thumb-sized."""
    for scheme in ("light", "dark"):
        context = browser.new_context(viewport={"width": 360, "height": 740}, has_touch=True,
                                      is_mobile=True, base_url=live_server.url,
                                      service_workers="block", color_scheme=scheme)
        context.set_default_timeout(10_000)
        page = context.new_page()
        register(page, email=f"{scheme}@example.com")
        page.goto("/imports")
        assert page.evaluate(OVERFLOW) <= 0
        page.get_by_label("Spreadsheet (.csv or .xlsx)").set_input_files(
            DATA / "google_contacts.csv")
        page.get_by_role("button", name="Preview").click()
        expect(page.locator("#preview-summary")).to_contain_text("Google Contacts")
        page.get_by_text("Columns (29)").click()
        assert page.evaluate(OVERFLOW) <= 0
        assert page.evaluate(UNLABELLED) == []
        heights = page.locator(".mapping-table select").evaluate_all(
            "(els) => els.map((el) => el.getBoundingClientRect().height)")
        assert len(heights) == 29 and min(heights) >= 44
        context.close()


OVERFLOW = "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
UNLABELLED = """() => [...document.querySelectorAll('select, input:not([type=hidden])')]
  .filter((el) => ![...el.labels].some((label) => label.textContent.trim()))
  .map((el) => el.outerHTML.slice(0, 120))"""
