"""Steps the PWA browser tests share: a phone at an event, controlled by the service worker."""

import time

from e2e_helpers import register
from playwright.sync_api import expect
from sqlalchemy import func, select

from netpwa.contacts.models import Contact
from netpwa.extensions import db


def wait_until(page, expression: str, timeout: float = 15.0):
    """Poll an (async-capable) JS expression until it is truthy; returns its value."""
    deadline = time.monotonic() + timeout
    while True:
        value = page.evaluate(f"async () => ({expression})")
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for: {expression}")
        page.wait_for_timeout(200)


def wait_for_worker(page, timeout: float = 30.0):
    """Until the service worker controls the page. A page whose navigation started while the
    worker was still installing stays uncontrolled (claim() can come just before it); a user's
    next navigation is controlled, so then the page is reloaded once."""
    wait_until(page, "navigator.serviceWorker.ready.then((r) => !!r.active)", timeout)
    if not page.evaluate("navigator.serviceWorker.controller !== null"):
        page.reload()
    wait_until(page, "navigator.serviceWorker.controller !== null", timeout)


def phone_at_event(page, event_name: str = "PyData Night"):
    """Register, create the current event, and wait until the worker controls the page with
    the capture screen and My QR kept for offline use."""
    register(page)
    page.goto("/events/new")
    page.get_by_label("Event name").fill(event_name)
    page.get_by_role("button", name="Create event").click()
    page.wait_for_url("**/")
    wait_for_worker(page)
    wait_until(page, """(async () => {
        const names = (await caches.keys()).filter((n) => n.startsWith("netpwa-pages-"));
        if (!names.length) return false;
        const cache = await caches.open(names[0]);
        return !!(await cache.match("/")) && !!(await cache.match("/card/qr"));
    })()""")


def go_offline(context, live_server):
    """No network at all: the server is down (so the worker's own fetches fail too) and the
    browser reports itself offline."""
    live_server.stop()
    context.set_offline(True)


def back_online(context, live_server):
    live_server.start()
    context.set_offline(False)


def capture(page, name: str):
    """Type a name on the capture screen and press Enter, as at a meetup."""
    field = page.get_by_label("Name", exact=True)
    field.fill(name)
    field.press("Enter")
    # A person reads the cleared form before typing the next name; typing into the form while the
    # outbox is still clearing it races the clear (the next name can be wiped or sent as a page).
    expect(field).to_have_value("")


def stored_names(app) -> list[str]:
    """Every contact the server has, in insert order."""
    with app.app_context():
        names = db.session.scalars(select(Contact.name).order_by(Contact.id)).all()
        db.session.remove()
        return names


def stored_count(app) -> int:
    with app.app_context():
        count = db.session.scalar(select(func.count(Contact.id)))
        db.session.remove()
        return count


def wait_for_stored(app, count: int, timeout: float = 20.0) -> None:
    """Until the server holds `count` contacts. Capture is local-first: the toast comes at once
    and the status line can still read "Saved" from the previous send, so only the server can
    say that this capture arrived."""
    deadline = time.monotonic() + timeout
    while stored_count(app) < count:
        if time.monotonic() > deadline:
            raise AssertionError(f"the server has {stored_count(app)} contacts, not {count}")
        time.sleep(0.2)


def wait_until_stored(app, names: set[str], timeout: float = 20.0) -> None:
    """Until the server holds a contact by each of these names."""
    deadline = time.monotonic() + timeout
    while not names <= set(stored_names(app)):
        if time.monotonic() > deadline:
            raise AssertionError(f"the server lacks {names - set(stored_names(app))}")
        time.sleep(0.2)


def reconnect(context, page):
    """The phone loses and regains its network, as walking through a venue: the page sees an
    `offline` then an `online` event (one of the outbox's sync triggers)."""
    context.set_offline(True)
    wait_until(page, "navigator.onLine === false")
    context.set_offline(False)
    wait_until(page, "navigator.onLine === true")
