"""Issue 17 done-when, on a 390x844 phone: capture three people with notes, practise them with
one wrong (offline), the answers sync once, and the next day the wrong one comes back first."""

from datetime import date, timedelta

from playwright.sync_api import expect
from pwa_steps import back_online, go_offline, phone_at_event, wait_for_stored, wait_until
from sqlalchemy import func, select

from netpwa.extensions import db
from netpwa.recall.models import RecallAnswer

PEOPLE = {"Zoë Lima": "red scarf, sings", "Bo Chen": "tall, plays cello",
          "Cy Osei": "rhymes with pie"}
TODAY = date(2026, 12, 6)


def _answers(app) -> int:
    with app.app_context():
        count = db.session.scalar(select(func.count(RecallAnswer.id)))
        db.session.remove()
        return count


def _capture_with_note(page, name, note):
    page.locator("summary", has_text="More details").click()
    page.get_by_label("Remember them by").fill(note)
    field = page.get_by_label("Name", exact=True)
    field.fill(name)
    field.press("Enter")
    expect(field).to_have_value("")
    expect(page.locator("#toasts")).to_contain_text(f"Saved {name}")


def _visible_card(page):
    return page.locator("[data-recall-card]:visible")


def test_practise_three_with_one_wrong_offline_and_it_comes_back_first(phone, live_server,
                                                                       live_app):
    live_app.config["TODAY"] = TODAY.isoformat()
    page = phone.new_page()
    phone_at_event(page)
    for name, note in PEOPLE.items():
        _capture_with_note(page, name, note)
    expect(page.locator("#goal-counter")).to_contain_text("3 of 3")
    wait_for_stored(live_app, 3)
    page.goto("/")
    expect(page.locator("#recall-due")).to_have_text("3 names to practise")
    page.locator("#recall-due a").click()
    expect(page.get_by_role("heading", name="Names due today")).to_be_visible()

    # The signal drops at the venue: the drill goes on, answers wait in the outbox.
    go_offline(phone, live_server)
    for _ in PEOPLE:
        card = _visible_card(page)
        note = card.locator("dd.recall-note").inner_text()
        name = next(n for n, text in PEOPLE.items() if text == note)
        if name == "Zoë Lima":
            card.get_by_label("Their name").fill("  zoe ")  # accents, case, spaces forgiven
            card.get_by_label("Their name").press("Enter")
            expect(card.locator("[data-recall-verdict]")).to_have_text("Right!")
        elif name == "Bo Chen":
            card.get_by_label("Their name").fill("Bob")
            card.get_by_role("button", name="Check").click()
            expect(card.locator("[data-recall-verdict]")).to_contain_text("Not quite")
        else:
            card.get_by_role("button", name="Cy Osei").click()
            expect(card.locator("[data-recall-verdict]")).to_have_text("Right!")
        expect(card.locator(".recall-name")).to_have_text(name)
        expect(card.locator("[data-recall-reveal] .recall-note")).to_have_text(PEOPLE[name])
        card.locator("[data-recall-next]").click()
    expect(page.locator("[data-recall-score]")).to_have_text("You knew 2 of 3 names.")
    expect(page.locator("[data-sync-badge]")).to_have_text("3 waiting to sync")
    assert _answers(live_app) == 0

    back_online(phone, live_server)
    expect(page.locator("[data-sync-badge]")).to_be_hidden(timeout=20_000)
    assert _answers(live_app) == 3
    page.reload()
    wait_until(page, "window.netpwaOutbox.pending(document.getElementById('sync-status')"
                     ".dataset.user).then((rows) => rows.length === 0)")
    page.wait_for_timeout(500)
    assert _answers(live_app) == 3

    live_app.config["TODAY"] = (TODAY + timedelta(days=1)).isoformat()
    page.goto("/")
    expect(page.locator("#recall-due")).to_have_text("1 name to practise")
    page.locator("#recall-due a").click()
    expect(_visible_card(page).locator("dd.recall-note")).to_have_text(PEOPLE["Bo Chen"])
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
