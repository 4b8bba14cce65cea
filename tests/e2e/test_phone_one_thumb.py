"""Everything on the phone one thumb away: the tab bar with More, the goal buttons, and the
chat timer switched, counted down, stopped and reset on the capture screen itself."""

import re

from e2e_helpers import register
from playwright.sync_api import expect
from sqlalchemy import select

from netpwa.contacts.models import Contact
from netpwa.extensions import db


def _at_event(page):
    register(page)
    page.goto("/events/new")
    page.get_by_label("Event name").fill("PyData Night")
    page.get_by_role("button", name="Create event").click()
    page.wait_for_url("**/")


def _tall_enough(locator):
    box = locator.bounding_box()
    assert box and box["height"] >= 44 and box["width"] >= 44, box


def test_the_tab_bar_reaches_every_capability(phone):
    page = phone.new_page()
    _at_event(page)
    tabbar = page.get_by_role("navigation", name="Quick")
    for name in ("Capture", "Contacts", "Scan", "My QR"):
        _tall_enough(tabbar.get_by_role("link", name=name, exact=True))
    more = tabbar.get_by_text("More", exact=True)
    _tall_enough(more)
    more.click()
    for name in ("Events", "Name tags", "My card"):
        link = tabbar.get_by_role("link", name=name, exact=True)
        expect(link).to_be_visible()
        _tall_enough(link)
    tabbar.get_by_role("link", name="Events", exact=True).click()
    page.wait_for_url(re.compile(r"/events/?$"))
    expect(page.get_by_role("heading", level=1)).to_be_visible()


def test_goal_buttons_raise_and_lower_the_goal(phone):
    page = phone.new_page()
    _at_event(page)
    counter = page.locator("#goal-counter")
    expect(counter).to_contain_text("0 of 3 new people")
    page.get_by_role("button", name="Goal +1", exact=True).click()
    expect(counter).to_contain_text("0 of 4 new people")
    page.get_by_role("button", name="Goal −1", exact=True).click()
    expect(counter).to_contain_text("0 of 3 new people")
    _tall_enough(page.get_by_role("button", name="Goal −1", exact=True))


def test_chat_timer_counts_down_buzzes_and_its_length_is_kept(phone, live_app):
    page = phone.new_page()
    page.add_init_script("window.buzzes = []; navigator.vibrate = (ms) => { window.buzzes.push(ms); return true; };")
    page.clock.install()
    _at_event(page)
    timer = page.locator("[data-chat-timer]")
    clock = timer.locator("[data-chat-clock]")
    expect(clock).to_have_text("3:00")
    timer.get_by_role("button", name="30 s").click()
    expect(timer.get_by_role("button", name="30 s")).to_have_attribute("aria-pressed", "true")
    expect(clock).to_have_text("0:30")
    timer.get_by_role("button", name="Start chat").click()
    expect(page.get_by_label("Name", exact=True)).to_be_focused()
    page.clock.run_for(10_000)
    expect(clock).to_have_text("0:20")
    expect(timer).to_have_class(re.compile("chat-timer--running"))
    assert page.evaluate("window.buzzes") == []
    page.clock.run_for(22_000)
    expect(timer).to_have_class(re.compile("chat-timer--over"))
    expect(clock).to_have_text(re.compile(r"^\+0:0\d$"))
    assert page.evaluate("window.buzzes") == [200]
    timer.get_by_role("button", name="Stop").click()
    expect(timer.get_by_role("button", name="Stop")).to_be_disabled()
    page.clock.run_for(10_000)
    expect(clock).to_have_text(re.compile(r"^\+0:0\d$"))

    # The 30 s choice is remembered for this event on this phone.
    page.reload()
    expect(timer.get_by_role("button", name="30 s")).to_have_attribute("aria-pressed", "true")

    name = page.get_by_label("Name", exact=True)
    name.fill("Tim Chat")
    name.press("Enter")
    expect(page.locator("#toasts")).to_contain_text("Saved Tim Chat")
    expect(clock).to_have_text("0:30")
    expect(timer.get_by_role("button", name="Reset")).to_be_disabled()
    with live_app.app_context():
        for _ in range(50):
            seconds = db.session.scalar(select(Contact.chat_seconds).where(Contact.name == "Tim Chat"))
            db.session.remove()
            if seconds is not None:
                break
            page.wait_for_timeout(200)
    assert 31 <= seconds <= 34


def test_reset_clears_the_timer(phone):
    page = phone.new_page()
    page.clock.install()
    _at_event(page)
    timer = page.locator("[data-chat-timer]")
    timer.get_by_role("button", name="Start chat").click()
    page.clock.run_for(5_000)
    expect(timer.locator("[data-chat-clock]")).to_have_text("2:55")
    timer.get_by_role("button", name="Reset").click()
    expect(timer.locator("[data-chat-clock]")).to_have_text("3:00")
    expect(timer.get_by_role("button", name="Start chat")).to_be_visible()
