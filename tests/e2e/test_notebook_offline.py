"""Logging on a contact's timeline without a connection: the interaction waits in the phone's
outbox and reaches the server exactly once when the connection returns."""

from playwright.sync_api import expect
from pwa_steps import back_online, capture, go_offline, phone_at_event
from sqlalchemy import select

from netpwa.contacts.models import Contact
from netpwa.extensions import db
from netpwa.notebook.models import Interaction, InteractionHistory


def _contact_page(page, live_app, name):
    """Capture someone online and open their contact page."""
    capture(page, name)
    expect(page.locator("[data-capture-status]")).to_have_text("Saved")  # sent behind the page
    with live_app.app_context():
        contact_id = db.session.scalar(select(Contact.id).where(Contact.name == name))
        db.session.remove()
    page.goto(f"/contacts/{contact_id}")
    return contact_id


def _logged(live_app, contact_id):
    with live_app.app_context():
        rows = db.session.execute(
            select(Interaction.kind, Interaction.text)
            .where(Interaction.contact_id == contact_id, Interaction.deleted_at.is_(None),
                   Interaction.kind != "met")).all()
        db.session.remove()
        return [tuple(row) for row in rows]


def _log_coffee(page, text):
    timeline = page.locator("#timeline")
    page.get_by_label("What happened").fill(text)
    timeline.get_by_role("button", name="Coffee chat").click()
    expect(timeline.locator("[data-log-status]")).to_have_text("Saved on this phone, will sync.")
    expect(page.get_by_label("What happened")).to_have_value("")
    expect(page.locator("[data-sync-badge]")).to_have_text("1 waiting to sync")


def test_a_coffee_chat_logged_offline_syncs_once(phone, live_server, live_app):
    page = phone.new_page()
    phone_at_event(page)
    contact_id = _contact_page(page, live_app, "Oli Offline")
    go_offline(phone, live_server)
    _log_coffee(page, "Coffee by the river, talked Go jobs")
    assert _logged(live_app, contact_id) == []
    back_online(phone, live_server)
    expect(page.locator("[data-sync-badge]")).to_be_hidden(timeout=20_000)
    assert _logged(live_app, contact_id) == [("coffee", "Coffee by the river, talked Go jobs")]
    page.reload()
    expect(page.locator("#timeline .timeline__list")).to_contain_text("Coffee by the river, talked Go jobs")
    # A sync after the reload sends nothing twice.
    page.evaluate("window.netpwa.sync()")
    assert _logged(live_app, contact_id) == [("coffee", "Coffee by the river, talked Go jobs")]


def test_a_log_the_server_never_answers_is_kept_and_sent_later(phone, live_server, live_app):
    """The browser thinks it is online, but the server is unreachable: the log is queued, not lost."""
    page = phone.new_page()
    phone_at_event(page)
    contact_id = _contact_page(page, live_app, "Una Reach")
    live_server.stop()
    _log_coffee(page, "Coffee near the office")
    live_server.start()
    expect(page.locator("[data-sync-badge]")).to_be_hidden(timeout=30_000)
    assert _logged(live_app, contact_id) == [("coffee", "Coffee near the office")]


def _rows(live_app, contact_id):
    """(kind, text, trashed) of each interaction but the capture's "met", oldest first, and
    the values kept by edits."""
    with live_app.app_context():
        rows = db.session.execute(
            select(Interaction.kind, Interaction.text, Interaction.deleted_at.is_not(None))
            .where(Interaction.contact_id == contact_id, Interaction.kind != "met")
            .order_by(Interaction.id)).all()
        kept = db.session.scalars(select(InteractionHistory.old_value).where(
            InteractionHistory.field == "text")).all()
        db.session.remove()
        return [tuple(row) for row in rows], kept


def test_edit_and_remove_an_interaction_without_the_server(phone, live_server, live_app):
    """Edit while the server can't be reached (the browser thinks it is online), remove with no
    network at all: both show at once, wait in the outbox, reach the server once, and keep the
    old text in the history and the removed one in the trash."""
    page = phone.new_page()
    phone_at_event(page)
    contact_id = _contact_page(page, live_app, "Eda Edits")
    timeline = page.locator("#timeline")
    page.get_by_label("What happened").fill("Coffee, talked Go")
    timeline.get_by_role("button", name="Coffee chat").click()
    expect(timeline).to_contain_text("Logged: Coffee chat")
    page.get_by_label("What happened").fill("Quick call about the meetup")
    timeline.get_by_role("button", name="Call").click()
    expect(timeline.locator("li.interaction--call")).to_have_count(1)

    live_server.stop()
    timeline.get_by_role("link", name="Edit Coffee chat").click()
    coffee = timeline.locator("li.interaction--coffee")
    edited = coffee.get_by_label("What happened")
    expect(edited).to_have_value("Coffee, talked Go")  # filled from the page, not the server
    edited.fill("Coffee, talked Go and Rust jobs")
    coffee.get_by_label("What I learned / what helped").fill("Ask for the team's reading list")
    coffee.get_by_role("button", name="Save").click()
    expect(coffee).to_contain_text("Edited on this phone.")
    expect(coffee).to_contain_text("Coffee, talked Go and Rust jobs")
    expect(coffee).to_contain_text("What helped: Ask for the team's reading list")
    expect(page.locator("[data-sync-badge]")).to_have_text("1 waiting to sync")

    phone.set_offline(True)
    timeline.get_by_role("button", name="Remove Call").click()
    expect(timeline.locator("li.interaction--call")).to_contain_text("Call removed on this phone.")
    expect(page.locator("[data-sync-badge]")).to_have_text("2 waiting to sync")
    assert _rows(live_app, contact_id) == ([("coffee", "Coffee, talked Go", False),
                                            ("call", "Quick call about the meetup", False)], [])

    back_online(phone, live_server)
    expect(page.locator("[data-sync-badge]")).to_be_hidden(timeout=30_000)
    expected = ([("coffee", "Coffee, talked Go and Rust jobs", False),
                 ("call", "Quick call about the meetup", True)], ["Coffee, talked Go"])
    assert _rows(live_app, contact_id) == expected
    # Once sent, the timeline shows what the server has, without a reload.
    expect(coffee).not_to_contain_text("waiting to sync")
    expect(coffee).to_contain_text("Earlier values (2)")
    expect(timeline.locator("li.interaction--call")).to_have_count(0)
    page.reload()
    expect(timeline.locator("li.interaction--coffee")).to_contain_text(
        "What helped: Ask for the team's reading list")
    expect(timeline.locator("li.interaction--call")).to_have_count(0)
    timeline.get_by_text("Earlier values (2)").click()
    expect(timeline.locator(".interaction__history")).to_contain_text(
        "What happened was Coffee, talked Go")
    timeline.get_by_text("Trash (1)").click()
    expect(timeline.locator(".timeline__trash")).to_contain_text("Quick call about the meetup")
    # Syncing again sends nothing twice.
    page.evaluate("window.netpwa.sync()")
    assert _rows(live_app, contact_id) == expected
