"""The follow-up notebook in a real browser, on a laptop and on a phone (390x844)."""

from datetime import date, timedelta

import pytest
from e2e_helpers import register
from playwright.sync_api import expect

from netpwa.auth.models import User
from netpwa.contacts.models import Contact
from netpwa.extensions import db
from netpwa.notebook.cadence import next_due


def _day(value: date) -> str:
    return f"{value.day} {value.strftime('%b %Y')}"


PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1280, "height": 800}


@pytest.fixture(params=["laptop", "phone"])
def device(request, browser, live_server):
    """A laptop (1280x800) or a phone (390x844, touch). No service worker: these tests are
    about the notebook online, and a worker answering a slow navigation with a kept copy of
    another page (the machine is busy while suites run) would test the worker instead."""
    options = ({"viewport": PHONE, "has_touch": True, "is_mobile": True}
               if request.param == "phone" else {"viewport": LAPTOP})
    context = browser.new_context(base_url=live_server.url, service_workers="block", **options)
    context.set_default_timeout(15_000)
    yield context
    context.close()


def _add_contacts(live_app, *people):
    """Contacts for the registered user: (name, follow_up_by) each; returns their ids."""
    with live_app.app_context():
        owner = db.session.query(User).one()
        rows = [Contact(owner_id=owner.id, name=name, source="import", follow_up_by=due)
                for name, due in people]
        db.session.add_all(rows)
        db.session.commit()
        return [row.id for row in rows]


def test_log_a_coffee_chat_and_watch_next_follow_up_move(device, live_app):
    page = device.new_page()
    register(page)
    overdue = date.today() - timedelta(days=3)
    (bea,) = _add_contacts(live_app, ("Bea Costa", overdue))
    page.goto(f"/contacts/{bea}")
    timeline = page.locator("#timeline")
    expect(timeline).to_contain_text("Next follow-up: " + _day(overdue))
    page.get_by_label("What happened").fill("Coffee at the station, talked Rust jobs")
    timeline.get_by_role("button", name="Coffee chat").click()
    expect(timeline).to_contain_text("Logged: Coffee chat")
    moved = next_due(date.today(), "2m")
    expect(timeline).to_contain_text("Next follow-up: " + _day(moved))
    expect(timeline).to_contain_text("Coffee at the station, talked Rust jobs")
    expect(page.locator("#follow-up-status")).to_contain_text("Next check-in by " + _day(moved))
    # A tighter rhythm moves it again, from the same coffee.
    page.get_by_label("Check in").select_option("2w")
    timeline.get_by_role("button", name="Set").click()
    expect(timeline).to_contain_text(
        "Next follow-up: " + _day(date.today() + timedelta(days=14)))
    page.reload()
    expect(page.locator("#timeline li.interaction--coffee")).to_have_count(1)


def test_snooze_and_complete_items_on_follow_ups(device, live_app):
    page = device.new_page()
    register(page)
    today = date.today()
    _add_contacts(live_app, ("Bea Costa", today - timedelta(days=10)), ("Cy Dias", today),
                  ("Dara Lee", today + timedelta(days=3)))
    page.goto("/")
    expect(page.locator("#due-count")).to_contain_text("2 follow-ups due")
    page.locator("#due-count").get_by_role("link").click()
    expect(page.get_by_role("heading", name="Overdue (1)")).to_be_visible()
    expect(page.get_by_role("heading", name="Today (1)")).to_be_visible()
    expect(page.get_by_role("heading", name="This week (1)")).to_be_visible()

    page.get_by_role("button", name="Snooze a week: Follow up with Bea Costa").click()
    expect(page.get_by_text("Snoozed until")).to_be_visible()
    expect(page.locator("#due-count")).to_contain_text("1 follow-up due")

    page.get_by_role("button", name="Done: Follow up with Cy Dias").click()
    expect(page.get_by_text("Done: logged")).to_be_visible()
    expect(page.locator("#due-count")).to_contain_text("No follow-ups due")

    page.goto("/")
    expect(page.locator("#due-count")).to_contain_text("No follow-ups due")
    page.goto("/follow-ups")
    expect(page.get_by_text("Follow up with Bea Costa")).to_have_count(0)
    expect(page.get_by_text("Follow up with Cy Dias")).to_have_count(0)
    expect(page.get_by_text("Follow up with Dara Lee")).to_be_visible()
    # Done logged a message on Cy's timeline.
    page.goto("/contacts")
    page.get_by_role("link", name="Cy Dias").first.click()
    expect(page.locator("#timeline")).to_contain_text("Message")


def test_timeline_and_follow_ups_fit_a_360px_phone(browser, live_server, live_app):
    """No sideways scroll, 44 px touch targets and a label on every field, on the contact page
    (timeline with entries, the edit form open, earlier values shown) and on Follow-ups."""
    from test_mobile import OVERFLOW, TOO_SMALL, UNLABELLED
    context = browser.new_context(viewport={"width": 360, "height": 740}, has_touch=True,
                                  is_mobile=True, base_url=live_server.url,
                                  service_workers="block")
    context.set_default_timeout(10_000)
    try:
        page = context.new_page()
        register(page)
        (bea,) = _add_contacts(live_app, ("Bea Costa-Long-Name-Without-Spaces-At-All-Really",
                                          date.today()))
        page.goto(f"/contacts/{bea}")
        page.get_by_label("What happened").fill("A rather long line about what we discussed " * 3)
        page.locator("#timeline").get_by_role("button", name="Coffee chat").click()
        expect(page.locator("#timeline")).to_contain_text("Logged: Coffee chat")
        page.get_by_text("Date, what helped").click()

        def check(moment):
            page.wait_for_load_state("load")
            assert page.evaluate(OVERFLOW) <= 0, moment
            # The contacts' own inline fields (28 px click-to-edit values) are theirs to fix.
            assert [p for p in page.evaluate(TOO_SMALL) if "ifield__" not in p] == [], moment
            assert page.evaluate(UNLABELLED) == [], moment

        check("timeline")
        page.locator("#timeline").get_by_role("link", name="Edit Coffee chat").click()
        expect(page.get_by_label("What", exact=True)).to_be_visible()
        check("edit form")
        page.locator("#timeline li.interaction--coffee").get_by_label("What happened").fill(
            "Shorter now")
        page.locator("#timeline").get_by_role("button", name="Save").click()
        page.locator("#timeline").get_by_text("Earlier values (1)").click()
        expect(page.locator("#timeline .interaction__history")).to_contain_text("What happened was")
        check("earlier values")
        page.goto("/follow-ups")
        page.wait_for_load_state("load")
        assert page.evaluate(OVERFLOW) <= 0, "/follow-ups"
        assert page.evaluate(TOO_SMALL) == [], "/follow-ups"
    finally:
        context.close()
