"""People I already know: one-line and pasted adds, outreach states."""

from helpers import page_text, visible_text
from sqlalchemy import select

from netpwa.contacts.models import Contact
from netpwa.extensions import db
from netpwa.known.models import KnownPerson


def _people(app):
    with app.app_context():
        return db.session.execute(select(Contact.name, KnownPerson.relationship, KnownPerson.state)
                                  .join(KnownPerson, KnownPerson.contact_id == Contact.id)
                                  .order_by(Contact.name)).all()


def test_one_line_add_and_paste(app, client, auth, make_contact):
    user_id = auth.as_new_user()
    make_contact(user_id, "Cy Osei")
    response = client.post("/known/", data={"line": "Ana Lima, former coworker at Acme"})
    assert response.status_code == 302
    response = client.post("/known/paste", data={
        "names": "Bo Chen - my old maths teacher\n\n  cy osei: friend from school\nDee Park\n"})
    assert response.status_code == 302
    assert _people(app) == [("Ana Lima", "former coworker at Acme", "to_contact"),
                            ("Bo Chen", "my old maths teacher", "to_contact"),
                            ("Cy Osei", "friend from school", "to_contact"),
                            ("Dee Park", "", "to_contact")]
    with app.app_context():  # the existing Cy Osei was listed, not doubled
        assert db.session.scalar(select(db.func.count(Contact.id))) == 4
        sources = dict(db.session.execute(select(Contact.name, Contact.source)).all())
    assert sources["Ana Lima"] == "known" and sources["Cy Osei"] == "capture"
    text = visible_text(client.get("/known/"))
    assert "All (4)" in text and "To contact (4)" in text


def test_bad_lines_get_messages_and_keep_typing(app, client, auth):
    auth.as_new_user()
    response = client.post("/known/", data={"line": "   "})
    assert response.status_code == 422 and "Type a name" in page_text(response)
    paste = "Ana Lima\n" + "x" * 300 + ", friend\n"
    response = client.post("/known/paste", data={"names": paste})
    assert response.status_code == 422
    assert "Line 2: Keep a name under 200 characters." in page_text(response)
    assert "x" * 300 in page_text(response)
    assert _people(app) == []


def test_advancing_the_state_moves_through_every_step(app, client, auth):
    auth.as_new_user()
    client.post("/known/", data={"line": "Ana Lima, teacher"})
    with app.app_context():
        person_id = db.session.scalar(select(KnownPerson.id))
    seen = []
    for expected in ("contacted", "replied", "met", "asked"):
        page = visible_text(client.get("/known/"))
        assert "Mark " in page
        client.post(f"/known/{person_id}/state", data={"state": expected})
        seen.append(_people(app)[0][2])
    assert seen == ["contacted", "replied", "met", "asked"]
    assert "State: Asked for advice or intro" in visible_text(client.get("/known/"))
    assert "template=general-inquiry" in page_text(client.get("/known/"))
    with app.app_context():
        contact_id = db.session.scalar(select(KnownPerson.contact_id))
    write = client.get(f"/outreach/contacts/{contact_id}/write?template=general-inquiry")
    assert write.status_code == 200 and "Ana" in visible_text(write)
    assert "Mark " not in visible_text(client.get("/known/"))
    # Each step forward was logged on their timeline.
    with app.app_context():
        from netpwa.notebook.service import timeline
        owner_id = db.session.scalar(select(KnownPerson.owner_id))
        logged = [(row.kind, row.text) for row in reversed(timeline(owner_id, contact_id))]
    assert logged == [
        ("message", "Reached out. (People I know: Contacted)"),
        ("note", "They replied. (People I know: Replied)"),
        ("coffee", "Met up. (People I know: Met)"),
        ("note", "Asked for advice or an introduction. (People I know: Asked for advice or intro)")]
    assert "Reached out." in visible_text(client.get(f"/contacts/{contact_id}"))


def test_other_users_people_are_404(app, client, auth, make_user):
    make_user("bo@example.com")
    client.post("/login", data={"email": "bo@example.com", "password": "correct horse battery"})
    client.post("/known/", data={"line": "Bo's friend"})
    client.post("/logout")
    auth.as_new_user()
    with app.app_context():
        theirs = db.session.scalar(select(KnownPerson.id))
    assert client.post(f"/known/{theirs}/state", data={"state": "met"}).status_code == 404
