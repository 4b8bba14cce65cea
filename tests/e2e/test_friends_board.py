"""Friends at the same event, in three browsers as three people: Ana shares PyData Night, Bea
and Caio join by the link, everyone captures and every board follows within seconds; Caio
leaves, Bea hides, and no URL shows anyone another person's contacts."""

import re

from e2e_helpers import register
from playwright.sync_api import expect
from pwa_steps import capture, phone_at_event, wait_until_stored
from sqlalchemy import select

from conftest import PHONE
from netpwa.auth.models import User
from netpwa.contacts.models import Contact
from netpwa.extensions import db

# The board polls every 5 s: "within seconds" is two polls and a margin.
WITHIN_SECONDS = 15_000


def _row(page, name: str):
    return page.locator("#friends-board [data-board-row]").filter(
        has=page.locator("[data-board-name]", has_text=re.compile(f"^{name}$")))


def _contacts_of(app, email: str) -> list[tuple[int, str]]:
    with app.app_context():
        rows = db.session.execute(select(Contact.id, Contact.name).join(
            User, User.id == Contact.owner_id).where(User.email == email)).all()
        db.session.remove()
        return [tuple(row) for row in rows]


def test_three_friends_share_a_board(browser, live_server, live_app):
    contexts = [browser.new_context(viewport=PHONE, has_touch=True, is_mobile=True,
                                    base_url=live_server.url) for _ in range(3)]
    for context in contexts:
        context.set_default_timeout(10_000)
    ana, bea, caio = (context.new_page() for context in contexts)
    errors = []
    for page in (ana, bea, caio):
        page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        # Ana is at PyData Night and shares it.
        phone_at_event(ana, "PyData Night")
        ana.get_by_role("link", name="Bring friends: share this event").click()
        ana.get_by_role("button", name="Share with friends").click()
        link = ana.locator("[data-join-link]").get_attribute("href")
        assert re.search(r"/e/[A-Za-z0-9_-]{22,}$", link), link
        expect(ana.locator(".share__qr svg")).to_be_visible()

        # Bea and Caio join by the link, in one step each.
        for page, email, name in ((bea, "bea@example.com", "Bea"),
                                  (caio, "caio@example.com", "Caio")):
            register(page, email, name=name)
            page.goto(link)
            expect(page.get_by_role("heading", level=1)).to_have_text("Join Ana at PyData Night")
            expect(page.get_by_label("The name your friends see")).to_have_value(name)
            page.get_by_role("button", name="Join the board").click()
            page.wait_for_url("**/")
            expect(page.locator("#goal-counter")).to_contain_text("PyData Night")
            expect(page.locator("#friends-board")).to_contain_text("Ana")

        # Each captures people; every board shows everyone's count within seconds.
        ana.goto("/")
        for page, names in ((ana, ["Priya Raman", "Marcus Lee"]),
                            (bea, ["Zoe Park", "Omar Haddad", "Lin Wu"]),
                            (caio, ["Sam Okafor"])):
            for name in names:
                capture(page, name)
        wait_until_stored(live_app, {"Priya Raman", "Marcus Lee", "Zoe Park", "Omar Haddad",
                                     "Lin Wu", "Sam Okafor"})
        expected = {"Ana": "2 of 3", "Bea": "3 of 3", "Caio": "1 of 3"}
        for viewer, me in ((ana, "Ana"), (bea, "Bea"), (caio, "Caio")):
            for name, count in expected.items():
                row = viewer.locator("#friends-board [data-board-me]") if name == me \
                    else _row(viewer, name)
                expect(row).to_contain_text(count, timeout=WITHIN_SECONDS)
            expect(_row(viewer, "Bea") if me != "Bea" else viewer.locator(
                "#friends-board [data-board-me]")).to_contain_text("first to their goal")
        # "Who's here": all three said so by joining (or creating the event).
        expect(ana.locator("[data-board-here]")).to_contain_text("Caio")

        # Caio leaves: gone from Ana's and Bea's boards within seconds.
        caio.get_by_role("link", name="Join link, leave, who's on it").click()
        caio.get_by_role("button", name="Leave the board").click()
        expect(caio.locator(".flash")).to_contain_text("You left the board")
        for viewer in (ana, bea):
            expect(_row(viewer, "Caio")).to_have_count(0, timeout=WITHIN_SECONDS)
            expect(viewer.locator("[data-board-here]")).not_to_contain_text("Caio")
        caio.goto("/")
        expect(caio.locator("#friends-board")).to_have_count(0)

        # Bea hides from every board: gone from Ana's; she still sees hers, marked hidden.
        bea.goto("/friends")
        bea.get_by_role("button", name="Hide me from every board").click()
        expect(bea.locator(".flash")).to_contain_text("You're hidden from every board now")
        expect(_row(ana, "Bea")).to_have_count(0, timeout=WITHIN_SECONDS)
        bea.goto("/")
        expect(bea.locator("#friends-board")).to_contain_text("You're hidden from every board")

        # No URL lets anyone read another's contacts: every id of Ana's is 404 for Bea and
        # Caio, their lists and sync pull hold their own people only, and no board names one.
        ana_contacts = _contacts_of(live_app, "ana@example.com")
        assert len(ana_contacts) == 2
        for page in (bea, caio):
            for contact_id, name in ana_contacts:
                for url in (f"/contacts/{contact_id}", f"/contacts/{contact_id}/fields/name",
                            f"/timeline/{contact_id}"):
                    response = page.request.get(url)
                    assert response.status == 404, (url, response.status)
            listing = page.request.get("/contacts").text()
            pulled = page.request.get("/api/changes").text()
            for _id, name in ana_contacts:
                assert name not in listing and name not in pulled
        everyone = {email: {name for _id, name in _contacts_of(live_app, email)}
                    for email in ("ana@example.com", "bea@example.com", "caio@example.com")}
        for page, email in ((ana, "ana@example.com"), (bea, "bea@example.com"),
                            (caio, "caio@example.com")):
            with live_app.app_context():
                own_event = db.session.scalar(select(User.current_event_id).where(
                    User.email == email))
                db.session.remove()
            shown = page.request.get(f"/friends/events/{own_event}").text() + page.request.get(
                f"/events/{own_event}").text() + page.request.get("/").text()
            others = set().union(*(names for who, names in everyone.items() if who != email))
            assert not [name for name in others if name in shown], email
        assert not errors, errors
    finally:
        for context in contexts:
            context.close()



def _friend_joins_and_meets(app, email: str, name: str, met: int) -> None:
    """A friend on another phone joins Ana's board and meets people (made directly: this
    test is about Ana's screen)."""
    from netpwa.events.models import Event
    from netpwa.friends import sharing
    from netpwa.friends.models import EventShare
    with app.app_context():
        friend = User(email=email, display_name=name)
        friend.set_password("not used in this test 4821!")
        db.session.add(friend)
        db.session.commit()
        code = db.session.scalar(select(EventShare.code).where(EventShare.revoked_at.is_(None)))
        own_event_id = sharing.join(code, friend, name).own_event_id
        for i in range(met):
            db.session.add(Contact(owner_id=friend.id, event_id=own_event_id, name=f"{name}'s {i}"))
        db.session.commit()
        assert db.session.get(Event, own_event_id).owner_id == friend.id
        db.session.remove()


def _share_current_event(page) -> None:
    page.get_by_role("link", name="Bring friends: share this event").click()
    page.get_by_role("button", name="Share with friends").click()
    expect(page.locator("[data-join-link]")).to_be_visible()


def test_the_board_rests_while_hidden_and_keeps_the_last_board_offline(phone, live_server,
                                                                        live_app):
    from pwa_steps import go_offline, wait_for_stored
    page = phone.new_page()
    phone_at_event(page, "PyData Night")
    _share_current_event(page)
    _friend_joins_and_meets(live_app, "bea@example.com", "Bea", 2)
    page.goto("/")
    expect(_row(page, "Bea")).to_contain_text("2 of 3")
    capture(page, "Priya Raman")
    wait_for_stored(live_app, 3)
    expect(page.locator("#friends-board [data-board-me]")).to_contain_text("1 of 3")

    # Hidden (another app in front, the phone locked): no polling; shown again: at once.
    polls = []
    page.on("request", lambda request: polls.append(request.url)
            if request.url.endswith("/board") else None)
    page.evaluate("""() => {
        Object.defineProperty(document, "visibilityState", {get: () => "hidden", configurable: true});
        document.dispatchEvent(new Event("visibilitychange"));
    }""")
    page.wait_for_timeout(11_000)
    assert polls == [], "a hidden screen kept polling"
    page.evaluate("""() => {
        Object.defineProperty(document, "visibilityState", {get: () => "visible", configurable: true});
        document.dispatchEvent(new Event("visibilitychange"));
    }""")
    page.wait_for_timeout(1_500)
    assert len(polls) == 1, polls

    # Offline: the kept screen shows the last board, marked with its time, and my own count
    # with the captures still waiting in the outbox.
    _friend_joins_and_meets(live_app, "caio@example.com", "Caio", 1)
    expect(_row(page, "Caio")).to_contain_text("1 of 3", timeout=WITHIN_SECONDS)
    go_offline(phone, live_server)
    expect(page.locator("#friends-board")).to_contain_text("Offline · last known board",
                                                           timeout=WITHIN_SECONDS)
    page.reload()
    assert page.evaluate("document.documentElement.hasAttribute('data-offline-copy')")
    board = page.locator("#friends-board")
    expect(board).to_contain_text("Offline · last known board")
    expect(board.locator("[data-board-time]")).to_have_text(re.compile(r"^\d\d:\d\d$"))
    expect(_row(page, "Caio")).to_contain_text("1 of 3")
    capture(page, "Marcus Lee")
    capture(page, "Zoe Park")
    expect(page.locator("[data-sync-badge]")).to_have_text("2 waiting to sync")
    expect(page.locator("#friends-board [data-board-me]")).to_contain_text("3 of 3")
    expect(_row(page, "Bea")).to_contain_text("2 of 3")
