"""Outreach in a real browser, on a laptop and on a phone: Write… fills the thank-you from
what was logged (the event, what helped), a referral chain of three seen from each person,
and a double opt-in intro to the end with each step on both timelines."""

from datetime import UTC, datetime

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from e2e_helpers import register
from netpwa.auth.models import User
from netpwa.contacts.models import Contact
from netpwa.events.models import Event
from netpwa.extensions import db


@pytest.fixture(params=["laptop", "phone"])
def page(request):
    context = request.getfixturevalue(request.param)
    page = context.new_page()
    yield page
    page.close()


def _seed(app, *people, event=None) -> dict[str, int]:
    """Contacts for the registered user, straight into the database: name -> id."""
    with app.app_context():
        owner_id = db.session.scalar(select(User.id).where(User.email == "ana@example.com"))
        event_id = None
        if event:
            row = Event(owner_id=owner_id, name=event, held_on=datetime(2026, 3, 12).date())
            db.session.add(row)
            db.session.flush()
            event_id = row.id
        ids = {}
        for name, fields in people:
            contact = Contact(owner_id=owner_id, name=name, event_id=event_id,
                              met_at=datetime(2026, 3, 12, 19, tzinfo=UTC), **fields)
            db.session.add(contact)
            db.session.flush()
            ids[name] = contact.id
        db.session.commit()
        return ids


def _set_referrer(page, contact_id: int, referrer: str):
    page.goto(f"/contacts/{contact_id}")
    page.get_by_label("Introduced by").fill(referrer)
    page.get_by_role("button", name="Save who introduced them").click()
    expect(page.locator("#referrals")).to_contain_text(f"Introduced by {referrer}")


def test_a_referral_chain_of_three_seen_from_each_person(page, live_app):
    register(page)
    ids = _seed(live_app, ("Ana Reis", {}), ("Bruno Dias", {}), ("Carla Nunes", {}))
    _set_referrer(page, ids["Bruno Dias"], "Ana Reis")
    _set_referrer(page, ids["Carla Nunes"], "Bruno Dias")

    page.goto(f"/contacts/{ids['Ana Reis']}")
    referrals = page.locator("#referrals")
    expect(referrals).to_contain_text("Introduced you to:")
    # The list of whom they introduced (the notebook also asks to tell Ana how it went with Bruno).
    expect(referrals.locator("ul.people").get_by_role("link", name="Bruno Dias")).to_be_visible()
    page.goto(f"/contacts/{ids['Bruno Dias']}")
    expect(referrals).to_contain_text("Introduced by Ana Reis")
    expect(referrals.locator("ul.people").get_by_role("link", name="Carla Nunes")).to_be_visible()
    page.goto(f"/contacts/{ids['Carla Nunes']}")
    expect(referrals).to_contain_text("Introduced by Bruno Dias")

    page.goto("/referrals")
    chain = page.locator(".refs")
    expect(chain.locator("li li li")).to_have_text("Carla Nunes")
    expect(chain.locator("> ul > li > a")).to_have_text("Ana Reis")

    # Closing the loop is refused at the field; nothing changes.
    page.goto(f"/contacts/{ids['Ana Reis']}")
    page.get_by_label("Introduced by").fill("Carla Nunes")
    page.get_by_role("button", name="Save who introduced them").click()
    expect(page.locator("#referrals .field__error")).to_contain_text("That would make a loop")
    page.reload()
    expect(page.locator("#referrals")).not_to_contain_text("Introduced by Carla")


INTRO_LOG = ["Introduced Ana Reis and Bruno Dias",
             "Bruno Dias agreed to an intro to Ana Reis",
             "Asked Bruno Dias whether they'd like an intro to Ana Reis",
             "Ana Reis agreed to an intro to Bruno Dias",
             "Asked Ana Reis whether they'd like an intro to Bruno Dias"]


def _intro_log(page, contact_id: int) -> list[str]:
    """The intro steps on a contact's timeline, newest first, as the page shows them."""
    page.goto(f"/contacts/{contact_id}")
    return page.locator("#timeline li.interaction--intro .interaction__text").all_inner_texts()


def test_a_double_opt_in_intro_to_the_end(page, live_app):
    register(page)
    ids = _seed(live_app, ("Ana Reis", {"headline": "Designer"}),
                ("Bruno Dias", {"headline": "Data engineer", "company": "Acme"}))
    page.goto(f"/contacts/{ids['Ana Reis']}")
    page.get_by_role("link", name="Introduce Ana Reis to…").click()
    expect(page.get_by_label("Ask first")).to_have_value("Ana Reis")
    page.get_by_label("Introduce them to").fill("Bruno Dias")
    page.get_by_role("button", name="Start intro").click()
    expect(page.get_by_role("heading", name="Intro: Ana Reis and Bruno Dias")).to_be_visible()
    intro_url = page.url

    page.get_by_role("link", name="Write to Ana Reis: would they like an intro?").click()
    expect(page.locator("[data-preview]")).to_contain_text(
        "I know Bruno (Data engineer at Acme)")
    page.get_by_role("link", name="Sent? Back to the intro to record the step").click()

    # Each step lands on both timelines as it is recorded, not only at the end.
    for done, step in enumerate(("Ana Reis agreed", "Asked Bruno Dias", "Bruno Dias agreed",
                                 "Intro sent"), start=2):
        page.get_by_role("button", name=step).click()
        expect(page.locator("[aria-current=step]")).to_have_text(step)
        logged = INTRO_LOG[-done:]
        assert _intro_log(page, ids["Ana Reis"]) == logged, step
        assert _intro_log(page, ids["Bruno Dias"]) == logged, step
        page.goto(intro_url)
    expect(page.get_by_text("Ana Reis and Bruno Dias have been introduced.")).to_be_visible()
    # At the end each step is on both timelines once.
    page.goto(f"/contacts/{ids['Bruno Dias']}")
    expect(page.locator("#referrals")).to_contain_text("done")
    assert _intro_log(page, ids["Bruno Dias"]) == INTRO_LOG
    assert _intro_log(page, ids["Ana Reis"]) == INTRO_LOG


def test_write_fills_the_thank_you_from_the_data_and_email_follows_my_edits(page, live_app):
    """The event and "what helped" come from what was logged: the thank-you names the event
    we met at and cites what helped from the interview on the timeline, with no gap left."""
    register(page)
    ids = _seed(live_app, ("Bea Costa", {"email": "bea@example.com",
                                         "notes": "Data careers in healthcare"}),
                event="PyData Lisbon")
    page.goto("/profile")
    page.get_by_label("My superpowers").fill("SQL reviews")
    page.get_by_role("button", name="Save profile").click()

    page.goto(f"/contacts/{ids['Bea Costa']}")
    timeline = page.locator("#timeline")
    page.get_by_label("What happened").fill("Informational interview over video")
    page.get_by_text("Date, what helped").click()
    page.get_by_label("What I learned / what helped").fill("the intro to the hiring lead")
    timeline.get_by_role("button", name="Info interview").click()
    expect(timeline).to_contain_text("Logged: Informational interview")
    expect(timeline).to_contain_text("What helped: the intro to the hiring lead")

    page.get_by_role("link", name="Write…").click()
    page.get_by_label("Template").select_option(label="Thank you after an informational interview")
    preview = page.locator("[data-preview]")
    expect(preview).to_contain_text("Hi Bea,")
    expect(preview).to_contain_text("Ever since we met at PyData Lisbon")
    expect(preview).to_contain_text("What helped most: the intro to the hiring lead")
    expect(preview).to_contain_text("SQL reviews")
    expect(page.locator(".composer__gaps")).to_have_text(
        "Everything is filled in. Read it once, then send.")
    body = page.get_by_label("Message (edit freely)")
    expect(body).to_have_value(__import__("re").compile(
        r"PyData Lisbon[\s\S]*the intro to the hiring lead"))

    body.fill(body.input_value() + "\nSee you at the next meetup.")
    email = page.get_by_role("link", name="Email")
    expect(email).to_have_attribute("href", __import__("re").compile(
        r"^mailto:bea@example.com\?subject=Thank%20you.*the%20intro%20to%20the%20hiring%20lead"
        r".*See%20you%20at%20the%20next%20meetup"))
    page.get_by_role("button", name="Sent: log it on Bea Costa's timeline").click()
    expect(page.get_by_text("Logged on Bea Costa's timeline")).to_be_visible()


def test_outreach_pages_follow_the_phone_rules(browser, live_server, live_app):
    """At 360 px: no sideways scroll, 44 px touch targets, a label on every field."""
    from test_mobile import OVERFLOW, SMALL_PHONE, TOO_SMALL, UNLABELLED
    context = browser.new_context(viewport=SMALL_PHONE, has_touch=True, is_mobile=True,
                                  base_url=live_server.url, service_workers="block")
    context.set_default_timeout(10_000)
    page = context.new_page()
    register(page)
    ids = _seed(live_app, ("Ana Reis", {}), ("Bruno Dias with a long name indeed", {}),
                event="A meetup with a rather long name")
    _set_referrer(page, ids["Bruno Dias with a long name indeed"], "Ana Reis")
    page.goto("/intros")
    page.get_by_label("Ask first").fill("Ana Reis")
    page.get_by_label("Introduce them to").fill("Bruno Dias with a long name indeed")
    page.get_by_role("button", name="Start intro").click()
    intro_url = page.url
    page.goto("/reminders")
    page.get_by_role("button", name="Turn on the calendar feed").click()
    for path in ("/outreach", "/templates", "/templates/new", "/templates/reconnect/edit",
                 "/profile", f"/contacts/{ids['Ana Reis']}",
                 f"/outreach/contacts/{ids['Ana Reis']}/write?template=thank-you-interview",
                 "/referrals", "/intros", intro_url, "/reminders"):
        page.goto(path)
        assert page.evaluate(OVERFLOW) <= 0, path
        # On a contact page only the referrals panel is ours (the inline fields are not).
        targets = TOO_SMALL.replace("document.querySelectorAll(selector)",
                                    "document.querySelector('#referrals').querySelectorAll(selector)"
                                    ) if path.startswith("/contacts/") else TOO_SMALL
        assert page.evaluate(targets) == [], path
        assert page.evaluate(UNLABELLED) == [], path
    context.close()
