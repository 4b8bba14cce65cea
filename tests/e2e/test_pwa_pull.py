"""Two devices, one account: what the laptop captures appears on the phone, also offline."""

from playwright.sync_api import expect
from pwa_steps import back_online, capture, go_offline, phone_at_event, reconnect
from sqlalchemy import select

from netpwa.contacts.models import Contact
from netpwa.extensions import db


def _log_in(page, email="ana@example.com", password="correct horse battery"):
    page.goto("/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/")


def test_a_laptop_capture_reaches_the_phone_and_reads_offline(phone, laptop, live_server, live_app):
    """The laptop captures Eve; after the phone pulls (here: on coming back online) she is in
    its recent list, and stays readable with the current event when the phone is offline."""
    phone_page = phone.new_page()
    phone_at_event(phone_page)
    laptop_page = laptop.new_page()
    _log_in(laptop_page)
    capture(laptop_page, "Eve Laptop")
    expect(laptop_page.locator("#goal-counter")).to_contain_text("1 of 3 new people")
    wait_for_server(laptop_page, live_app, lambda rows: rows == [("Eve Laptop", False)])

    recent = phone_page.locator("[data-recent]")
    expect(recent).not_to_contain_text("Eve Laptop")
    reconnect(phone, phone_page)
    expect(recent).to_contain_text("Eve Laptop")

    go_offline(phone, live_server)
    phone_page.reload()
    expect(phone_page.locator("[data-recent]")).to_contain_text("Eve Laptop")
    expect(phone_page.locator("#goal-counter")).to_contain_text("1 of 3 new people")
    capture(phone_page, "Fay Phone")
    expect(phone_page.locator("#goal-counter")).to_contain_text("2 of 3 new people")
    expect(phone_page.locator("[data-recent] li").first).to_contain_text("Fay Phone")
    expect(phone_page.locator("[data-recent] li").first).to_contain_text("waiting to sync")

    phone_page.goto("/offline")
    expect(phone_page.locator("[data-offline-event]")).to_have_text(
        "At PyData Night: 2 of 3 new people")
    expect(phone_page.locator("[data-recent]")).to_contain_text("Eve Laptop")
    back_online(phone, live_server)
    expect(phone_page.locator("[data-sync-badge]")).to_be_hidden(timeout=20_000)


def test_a_delete_on_the_laptop_removes_the_contact_from_the_phone(phone, laptop, live_server,
                                                                    live_app):
    """Deletes travel as tombstones: Undo on the laptop takes the person off the phone's list."""
    phone_page = phone.new_page()
    phone_at_event(phone_page)
    laptop_page = laptop.new_page()
    _log_in(laptop_page)
    capture(laptop_page, "Gus Gone")
    expect(laptop_page.locator("#toasts")).to_contain_text("Saved Gus Gone")
    wait_for_server(laptop_page, live_app, lambda rows: [name for name, _ in rows] == ["Gus Gone"])
    reconnect(phone, phone_page)
    expect(phone_page.locator("[data-recent]")).to_contain_text("Gus Gone")
    laptop_page.locator("#toasts").get_by_role("button", name="Undo").click()
    # Undone locally ("removed") or by the server ("moved to the trash"): in the trash either way.
    wait_for_server(laptop_page, live_app, lambda rows: rows == [("Gus Gone", True)])
    reconnect(phone, phone_page)
    expect(phone_page.locator("[data-recent]")).not_to_contain_text("Gus Gone")


def wait_for_server(page, app, done, timeout_ms: int = 15_000):
    """Until the server's contacts, as (name, trashed) rows, satisfy done: a save now reaches
    the server behind the page (local-first), so a test waits for it as a second device would."""
    for _ in range(timeout_ms // 200):
        with app.app_context():
            rows = [(name, deleted is not None) for name, deleted in
                    db.session.execute(select(Contact.name, Contact.deleted_at).order_by(Contact.id))]
            db.session.remove()
        if done(rows):
            return
        page.wait_for_timeout(200)
    raise AssertionError(f"server never got there: {rows}")
