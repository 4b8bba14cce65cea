"""Informational interviews: planning, prep list, .ics, notes sync, after the interview, paths."""

from datetime import UTC, datetime, timedelta

import icalendar
from helpers import page_text, visible_text
from sqlalchemy import select

from netpwa.contacts.models import Contact
from netpwa.extensions import db
from netpwa.interviews.models import CareerPath, Interview, InterviewQuestion, Question


def _future(days=2) -> str:
    return (datetime.now(UTC) + timedelta(days=days)).strftime("%Y-%m-%dT%H:%M")


def _plan(client, contact_id, **fields):
    data = {"contact_id": str(contact_id), "starts_at": _future(), "timezone": "UTC",
            "length_minutes": "20", "goal": "Is UX research for me?",
            "homework": "Leads research at Acme", **fields}
    return client.post(f"/interviews/new?contact_id={contact_id}", data=data)


def _only_interview(app) -> Interview:
    with app.app_context():
        row = db.session.scalars(select(Interview)).one()
        db.session.expunge(row)
        return row


def _bank_ids(app, user_id, category, n=2):
    with app.app_context():
        return db.session.scalars(select(Question.id).where(
            Question.owner_id == user_id, Question.category == category)
            .order_by(Question.position)).all()[:n]


def test_plan_an_interview_and_build_a_prep_list(app, client, auth, make_contact):
    user_id = auth.as_new_user()
    bea = make_contact(user_id, "Bea Costa")
    response = _plan(client, bea)
    assert response.status_code == 302
    interview = _only_interview(app)
    picks = _bank_ids(app, user_id, "job") + _bank_ids(app, user_id, "advice")
    client.post(f"/interviews/{interview.id}/questions",
                data={"question_id": [str(i) for i in picks], "own": "How did Acme find you?"})
    page = visible_text(client.get(f"/interviews/{interview.id}"))
    assert "Prep list (5)" in page and "How did Acme find you?" in page
    assert "Is UX research for me?" in page and "Leads research at Acme" in page
    # Picking the same questions again doesn't double them.
    client.post(f"/interviews/{interview.id}/questions", data={"question_id": [str(picks[0])]})
    assert "Prep list (5)" in visible_text(client.get(f"/interviews/{interview.id}"))


def test_interview_in_the_past_is_refused_and_kept(client, auth, make_contact):
    user_id = auth.as_new_user()
    bea = make_contact(user_id, "Bea Costa")
    response = _plan(client, bea, starts_at="2020-05-01T10:00", goal="keep me")
    assert response.status_code == 422
    text = page_text(response)
    assert "That time has already passed" in text
    assert "keep me" in text and 'value="2020-05-01T10:00"' in text


def test_ics_download_parses(app, client, auth, make_contact):
    user_id = auth.as_new_user()
    bea = make_contact(user_id, "Bea Costa")
    _plan(client, bea, video_link="meet.example.com/abc", length_minutes="15")
    interview = _only_interview(app)
    response = client.get(f"/interviews/{interview.id}.ics")
    assert response.mimetype == "text/calendar"
    event = icalendar.Calendar.from_ical(response.data).walk("VEVENT")[0]
    assert str(event["summary"]) == "Informational interview: Bea Costa"
    assert event.decoded("dtend") - event.decoded("dtstart") == timedelta(minutes=15)
    assert str(event["location"]) == "https://meet.example.com/abc"
    assert event.decoded("dtstart") == interview.starts_at


def test_notes_sync_finish_and_after(app, client, auth, make_contact):
    user_id = auth.as_new_user()
    bea = make_contact(user_id, "Bea Costa")
    _plan(client, bea)
    interview = _only_interview(app)
    client.post(f"/interviews/{interview.id}/questions",
                data={"question_id": [str(i) for i in _bank_ids(app, user_id, "advice")]})
    with app.app_context():
        rows = db.session.scalars(select(InterviewQuestion).order_by(InterviewQuestion.id)).all()
        first, second = rows[0].id, rows[1].id
    url = f"/interviews/{interview.uuid}/notes"
    sent = {str(first): {"text": "Do a portfolio review", "at": "2026-01-01T10:00:00Z"},
            "general": {"text": "Warm, generous", "at": "2026-01-01T10:01:00Z"}}
    assert client.post(url, json={"boxes": sent}).status_code == 200
    # An older copy of the same box (from a replay) doesn't overwrite the newer text.
    stale = {str(first): {"text": "old", "at": "2025-01-01T10:00:00Z"}}
    assert client.post(url, json={"boxes": stale}).status_code == 200
    response = client.post(url, json={"boxes": {str(second): {"text": "Join the guild",
                                                              "at": "2026-01-01T10:02:00Z"}},
                                      "finish": True})
    assert response.get_json()["finished"] is True
    page = visible_text(client.get(f"/interviews/{interview.id}"))
    assert "Thank-you due by" in page
    thanks = page_text(client.get(f"/interviews/{interview.id}"))
    assert "- Do a portfolio review" in thanks and "- Join the guild" in thanks
    with app.app_context():
        assert db.session.get(Contact, bea).last_contacted_at is not None
    # Replaying the finish changes nothing.
    assert client.post(url, json={"boxes": {}, "finish": True}).status_code == 200
    with app.app_context():
        from netpwa.notebook.models import Interaction
        from netpwa.notebook.service import due_items
        logged = db.session.scalars(select(Interaction).where(
            Interaction.contact_id == bea, Interaction.kind == "interview")).all()
        assert len(logged) == 1 and "Do a portfolio review" in (logged[0].helped or "")
        today = datetime.now(UTC).date()
        kinds = {item.kind for item in due_items(user_id, today + timedelta(days=1))}
        assert "thank-you" in kinds and "tell-back" not in kinds
        later = {item.title for item in due_items(user_id, today + timedelta(days=31))}
        assert "Tell Bea Costa how their advice worked out" in later


def test_notes_for_an_interview_deleted_elsewhere_are_kept(app, client, auth, make_contact):
    user_id = auth.as_new_user()
    bea = make_contact(user_id, "Bea Costa")
    _plan(client, bea)
    interview = _only_interview(app)
    client.post(f"/interviews/{interview.id}/delete")
    response = client.post(f"/interviews/{interview.uuid}/notes",
                           json={"boxes": {"general": {"text": "typed offline", "at": ""}}})
    assert response.status_code == 409
    body = response.get_json()
    assert body["field"] == "interview" and "deleted on another device" in body["error"]
    client.post(body["restore_url"])
    assert "typed offline" in visible_text(client.get(f"/interviews/{interview.id}"))


def test_bad_notes_payloads_get_json_errors(app, client, auth, make_contact):
    user_id = auth.as_new_user()
    _plan(client, make_contact(user_id, "Bea Costa"))
    interview = _only_interview(app)
    url = f"/interviews/{interview.uuid}/notes"
    assert client.post(url, data="nope", content_type="application/json").status_code == 400
    response = client.post(url, json={"boxes": {"general": {"text": "x" * 20_001}}})
    assert response.status_code == 422 and response.get_json()["field"] == "general"
    assert client.post("/interviews/not-a-uuid/notes", json={}).status_code == 404


def test_referrals_create_contacts_and_offer_links(app, client, auth, make_contact):
    user_id = auth.as_new_user()
    bea = make_contact(user_id, "Bea Costa")
    existing = make_contact(user_id, "Cy Osei", company="Globex")
    _plan(client, bea)
    interview = _only_interview(app)
    client.post(f"/interviews/{interview.uuid}/notes", json={"boxes": {}, "finish": True})
    response = client.post(f"/interviews/{interview.id}/referrals",
                           data={"names": "Dee Park\ncy  osei"})
    text = visible_text(response)
    assert "already in your contacts" in text and "Link to Cy Osei (Globex)" in text
    response = client.post(f"/interviews/{interview.id}/referrals", data={
        "names": "Dee Park\ncy  osei", "confirm": "1", "choice-0": "new",
        "choice-1": str(existing)})
    assert response.status_code == 302
    with app.app_context():
        names = db.session.scalars(select(Contact.name).order_by(Contact.id)).all()
    assert names == ["Bea Costa", "Cy Osei", "Dee Park"]
    page = visible_text(client.get(f"/interviews/{interview.id}"))
    assert "Dee Park introduced by Bea Costa" in page and "Cy Osei introduced by Bea Costa" in page
    with app.app_context():  # outreach's "introduced by" knows it too
        from netpwa.outreach.referrals import referrer_of
        dee = db.session.scalar(select(Contact).where(Contact.name == "Dee Park"))
        assert referrer_of(dee).name == "Bea Costa"
    write = page_text(client.get(f"/interviews/{interview.id}"))
    assert f"/outreach/contacts/{bea}/write?template=thank-you-interview" in write


def test_paths_count_people_spoken_with(app, client, auth, make_contact):
    user_id = auth.as_new_user()
    client.post("/paths", data={"name": "UX research"})
    assert client.post("/paths", data={"name": "ux research"}).status_code == 422
    with app.app_context():
        path_id = db.session.scalars(select(CareerPath.id)).one()
    for name in ("Bea Costa", "Cy Osei"):
        _plan(client, make_contact(user_id, name), path_id=str(path_id))
    with app.app_context():
        uuids = db.session.scalars(select(Interview.uuid)).all()
    for uuid in uuids:
        client.post(f"/interviews/{uuid}/notes", json={"boxes": {}, "finish": True})
    assert "2 informational interviews: UX research" in visible_text(client.get("/paths"))
    assert "spoke with 2 people" in visible_text(client.get("/interviews"))


def test_other_users_interviews_are_404(app, client, auth, make_user, make_contact):
    other = make_user("bo@example.com")
    theirs = make_contact(other, "Theirs")
    auth.as_new_user()
    assert _plan(client, theirs).status_code == 404


def test_reflection_after_the_interview_is_kept_and_bad_input_named(app, client, auth,
                                                                    make_contact):
    """"Do I want to keep exploring this path?" yes / unsure / no and a line; a missing
    choice or a line over 300 characters is named, keeps the line and stores nothing."""
    user_id = auth.as_new_user()
    _plan(client, make_contact(user_id, "Bea Costa"))
    interview = _only_interview(app)
    client.post(f"/interviews/{interview.uuid}/notes", json={"boxes": {}, "finish": True})
    url = f"/interviews/{interview.id}/reflection"
    response = client.post(url, data={"reflection_line": "Loved the research side"})
    assert response.status_code == 422
    assert "Pick yes, unsure or no." in visible_text(response)
    assert 'value="Loved the research side"' in page_text(response)
    response = client.post(url, data={"reflection": "yes", "reflection_line": "x" * 301})
    assert response.status_code == 422 and "under 300 characters" in visible_text(response)
    assert _only_interview(app).reflection is None
    response = client.post(url, data={"reflection": "unsure",
                                      "reflection_line": "Loved the research side"})
    assert response.status_code == 302
    stored = _only_interview(app)
    assert (stored.reflection, stored.reflection_line) == ("unsure", "Loved the research side")
    page = page_text(client.get(f"/interviews/{interview.id}"))
    assert 'value="unsure" checked' in page and 'value="Loved the research side"' in page
