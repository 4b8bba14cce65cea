"""Pages served from the phone's copy say so, never replay a one-time message, and show what
the phone knows now; when the outbox drains, a toast says how many captures made it."""

import re

from playwright.sync_api import expect
from pwa_steps import back_online, go_offline, phone_at_event, reconnect, stored_names, wait_until


def _save(page, name):
    field = page.get_by_label("Name", exact=True)
    field.fill(name)
    field.press("Enter")
    expect(field).to_have_value("")


def test_the_offline_contacts_list_is_honest(phone, live_server, live_app):
    page = phone.new_page()
    phone_at_event(page)
    _save(page, "Ana Kept")
    _save(page, "Zed Gone")
    expect(page.locator("[data-capture-status]")).to_have_text("Saved")
    # Right after an online save, Recent shows the new person.
    expect(page.locator("[data-recent]")).to_contain_text("Zed Gone")

    # Delete Zed: the list then shows a one-time "moved to the trash, Restore" notice.
    page.locator("[data-recent]").get_by_role("link", name="Zed Gone").click()
    page.get_by_role("button", name="Delete").click()
    page.wait_for_url(re.compile(r"/contacts$"))
    expect(page.locator(".notice")).to_contain_text("moved to the trash")
    wait_until(page, "(async () => (await netpwaOutbox.recentContacts(10)).length === 1)()")

    page.goto("/")
    go_offline(phone, live_server)
    for name in ("Off One", "Off Two", "Off Three"):
        _save(page, name)
    expect(page.locator("[data-sync-badge]")).to_have_text("3 waiting to sync")

    page.goto("/contacts")
    expect(page.locator("[data-offline-banner]")).to_have_text(re.compile(r"^Offline: as of \d\d:\d\d$"))
    expect(page.get_by_text("moved to the trash")).to_have_count(0)
    results = page.locator("#results")
    expect(results).to_contain_text("4 contacts on this phone")
    expect(results).to_contain_text("Off Three")
    expect(results).to_contain_text("Ana Kept")
    expect(results).not_to_contain_text("Zed Gone")
    expect(results.locator("li", has_text="Off One")).to_contain_text("waiting to sync")

    back_online(phone, live_server)
    reconnect(phone, page)
    expect(page.locator("#toasts")).to_contain_text("3 captures synced", timeout=20_000)
    assert sorted(stored_names(live_app)) == ["Ana Kept", "Off One", "Off Three", "Off Two", "Zed Gone"]
