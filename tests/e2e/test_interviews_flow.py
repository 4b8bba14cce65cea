"""Issue 10's interview story in a real browser: prepare on a laptop from the question bank,
run it on a phone (offline part of the time), then the notes, the thank-you and referrals,
and a plan that counts them."""

from datetime import UTC, datetime, timedelta

from e2e_helpers import register
from playwright.sync_api import expect
from pwa_steps import back_online, go_offline, wait_for_worker, wait_until
from sqlalchemy import func, select

from netpwa.auth.models import User
from netpwa.contacts.models import Contact
from netpwa.extensions import db
from netpwa.interviews.models import Interview, InterviewQuestion
from netpwa.notebook.models import Interaction
from netpwa.plan.counting import FOLLOW_UP_KINDS


def _seed_contact(app, email, name):
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == email))
        db.session.add(Contact(owner_id=user.id, name=name, source="known"))
        db.session.commit()
        db.session.remove()


def _log_in(page, email="ana@example.com", password="correct horse battery"):
    page.goto("/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/")


def _stored(app, fn):
    with app.app_context():
        try:
            return fn()
        finally:
            db.session.remove()


def prepare_on_laptop(laptop, app) -> int:
    page = laptop.new_page()
    register(page)
    _seed_contact(app, "ana@example.com", "Bea Costa")
    page.goto("/interviews")
    page.get_by_role("link", name="Plan an interview").click()
    page.get_by_label("Who").select_option(label="Bea Costa")
    when = (datetime.now(UTC) + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    page.get_by_label("Date and time").fill(when)
    page.get_by_label("Agreed length (minutes)").fill("15")
    page.get_by_label("Video link").fill("https://meet.example.com/bea")
    page.get_by_label("My goal: what do I need clarity on?").fill("Is UX research for me?")
    page.get_by_role("button", name="Plan interview").click()
    expect(page.get_by_role("heading", name="Prep list (0)")).to_be_visible()
    page.get_by_label("What does an ordinary week look like for you?").check()
    page.get_by_label("If you were starting out again, what would you do differently?").check()
    page.get_by_label("Who else do you think I should talk to?").check()
    page.get_by_role("button", name="Add to prep list").click()
    expect(page.get_by_role("heading", name="Prep list (3)")).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="Add to calendar (.ics)").click()
    assert download.value.suggested_filename.endswith(".ics")
    page.close()
    return _stored(app, lambda: db.session.scalars(select(Interview.id)).one())


def test_prepare_run_offline_and_follow_up(laptop, phone, live_server, live_app):
    interview_id = prepare_on_laptop(laptop, live_app)

    page = phone.new_page()
    _log_in(page)
    wait_for_worker(page)
    page.goto(f"/interviews/{interview_id}/run")
    expect(page.get_by_text("Question 1 of 3")).to_be_visible()
    # On a phone it opens one question per screen.
    expect(page.get_by_role("heading", name="What does an ordinary week look like for you?")).to_be_visible()
    expect(page.get_by_role("heading", name="Who else do you think I should talk to?")).to_be_hidden()
    page.get_by_role("button", name="Start timer").click()
    page.locator(".iq--current").get_by_label("Notes").fill("Research sprints, lots of interviews")
    expect(page.get_by_text("Notes saved.")).to_be_visible()

    go_offline(phone, live_server)
    page.reload()
    assert page.evaluate("document.documentElement.hasAttribute('data-offline-copy')")
    page.get_by_role("button", name="Next").click()
    page.locator(".iq--current").get_by_label("Notes").fill("Talk to practitioners before a course")
    page.get_by_role("button", name="Next").click()
    page.locator(".iq--current").get_by_label("Notes").fill("Dee Park and Eli Ng")
    expect(page.get_by_text("waiting to sync")).to_be_visible()
    page.get_by_role("button", name="List").click()
    expect(page.get_by_text("Question 3 of 3")).to_be_visible()
    expect(page.get_by_text("Question 1 of 3")).to_be_visible()
    assert page.locator("[data-run-elapsed]").inner_text() != "0:00"
    # Finishing offline waits in the outbox too.
    page.get_by_role("button", name="Finish interview").click()
    expect(page.get_by_text("it finishes as soon as the phone is back online")).to_be_visible()
    assert _stored(live_app, lambda: db.session.get(Interview, interview_id).held_at) is None

    back_online(phone, live_server)
    page.wait_for_url(f"**/interviews/{interview_id}#after", timeout=30_000)
    notes = _stored(live_app, lambda: db.session.scalars(
        select(InterviewQuestion.notes).order_by(InterviewQuestion.position)).all())
    assert notes == ["Research sprints, lots of interviews",
                     "Talk to practitioners before a course", "Dee Park and Eli Ng"]
    expect(page.locator("[data-thanks-due]")).to_contain_text("Thank-you due by")
    thanks = page.get_by_label("Thank-you message (prefilled from your notes)").input_value()
    assert "- Talk to practitioners before a course" in thanks

    page.get_by_label("Names they suggested, one per line").fill("Dee Park\nEli Ng")
    page.get_by_role("button", name="Add as contacts").click()
    expect(page.get_by_text("Dee Park introduced by Bea Costa")).to_be_visible()
    expect(page.get_by_text("Eli Ng introduced by Bea Costa")).to_be_visible()
    names = _stored(live_app, lambda: db.session.scalars(select(Contact.name).order_by(Contact.id)).all())
    assert names == ["Bea Costa", "Dee Park", "Eli Ng"]
    ids = dict(_stored(live_app, lambda: db.session.execute(select(Contact.name, Contact.id)).all()))

    # Then, on the phone: the notes typed online and offline are on Bea's timeline as an
    # informational interview, the thank-you is owed (and on Follow-ups), and the two people she
    # suggested are contacts she introduced.
    page.goto(f"/contacts/{ids['Bea Costa']}")
    entry = page.locator("#timeline li.interaction--interview")
    expect(entry).to_have_count(1)
    for typed in ("Research sprints, lots of interviews", "Talk to practitioners before a course",
                  "Dee Park and Eli Ng"):
        expect(entry).to_contain_text(typed)
    expect(page.locator("#timeline .timeline__facts")).to_contain_text("Thank-you owed by")
    expect(page.locator("#referrals ul.people")).to_contain_text("Dee Park")
    expect(page.locator("#referrals ul.people")).to_contain_text("Eli Ng")
    page.goto("/follow-ups")
    expect(page.get_by_text("Thank Bea Costa")).to_be_visible()
    for name in ("Dee Park", "Eli Ng"):
        page.goto(f"/contacts/{ids[name]}")
        expect(page.get_by_role("heading", name=name, level=1)).to_be_visible()
        expect(page.locator("#referrals")).to_contain_text("Introduced by Bea Costa")

    # A plan counts these actions from the data: one interview held, and the follow-ups sent
    # (the timeline's messages, calls, coffees, thank-yous, intros and interviews).
    page.goto("/plan/")
    page.get_by_role("button", name="Make my plan").click()
    for kind, n in (("Informational interviews held", "2"), ("Follow-ups sent", "4")):
        page.get_by_label("What to count").select_option(label=kind)
        page.get_by_label("How many (for a habit: times a week)").fill(n)
        page.get_by_role("button", name="Add target").click()
        page.get_by_text("Add a target").click()
    sent = _stored(live_app, lambda: db.session.scalar(select(func.count(Interaction.id)).where(
        Interaction.deleted_at.is_(None), Interaction.kind.in_(FOLLOW_UP_KINDS))))
    assert sent >= 1
    expect(page.locator("[data-target-kind='interviews'] [data-done]")).to_have_text("1 of 2")
    expect(page.locator("[data-target-kind='followups'] [data-done]")).to_have_text(f"{sent} of 4")


def test_notes_typed_offline_for_an_interview_deleted_elsewhere_are_kept(laptop, phone,
                                                                         live_server, live_app):
    """Issue 10's bad input: notes typed offline for an interview deleted on another device
    meanwhile. The phone says so when it is back, keeps the notes with the deleted interview,
    and Restore brings the interview back with them."""
    interview_id = prepare_on_laptop(laptop, live_app)
    page = phone.new_page()
    _log_in(page)
    wait_for_worker(page)
    page.goto(f"/interviews/{interview_id}/run")
    expect(page.get_by_text("Question 1 of 3")).to_be_visible()

    go_offline(phone, live_server)
    page.locator(".iq--current").get_by_label("Notes").fill("Typed on the train")
    expect(page.get_by_text("waiting to sync")).to_be_visible()

    def delete_elsewhere():  # what Delete on the laptop does, while the phone is away
        interview = db.session.get(Interview, interview_id)
        interview.deleted_at = datetime.now(UTC)
        db.session.commit()
    _stored(live_app, delete_elsewhere)

    back_online(phone, live_server)
    expect(page.locator("[data-run-status]")).to_contain_text(
        "This interview was deleted on another device. Your notes are saved with it",
        timeout=30_000)
    assert page.locator(".iq--current").get_by_label("Notes").input_value() == "Typed on the train"
    notes = _stored(live_app, lambda: db.session.scalars(
        select(InterviewQuestion.notes).order_by(InterviewQuestion.position)).all())
    assert notes[0] == "Typed on the train"
    page.get_by_role("button", name="Restore the interview").click()
    page.wait_for_url(f"**/interviews/{interview_id}")
    expect(page.get_by_text("Interview restored, with its notes.")).to_be_visible()
    assert _stored(live_app, lambda: db.session.get(Interview, interview_id).deleted_at) is None


def test_a_suggested_name_already_in_my_contacts_is_offered_as_a_link(laptop, live_app):
    """Issue 10's bad input: a referral name matching an existing contact. The page offers to
    link that person instead of adding them twice, keeps what was typed, and links them."""
    interview_id = prepare_on_laptop(laptop, live_app)
    with live_app.app_context():
        owner_id = db.session.scalar(select(User.id))
        db.session.add(Contact(owner_id=owner_id, name="Cy Osei", company="Globex", source="import"))
        db.session.commit()
        db.session.remove()
    page = laptop.new_page()
    page.goto(f"/interviews/{interview_id}/run")
    page.get_by_role("button", name="Finish interview").click()
    page.wait_for_url(f"**/interviews/{interview_id}#after")

    page.get_by_label("Names they suggested, one per line").fill("Dee Park\ncy  osei")
    page.get_by_role("button", name="Add as contacts").click()
    expect(page.get_by_text("Some of these names are already in your contacts")).to_be_visible()
    link = page.get_by_label("Link to Cy Osei (Globex), already in your contacts")
    expect(link).to_be_checked()
    expect(page.get_by_label("Names they suggested, one per line")).to_have_value("Dee Park\ncy  osei")
    page.get_by_role("button", name="Save these people").click()
    expect(page.get_by_text("Dee Park introduced by Bea Costa")).to_be_visible()
    expect(page.get_by_text("Cy Osei introduced by Bea Costa")).to_be_visible()
    names = _stored(live_app, lambda: db.session.scalars(select(Contact.name).order_by(Contact.id)).all())
    assert names == ["Bea Costa", "Cy Osei", "Dee Park"]
