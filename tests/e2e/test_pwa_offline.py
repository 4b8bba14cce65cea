"""Offline capture in headless Chromium: the outbox keeps captures and delivers each exactly once."""

import time

from playwright.sync_api import expect
from pwa_steps import (back_online, capture, go_offline, phone_at_event, stored_count,
                       stored_names)
from sqlalchemy import select

from netpwa.contacts.models import Contact
from netpwa.extensions import db

OFFLINE_NAMES = ["Ana Lima", "Bo Chen", "Cy Osei"]


def _three_offline_captures(phone, live_server):
    """The phone at an event goes offline, reloads, and captures three people."""
    page = phone.new_page()
    phone_at_event(page)
    go_offline(phone, live_server)
    page.reload()
    expect(page.get_by_label("Name", exact=True)).to_be_visible()
    assert page.evaluate("document.documentElement.hasAttribute('data-offline-copy')")
    for name in OFFLINE_NAMES:
        capture(page, name)
        expect(page.get_by_label("Name", exact=True)).to_have_value("")
    return page


def test_offline_captures_wait_in_the_outbox_and_sync_once(phone, live_server, live_app):
    """Offline, the app reloads from the worker; three captures clear the form, tick the counter
    to 3 and wait in the outbox; back online they reach the server exactly once."""
    page = _three_offline_captures(phone, live_server)
    expect(page.get_by_label("Name", exact=True)).to_be_focused()
    expect(page.locator("#goal-counter")).to_contain_text("3 of 3 new people")
    expect(page.locator("[data-sync-badge]")).to_have_text("3 waiting to sync")
    expect(page.locator("[data-recent]")).to_contain_text("Cy Osei")
    assert stored_count(live_app) == 0

    back_online(phone, live_server)
    expect(page.locator("[data-sync-badge]")).to_be_hidden(timeout=20_000)
    assert stored_names(live_app) == OFFLINE_NAMES
    page.reload()
    expect(page.locator("#goal-counter")).to_contain_text("3 of 3 new people")
    page.wait_for_timeout(500)
    assert stored_names(live_app) == OFFLINE_NAMES


def test_reload_during_the_flush_still_stores_each_capture_once(phone, live_server, live_app):
    """The server stores the batch but the page is reloaded before the answer arrives: the
    entries are still in the outbox, are sent again, and the server keeps one of each."""
    page = _three_offline_captures(phone, live_server)
    held = []

    def hold_first_answer(route):
        if held:
            route.continue_()
            return
        held.append(route.fetch())  # the server commits the batch...
        # ...and the page never hears back: the route stays open until the reload cancels it.

    phone.route("**/api/sync", hold_first_answer)
    back_online(phone, live_server)
    deadline = time.monotonic() + 30  # the outbox may be in a retry pause when back online
    while not held and time.monotonic() < deadline:
        page.wait_for_timeout(100)
    assert held and held[0].status == 200
    assert stored_names(live_app) == OFFLINE_NAMES
    page.reload()
    expect(page.locator("[data-sync-badge]")).to_be_hidden(timeout=20_000)
    assert stored_names(live_app) == OFFLINE_NAMES
    expect(page.locator("#goal-counter")).to_contain_text("3 of 3 new people")


def test_a_server_error_keeps_the_outbox_until_a_retry_succeeds(phone, live_server, live_app):
    """The first flush gets a 500: nothing is lost, the badge stays, and the retry stores each
    capture exactly once."""
    page = _three_offline_captures(phone, live_server)
    answers = []

    def fail_once(route):
        if not answers:
            answers.append(500)
            route.fulfill(status=500, json={"error": "Something went wrong on our side.",
                                            "field": None})
            return
        answers.append("passed")
        route.continue_()

    phone.route("**/api/sync", fail_once)
    back_online(phone, live_server)
    expect(page.locator("[data-sync-badge]")).to_be_hidden(timeout=30_000)
    assert answers[0] == 500 and "passed" in answers
    assert stored_names(live_app) == OFFLINE_NAMES
    expect(page.locator("#goal-counter")).to_contain_text("3 of 3 new people")


def test_a_failed_request_is_queued_even_when_the_browser_thinks_it_is_online(
        phone, live_server, live_app):
    """A capture whose request fails (server unreachable, navigator.onLine still true) goes to
    the outbox instead of being lost, and syncs when the server is back."""
    page = phone.new_page()
    phone_at_event(page)
    live_server.stop()
    capture(page, "Dee Park")
    expect(page.locator("[data-sync-badge]")).to_have_text("1 waiting to sync")
    expect(page.get_by_label("Name", exact=True)).to_have_value("")
    expect(page.locator("#goal-counter")).to_contain_text("1 of 3 new people")
    live_server.start()
    expect(page.locator("[data-sync-badge]")).to_be_hidden(timeout=30_000)
    assert stored_names(live_app) == ["Dee Park"]


def test_my_qr_and_unknown_pages_open_offline(phone, live_server):
    """Offline, the "My QR" shortcut opens its kept page; a page never kept falls back to the
    capture screen rather than the browser's error page."""
    page = phone.new_page()
    phone_at_event(page)
    go_offline(phone, live_server)
    page.goto("/card/qr")
    assert page.evaluate("document.documentElement.hasAttribute('data-offline-copy')")
    assert "/login" not in page.url
    assert "QR code" in page.content()
    page.goto("/events/")
    expect(page.get_by_label("Name", exact=True)).to_be_visible()


def test_offline_capture_without_a_name_says_so(phone, live_server):
    """Offline, saving an empty name shows the same message as online, and queues nothing."""
    page = phone.new_page()
    phone_at_event(page)
    go_offline(phone, live_server)
    page.get_by_role("button", name="Save").click()
    expect(page.locator("#f-name-error")).to_have_text("Enter a name, even just a first name.")
    expect(page.locator("[data-sync-badge]")).to_be_hidden()


def _contact_page(page, live_app, name):
    """Capture someone online and open their contact page."""
    capture(page, name)
    expect(page.locator("#toasts")).to_contain_text(f"Saved {name}")
    expect(page.locator("[data-capture-status]")).to_have_text("Saved")  # sent behind the page
    with live_app.app_context():
        contact_id = db.session.scalar(select(Contact.id).where(Contact.name == name))
        db.session.remove()
    page.goto(f"/contacts/{contact_id}")
    return contact_id


def test_an_edit_saved_as_the_signal_drops_goes_through_the_outbox(phone, live_server, live_app):
    """The edit form was open when the network went; Save queues the edit (only that field),
    and it reaches the server once the network is back."""
    page = phone.new_page()
    phone_at_event(page)
    contact_id = _contact_page(page, live_app, "Hal Edit")
    page.get_by_label("Edit what they do / where from").click()
    field = page.get_by_label("What they do / where from", exact=True)
    expect(field).to_be_editable()
    go_offline(phone, live_server)
    field.fill("Rust consultant")
    page.locator("#field-headline").get_by_role("button", name="Save").click()
    expect(page.locator("[data-sync-badge]")).to_have_text("1 waiting to sync")
    back_online(phone, live_server)
    expect(page.locator("[data-sync-badge]")).to_be_hidden(timeout=20_000)
    with live_app.app_context():
        contact = db.session.get(Contact, contact_id)
        assert (contact.name, contact.headline) == ("Hal Edit", "Rust consultant")
        db.session.remove()


def test_a_delete_made_offline_goes_through_the_outbox(phone, live_server, live_app):
    """Delete on the contact page with no network: queued, and once synced the contact is in
    the trash (restorable), not gone."""
    page = phone.new_page()
    phone_at_event(page)
    contact_id = _contact_page(page, live_app, "Ida Delete")
    go_offline(phone, live_server)
    page.get_by_role("button", name="Delete").click()
    expect(page.locator("#toasts")).to_contain_text("Deleted on this phone")
    expect(page.locator("[data-sync-badge]")).to_have_text("1 waiting to sync")
    back_online(phone, live_server)
    expect(page.locator("[data-sync-badge]")).to_be_hidden(timeout=20_000)
    with live_app.app_context():
        assert db.session.get(Contact, contact_id).deleted_at is not None
        db.session.remove()


def test_a_capture_the_server_refuses_is_shown_and_can_be_fixed(phone, live_server, live_app):
    """An offline capture with a broken email is refused at sync: the person sees why, and Fix
    puts it back in the form with the message at the email field; saving it then stores it
    once."""
    page = phone.new_page()
    phone_at_event(page)
    go_offline(phone, live_server)
    page.get_by_text("More details").click()
    page.get_by_label("Email").fill("jo-at-example")
    capture(page, "Jo Typo")
    expect(page.locator("[data-sync-badge]")).to_have_text("1 waiting to sync")
    back_online(phone, live_server)
    problems = page.locator("[data-sync-problems]")
    expect(problems).to_contain_text("1 couldn't sync", timeout=20_000)
    expect(page.locator("#toasts")).to_contain_text("That email doesn't look right")
    problems.locator("summary").click()
    expect(problems).to_contain_text("Jo Typo: That email doesn't look right")
    problems.get_by_role("button", name="Fix").click()
    expect(page.get_by_label("Name", exact=True)).to_have_value("Jo Typo")
    email = page.get_by_label("Email")
    expect(email).to_be_focused()
    expect(page.locator("#f-email-error")).to_contain_text("That email doesn't look right")
    expect(problems).to_be_hidden()
    assert stored_count(live_app) == 0
    email.fill("jo@example.com")
    email.press("Enter")
    expect(page.locator("#toasts").get_by_role("button", name="Undo")).to_be_visible()
    expect(page.locator("[data-capture-status]")).to_have_text("Saved")
    assert stored_names(live_app) == ["Jo Typo"]


def test_background_sync_sends_the_outbox_with_no_page_open(phone, live_server, live_app):
    """The phone captures offline and the app is closed; when Chromium fires the worker's
    Background Sync event, the worker sends the outbox by itself."""
    page = phone.new_page()
    phone_at_event(page)
    go_offline(phone, live_server)
    page.reload()
    capture(page, "Kai Closed")
    expect(page.locator("[data-sync-badge]")).to_have_text("1 waiting to sync")
    page.close()
    back_online(phone, live_server)
    # DevTools fires the event the way Chromium would on reconnecting; the page it talks
    # through is about:blank, so the worker finds no window of the app open.
    devtools = phone.new_page()
    cdp = phone.new_cdp_session(devtools)
    registrations = []
    cdp.on("ServiceWorker.workerRegistrationUpdated",
           lambda event: registrations.extend(event["registrations"]))
    cdp.send("ServiceWorker.enable")
    deadline = time.monotonic() + 10
    while not registrations and time.monotonic() < deadline:
        devtools.wait_for_timeout(100)
    [registration] = [r for r in registrations if r["scopeURL"] == live_server.url + "/"]
    cdp.send("ServiceWorker.dispatchSyncEvent", {
        "origin": live_server.url, "registrationId": registration["registrationId"],
        "tag": "netpwa-outbox", "lastChance": False})
    deadline = time.monotonic() + 30
    while stored_count(live_app) == 0 and time.monotonic() < deadline:
        devtools.wait_for_timeout(200)
    assert stored_names(live_app) == ["Kai Closed"]


def test_undo_takes_an_offline_capture_back(phone, live_server, live_app):
    """Like after an online save, the toast offers Undo: the capture leaves the outbox, the
    counter ticks back, and nothing reaches the server."""
    page = phone.new_page()
    phone_at_event(page)
    go_offline(phone, live_server)
    capture(page, "Mo Keep")
    capture(page, "Lu Oops")
    expect(page.locator("#goal-counter")).to_contain_text("2 of 3 new people")
    page.locator("#toasts .toast", has_text="Saved Lu Oops").get_by_role("button", name="Undo").click()
    expect(page.locator("#toasts")).to_contain_text("Lu Oops removed.")
    expect(page.locator("#goal-counter")).to_contain_text("1 of 3 new people")
    expect(page.locator("[data-sync-badge]")).to_have_text("1 waiting to sync")
    back_online(phone, live_server)
    expect(page.locator("[data-sync-badge]")).to_be_hidden(timeout=20_000)
    assert stored_names(live_app) == ["Mo Keep"]
