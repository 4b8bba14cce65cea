"""The timeline on the contact page and the Follow-ups page, through the real routes."""

from datetime import date, timedelta

from helpers import HTMX, visible_text

from netpwa.contacts.models import Contact
from netpwa.extensions import db
from netpwa.notebook import service
from netpwa.notebook.models import Interaction


def test_one_tap_logs_a_coffee_and_moves_the_next_follow_up(client, auth, make_contact, app):
    owner = auth.as_new_user()
    bea = make_contact(owner, "Bea Costa", source="import")
    page = visible_text(client.get(f"/contacts/{bea}"))
    assert "Timeline" in page and "Nothing logged yet" in page
    response = client.post(f"/timeline/{bea}/log", headers=HTMX,
                           data={"kind": "coffee", "text": "Talked about Rust"})
    assert response.status_code == 200
    text = visible_text(response)
    assert "Coffee chat" in text and "Talked about Rust" in text
    with app.app_context():
        contact = db.session.get(Contact, bea)
        assert contact.follow_up_by > date.today() + timedelta(days=55)
        assert contact.last_contacted_at.date() == date.today()


def test_a_message_by_linkedin_and_a_bad_date_keeps_the_text(client, auth, make_contact, app):
    owner = auth.as_new_user()
    bea = make_contact(owner, "Bea Costa", source="import")
    client.post(f"/timeline/{bea}/log", headers=HTMX, data={"kind": "message:linkedin"})
    response = client.post(f"/timeline/{bea}/log", headers=HTMX, data={
        "kind": "call", "text": "keep me", "occurred_on": "1066-10-14"})
    assert response.status_code == 422
    assert "too far back" in visible_text(response)
    assert 'value="keep me"' in response.get_data(as_text=True)
    with app.app_context():
        (only,) = db.session.query(Interaction).all()
        assert only.kind_label == "Message (LinkedIn)"


def test_another_users_ids_are_404_and_trashed_contacts_refuse(client, auth, make_user,
                                                               make_contact, app):
    other = make_user("eve@example.com")
    theirs = make_contact(other, "Their Person")
    with app.app_context():
        their_log = service.log_interaction(other, theirs, "call").id
    owner = auth.as_new_user()
    assert client.post(f"/timeline/{theirs}/log", data={"kind": "call"}).status_code == 404
    for url in (f"/interactions/{their_log}/delete", f"/interactions/{their_log}/restore",
                f"/interactions/{their_log}", f"/follow-ups/follow-up/{theirs}/done",
                f"/follow-ups/follow-up/{theirs}/snooze", f"/follow-ups/nope/{theirs}/done"):
        assert client.post(url, data={"for": "week"}).status_code == 404, url
    assert client.get(f"/interactions/{their_log}/edit").status_code == 404
    mine = make_contact(owner, "Bea Costa")
    client.post(f"/contacts/{mine}/delete")
    response = client.post(f"/timeline/{mine}/log", headers=HTMX, data={"kind": "call"})
    assert response.status_code == 404 or "in the trash" in visible_text(response)


def test_delete_and_undo_an_interaction(client, auth, make_contact, app):
    owner = auth.as_new_user()
    bea = make_contact(owner, "Bea Costa", source="import")
    with app.app_context():
        logged = service.log_interaction(owner, bea, "call", text="About the job").id
    response = client.post(f"/interactions/{logged}/delete", headers=HTMX)
    assert "moved to the trash" in visible_text(response)
    assert "About the job" not in visible_text(response).split("Trash (1)")[0]
    response = client.post(f"/interactions/{logged}/restore", headers=HTMX)
    assert "About the job" in visible_text(response)
    response = client.post(f"/interactions/{logged}", headers=HTMX,
                           data={"kind": "coffee", "text": "Changed", "occurred_on": "2026-01-02",
                                 "helped": ""})
    assert "Changed" in visible_text(response)
    # The edit's overwritten values are on the timeline, worded for people.
    page = visible_text(client.get(f"/contacts/{bea}"))
    assert "Earlier values (3)" in page
    assert "What was Call" in page and "What happened was About the job" in page
    today = date.today()
    assert f"When was {today.day} {today.strftime('%b %Y')}" in page


def test_follow_ups_page_done_and_snooze_update_the_home_count(client, auth, make_contact,
                                                              app):
    owner = auth.as_new_user()
    old = date.today() - timedelta(days=3)
    bea = make_contact(owner, "Bea Costa", source="import", follow_up_by=old)
    cy = make_contact(owner, "Cy Dias", source="import", follow_up_by=date.today())
    assert "2 follow-ups due" in visible_text(client.get("/"))
    page = visible_text(client.get("/follow-ups"))
    assert f'/outreach/contacts/{bea}/write' in client.get("/follow-ups").get_data(as_text=True)
    assert "Overdue (1)" in page and "Today (1)" in page and "Follow up with Bea Costa" in page
    response = client.post(f"/follow-ups/follow-up/{bea}/done", headers=HTMX)
    assert "Done" in visible_text(response) and "1 follow-up due" in visible_text(response)
    response = client.post(f"/follow-ups/follow-up/{cy}/snooze", headers=HTMX,
                           data={"for": "month"})
    assert "Snoozed until" in visible_text(response)
    assert "No follow-ups due" in visible_text(response)
    assert "No follow-ups due" in visible_text(client.get("/"))
    assert client.post(f"/follow-ups/follow-up/{cy}/snooze", data={"for": "year"},
                       headers=HTMX).status_code == 422


def test_traps_in_every_log_field_never_answer_500(client, auth, make_contact, app):
    owner = auth.as_new_user()
    bea = make_contact(owner, "Bea Costa", source="import")
    traps = ["\x00", "x" * 10_001, "\u202egnp.exe", "🙂" * 50, "2026-02-30", "-1", "99999-01-01",
             "../../etc", "<script>alert(1)</script>"]
    for field in ("kind", "text", "helped", "occurred_on", "uuid", "channel"):
        for trap in traps:
            data = {"kind": "call", field: trap}
            response = client.post(f"/timeline/{bea}/log", data=data, headers=HTMX)
            assert response.status_code in (200, 422), (field, trap, response.status_code)
            assert "<script>alert" not in response.get_data(as_text=True)
    for trap in traps:
        assert client.post(f"/follow-ups/follow-up/{bea}/snooze", data={"for": trap},
                           headers=HTMX).status_code in (200, 422)
        assert client.post(f"/timeline/{bea}/cadence", data={"cadence": trap},
                           headers=HTMX).status_code in (200, 422)
    with app.app_context():
        for row in db.session.query(Interaction).all():
            assert "\x00" not in row.text and len(row.text) <= 2000


def test_capture_at_an_event_starts_the_timeline_and_asks_for_a_thank_you(
        client, auth, make_event, app):
    owner = auth.as_new_user()
    make_event(owner, name="PyData Night", current=True)
    client.post("/capture", data={"name": "Cy Dias", "uuid": "5b7c1e9e-1c2d-4e5f-8a9b-0c1d2e3f4a5b"},
                headers=HTMX)
    with app.app_context():
        contact_id = db.session.query(Contact).one().id
    page = visible_text(client.get(f"/contacts/{contact_id}"))
    assert "Met · " in page and "at PyData Night" in page
    assert "Thank-you owed by" in page
    week = visible_text(client.get("/follow-ups"))
    assert "This week (1)" in week and "Thank Cy Dias" in week


def test_bad_input_on_the_timeline_is_named_kept_and_changes_nothing(client, auth, make_contact,
                                                                      app):
    """Issue 9's bad input on the timeline: a date far in the future or past (logging, editing,
    and through the outbox), an interaction on a trashed contact. Each answers with a clear
    message, keeps what was typed and leaves every table as it was."""
    from route_map import snapshot

    owner = auth.as_new_user()
    bea = make_contact(owner, "Bea Costa", source="import")
    with app.app_context():
        logged = service.log_interaction(owner, bea, "call", text="About the job")
        logged_id, logged_uuid = logged.id, logged.uuid
    far_ahead = (date.today() + timedelta(days=3 * 366)).isoformat()
    before = snapshot(app)

    response = client.post(f"/timeline/{bea}/log", headers=HTMX, data={
        "kind": "coffee", "text": "Coffee someday", "occurred_on": far_ahead})
    assert response.status_code == 422
    assert "That date is more than a year ahead." in visible_text(response)
    body = response.get_data(as_text=True)
    assert 'value="Coffee someday"' in body and f'value="{far_ahead}"' in body

    response = client.post(f"/interactions/{logged_id}", headers=HTMX, data={
        "kind": "call", "text": "Edited text", "occurred_on": "1850-05-01", "helped": ""})
    assert response.status_code == 422
    assert "That date is too far back: use 1900 or later." in visible_text(response)
    body = response.get_data(as_text=True)
    assert 'value="Edited text"' in body and 'value="1850-05-01"' in body

    response = client.post("/api/sync", json={"items": [{
        "op": "update", "type": "interaction", "uuid": logged_uuid,
        "op_id": "0b7a2a5e-5d1c-4b8e-9f51-3f7d0c1e2a11", "fields": {"occurred_on": far_ahead}}]})
    (result,) = response.get_json()["results"]
    assert result["status"] == "error" and result["field"] == "occurred_on"
    assert snapshot(app) == before

    client.post(f"/contacts/{bea}/delete")
    before = snapshot(app)
    response = client.post(f"/timeline/{bea}/log", headers=HTMX,
                           data={"kind": "coffee", "text": "Coffee after all"})
    assert response.status_code == 422
    assert "Bea Costa is in the trash" in visible_text(response)
    response = client.post(f"/interactions/{logged_id}", headers=HTMX, data={
        "kind": "call", "text": "Edited in the trash", "occurred_on": date.today().isoformat()})
    assert response.status_code == 422 and "in the trash" in visible_text(response)
    assert snapshot(app) == before
