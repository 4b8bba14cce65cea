"""Contact review in headless Chromium: tag chips, inline edits with bad input, paging and Back."""

import re

from e2e_helpers import register
from playwright.sync_api import expect
from pwa_steps import wait_for_stored


def _capture(page, app, name: str, tags: str = "") -> None:
    field = page.get_by_label("Name", exact=True)
    field.fill(name)
    if tags:
        details = page.locator("details.capture__more")
        if not details.get_attribute("open") == "":
            page.get_by_text("More details").click()
        expect(page.locator(".chips-input")).to_be_visible()
        page.get_by_label("Tags", exact=True).press_sequentially(tags, delay=10)
    page.get_by_role("button", name="Save").click()
    expect(page.locator("#toasts")).to_contain_text(f"Saved {name}")
    # Capture is local-first: the toast comes at once, before the server has it.
    wait_for_stored(app, 1)


def test_tags_show_as_chips_and_submit_as_a_comma_list(phone, live_app):
    """Typed tags turn into removable chips on the capture form; the saved contact has
    exactly the chips left, and Enter on a half-typed tag makes a chip instead of saving."""
    page = phone.new_page()
    register(page)
    page.get_by_label("Name", exact=True).fill("Bea Costa")
    page.get_by_text("More details").click()
    tags = page.get_by_label("Tags", exact=True)
    tags.press_sequentially("Python, hiring, rust", delay=10)
    tags.press("Enter")
    chips = page.locator(".chips-input .chip")
    expect(chips).to_have_text([re.compile("^Python"), re.compile("^hiring"), re.compile("^rust")])
    expect(page.locator("#toasts")).not_to_contain_text("Saved")
    page.get_by_role("button", name="Remove tag hiring").click()
    expect(chips).to_have_count(2)
    page.get_by_role("button", name="Save").click()
    expect(page.locator("#toasts")).to_contain_text("Saved Bea Costa")
    expect(page.locator(".chips-input .chip")).to_have_count(0)
    wait_for_stored(live_app, 1)
    page.goto("/contacts?tag=python")
    expect(page.locator(".contact-row__name")).to_have_text(["Bea Costa"])
    expect(page.locator(".contact-row .chip")).to_have_text(["python", "rust"])


def test_inline_edit_refuses_bad_input_in_place(laptop, live_app):
    """A bad email gets its message next to the field with the typed text kept; fixing it
    saves, and the tags editor uses chips too."""
    page = laptop.new_page()
    register(page)
    _capture(page, live_app, "Chen Novak", tags="data")
    page.goto("/contacts")
    page.get_by_role("link", name="Chen Novak").click()
    page.get_by_role("link", name="Edit email").click()
    email = page.get_by_label("Email", exact=True)
    email.fill("chen@")
    email.press("Enter")
    expect(page.locator("#field-email")).to_contain_text("That email doesn't look right")
    expect(page.get_by_label("Email", exact=True)).to_have_value("chen@")
    page.get_by_label("Email", exact=True).fill("chen@example.com")
    page.get_by_label("Email", exact=True).press("Enter")
    expect(page.locator("#field-email a[href^=mailto]")).to_have_text("chen@example.com")
    page.get_by_role("link", name="Edit tags").click()
    expect(page.locator("#field-tags .chips-input .chip")).to_have_count(1)
    page.get_by_label("Tags", exact=True).press_sequentially("climate,", delay=10)
    page.locator("#field-tags").get_by_role("button", name="Save").click()
    expect(page.locator("#field-tags .chip")).to_have_text(["data", "climate"])
    expect(page.locator("#history")).to_contain_text("Tags was data")


def test_pages_swap_in_place_and_back_restores_the_page(laptop, live_app):
    """Next swaps the results and updates the address; Back brings the earlier page whole."""
    from netpwa.auth.models import User
    from netpwa.contacts.models import Contact
    from netpwa.extensions import db
    page = laptop.new_page()
    register(page)
    with live_app.app_context():
        owner = db.session.query(User.id).scalar()
        db.session.add_all([Contact(owner_id=owner, name=f"Person {i:03d}") for i in range(60)])
        db.session.commit()
    page.goto("/contacts?sort=name")
    rows = page.locator(".contact-row__name")
    expect(rows.first).to_have_text("Person 000")
    page.evaluate("window.sameDocument = true")
    page.get_by_role("link", name="Next →").click()
    expect(rows.first).to_have_text("Person 050")
    expect(page).to_have_url(re.compile(r"/contacts\?sort=name&after="))
    assert page.evaluate("window.sameDocument") is True
    page.go_back()
    expect(rows.first).to_have_text("Person 000")
    expect(page.get_by_role("heading", name="Contacts")).to_have_count(1)
    expect(page.get_by_label("Search")).to_have_count(1)
