"""Quick capture on a phone, in headless Chromium."""

from e2e_helpers import register
from playwright.sync_api import expect


def test_capture_clears_form_and_ticks_counter(phone):
    """On a phone: save a name, the form clears, focus returns to Name, the counter ticks."""
    page = phone.new_page()
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    register(page)
    page.goto("/events/new")
    page.get_by_label("Event name").fill("PyData Night")
    page.get_by_role("button", name="Create event").click()
    expect(page.locator("#goal-counter")).to_contain_text("0 of 3 new people")
    name = page.get_by_label("Name", exact=True)
    expect(name).to_be_focused()
    name.fill("Bea Costa")
    name.press("Enter")
    expect(page.locator("#goal-counter")).to_contain_text("1 of 3 new people")
    expect(page.get_by_label("Name", exact=True)).to_have_value("")
    expect(page.get_by_label("Name", exact=True)).to_be_focused()
    expect(page.locator("#toasts")).to_contain_text("Saved Bea Costa")
    assert not [e for e in errors if "Content Security Policy" in e], errors
