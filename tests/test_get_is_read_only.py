"""Opening a page never writes: every GET route of the app, called by a logged-in user with
their own real ids (a contact, an event, a name tag list, a card…), leaves every table as it was.

Writes happen on POST paths and in service calls only; that also keeps SQLite's read
transactions (plain BEGIN for GET, extensions._begin_sqlite) from ever needing to write.
The routes come from the URL map, so a new page is checked the moment it exists: give its id
argument a real value in `real_arguments` below.
"""

import io
from datetime import timedelta

from helpers import HTMX, LABELS
from route_map import routes, snapshot
from sqlalchemy import select

from netpwa.contacts.models import Contact
from netpwa.extensions import db, now_utc
from netpwa.nametags.models import TagBatch, TagStock


def _seed(app, client, auth, make_event, make_contact) -> dict:
    """Ana with one of everything, made the way she would make it where a form exists."""
    user_id = auth.as_new_user()
    event_id = make_event(user_id, current=True)
    contact_id = make_contact(user_id, event_id=event_id, email="bea@example.com",
                              tags=",design,")
    client.post(f"/contacts/{contact_id}/fields/headline", data={"headline": "Designer"})
    client.post("/card/start")
    client.post("/card", data={"name": "Ana Lima", "headline": "Data lead",
                               "public": ["name", "headline"]})
    client.post("/tags/batches", data={
        "attendees": (io.BytesIO(b"name\nZoe Quinn\n"), "people.csv"), "event_id": str(event_id)},
        content_type="multipart/form-data")
    client.post("/tags/stocks", data={
        "template": (io.BytesIO((LABELS / "avery-iso-templates.xml").read_bytes()), "a.xml"),
        "part": "L4785"}, content_type="multipart/form-data")
    # Outreach: a second contact to introduce, an intro, a template of mine, the calendar feed.
    make_contact(user_id, name="Caio Lima")
    client.post("/intros", data={"a": "Bea Costa", "b": "Caio Lima"})
    client.post("/templates", data={"name": "Mine", "body": "Hi {first_name}"})
    client.post("/reminders/feed")
    with app.app_context():
        now = now_utc()
        db.session.add_all([
            Contact(owner_id=user_id, name="Recent Trash", deleted_at=now - timedelta(days=2)),
            # Past its 30 days: a page that purged on view would delete it.
            Contact(owner_id=user_id, name="Old Trash", deleted_at=now - timedelta(days=31))])
        # A photo, so /contacts/<id>/photo.jpg answers with one.
        from netpwa.contacts.models import ContactPhoto
        db.session.add(ContactPhoto(owner_id=user_id, contact_id=contact_id, jpeg=b"\xff\xd8",
                                    width=1, height=1))
        db.session.commit()
        batch_id = db.session.scalar(select(TagBatch.id))
        stock = db.session.scalars(select(TagStock)).one()
    assert batch_id and stock, "the seed's name tag list and stock were not stored"
    with app.app_context():
        from netpwa.outreach.models import Intro, MessageTemplate, OutreachProfile
        intro_id = db.session.scalar(select(Intro.id))
        ref = str(db.session.scalar(select(MessageTemplate.id)))
        feed_token = db.session.scalar(select(OutreachProfile.feed_token))
    assert intro_id and ref and feed_token, "the seed's intro, template and feed were not stored"
    with app.app_context():
        from netpwa.interviews.models import Interview
        interview = Interview(owner_id=user_id, contact_id=contact_id, starts_at=now_utc())
        db.session.add(interview)
        db.session.commit()
        interview_id = interview.id
    # A spreadsheet import: one imported (undoable) and one still a preview.
    for name in ("done.csv", "preview.csv"):
        response = client.post("/imports", data={
            "file": (io.BytesIO(b"Name,Email\nZed Imported,zed@example.com\n"), name)},
            content_type="multipart/form-data")
        assert response.status_code == 303, response.get_data(as_text=True)
        import_id = int(response.headers["Location"].rsplit("/", 1)[1])
        if name == "done.csv":
            client.post(f"/imports/{import_id}/start")
    return {"import_id": import_id, "user_id": user_id, "event_id": event_id, "contact_id": contact_id,
            "batch_id": batch_id, "stock_id": stock.id, "key": stock.key,
            "intro_id": intro_id, "ref": ref, "feed_token": feed_token,
            "interview_id": interview_id}


def real_arguments(app, seeded: dict) -> dict[str, str | int]:
    """A real value for every URL argument of a GET route."""
    from netpwa.auth.models import User
    from netpwa.auth.reset import make_token
    from netpwa.cards.models import CardProfile
    with app.app_context():
        slug = db.session.scalar(select(CardProfile.slug).where(
            CardProfile.owner_id == seeded["user_id"]))
        token = make_token(db.session.get(User, seeded["user_id"]), app.config["SECRET_KEY"])
        from netpwa.notebook.service import log_interaction
        interaction_id = log_interaction(seeded["user_id"], seeded["contact_id"], "coffee").id
        db.session.commit()
        from netpwa.events.models import Event
        from netpwa.friends.sharing import share_event
        code = share_event(db.session.get(Event, seeded["event_id"])).code
    return {**seeded, "slug": slug, "name": "headline", "fmt": "csv", "token": token,
            "interaction_id": interaction_id, "code": code}


def test_no_get_route_changes_a_row(app, client, auth, make_event, make_contact):
    seeded = _seed(app, client, auth, make_event, make_contact)
    arguments = real_arguments(app, seeded)
    before = snapshot(app)
    called = []
    with app.test_request_context():
        from flask import url_for
        urls = []
        for route in routes(app):
            if "GET" not in route.methods:
                continue
            missing = set(route.rule.arguments) - set(arguments)
            assert not missing, (f"{route}: give {sorted(missing)} a real value in "
                                 "real_arguments (tests/test_get_is_read_only.py)")
            urls.append(url_for(route.rule.endpoint,
                                **{name: arguments[name] for name in route.rule.arguments}))
    for url in urls:
        for headers in ({}, HTMX):
            response = client.get(url, headers=headers)
            assert response.status_code < 500, (url, response.status_code)
            called.append((url, response.status_code))
    after = snapshot(app)
    changed = {table: (before[table], after[table]) for table in before
               if before[table] != after[table]}
    assert not changed, f"GET requests changed rows: {changed}"
    # The ids were real: the pages that show one thing answered 200, not 404.
    answered = dict(called)
    for path in (f"/contacts/{seeded['contact_id']}", f"/events/{seeded['event_id']}",
                 f"/tags/batches/{seeded['batch_id']}", f"/c/{arguments['slug']}",
                 "/card", "/card/qr", "/contacts/trash",
                 f"/contacts/{seeded['contact_id']}/photo.jpg", f"/intros/{seeded['intro_id']}",
                 f"/templates/{seeded['ref']}/edit",
                 f"/calendar/{seeded['feed_token']}.ics",
                 f"/friends/events/{seeded['event_id']}", f"/e/{arguments['code']}",
                 f"/imports/{seeded['import_id']}", "/imports"):
        assert answered.get(path) == 200, (path, answered.get(path))
