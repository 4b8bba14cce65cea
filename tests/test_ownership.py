"""Every row belongs to a user: B gets 404 (never 403, never a peek) on A's ids, and A's
rows stay exactly as they were."""

from datetime import date, timedelta

import pytest
from helpers import HTMX, log_in_as, page_text, visible_text
from sqlalchemy import func, select

from netpwa.auth.models import User
from netpwa.contacts.models import Contact, ContactHistory
from netpwa.events.models import Event
from netpwa.extensions import db, now_utc


def _user(app, email: str) -> int:
    """A user row without a real password: these tests log in through the session, since
    hashing passwords (argon2) for every case would only slow them down."""
    with app.app_context():
        user = User(email=email, password_hash="not-used")
        db.session.add(user)
        db.session.commit()
        return user.id


def _log_in(app, client, user_id: int) -> None:
    log_in_as(app, client, user_id)


@pytest.fixture
def a_rows(app, client, make_event):
    """User A with an event, a captured contact (through the real form) and a trashed one;
    then B is logged in."""
    a_id = _user(app, "a@example.com")
    _log_in(app, client, a_id)
    event_id = make_event(a_id, name="A's Meetup", current=True)
    client.post("/capture", headers=HTMX, data={"name": "Alice Secret", "tags": "private"})
    with app.app_context():
        captured = db.session.scalar(select(Contact.id).where(Contact.owner_id == a_id))
        assert captured is not None
        trashed = Contact(owner_id=a_id, name="Trashed Secret",
                          deleted_at=now_utc() - timedelta(days=1))
        db.session.add(trashed)
        db.session.commit()
        trashed_id = trashed.id
    b_id = _user(app, "b@example.com")
    _log_in(app, client, b_id)
    return {"user": a_id, "b": b_id, "event": event_id, "contact": captured,
            "trashed": trashed_id}


def _a_state(app, a_rows):
    with app.app_context():
        contacts = db.session.scalars(select(Contact).where(
            Contact.owner_id == a_rows["user"]).order_by(Contact.id)).all()
        event = db.session.get(Event, a_rows["event"])
        return ([(c.name, c.notes, c.deleted_at, c.last_contacted_at, c.follow_up_by, c.follow_up)
                 for c in contacts],
                (event.name, event.goal, event.held_on),
                db.session.get(User, a_rows["user"]).current_event_id,
                db.session.scalar(select(func.count(ContactHistory.id))))


CONTACT_REQUESTS = [
    ("get", "/contacts/{contact}", None),
    ("get", "/contacts/{contact}/fields/name", None),
    ("get", "/contacts/{contact}/fields/notes/edit", None),
    ("post", "/contacts/{contact}/fields/name", {"name": "Hijacked"}),
    ("post", "/contacts/{contact}/fields/notes", {"notes": "Hijacked"}),
    ("post", "/contacts/{contact}/fields/follow_up", {"follow_up": "1"}),
    ("post", "/contacts/{contact}/contacted", {}),
    ("post", "/contacts/{contact}/delete", {}),
    ("post", "/capture/{contact}/undo", {}),
    ("get", "/contacts/{trashed}", None),
    ("post", "/contacts/{trashed}/restore", {}),
    ("post", "/contacts/{trashed}/delete", {}),
]
EVENT_REQUESTS = [
    ("get", "/events/{event}", None),
    ("get", "/events/{event}/edit", None),
    ("post", "/events/{event}/edit", {"name": "Hijacked", "held_on": "2026-01-01", "goal": "9"}),
    ("post", "/events/{event}/goal", {"step": "1"}),
    ("post", "/events/{event}/here", {}),
]


@pytest.mark.parametrize("method, url, data", CONTACT_REQUESTS + EVENT_REQUESTS)
@pytest.mark.parametrize("htmx", [False, True], ids=["page", "htmx"])
def test_other_users_ids_are_404(app, client, a_rows, method, url, data, htmx):
    """B reading, editing, deleting, undoing, restoring, marking contacted or changing A's event
    gets a 404 and A's rows do not change."""
    before = _a_state(app, a_rows)
    target = url.format(**a_rows)
    headers = HTMX if htmx else {}
    if method == "get":
        response = client.get(target, headers=headers)
    else:
        response = client.post(target, data=data, headers=headers)
    assert response.status_code == 404, target
    text = visible_text(response)
    assert "Secret" not in text and "A's Meetup" not in text
    assert _a_state(app, a_rows) == before


def test_lists_counts_and_exports_only_show_ones_own(app, client, a_rows):
    """B's list, search, trash, due count, events and exports never show A's people or events,
    even when filtering by A's event id or tag."""
    with app.app_context():
        a_contact = db.session.get(Contact, a_rows["contact"])
        a_contact.follow_up_by = date.today() - timedelta(days=1)
        db.session.commit()
    for url in ("/contacts", "/contacts?q=secret", f"/contacts?event={a_rows['event']}",
                "/contacts?tag=private", "/contacts?due=1", "/contacts/trash", "/events/",
                "/contacts/export.csv", f"/contacts/export.csv?event={a_rows['event']}"):
        text = page_text(client.get(url))
        assert "Secret" not in text and "A's Meetup" not in text, url
        if "private" not in url:  # B's own filter is echoed back; A's tag list is not
            assert "private" not in text, url
    assert "No follow-ups due" in visible_text(client.get("/"))


def test_b_cannot_move_a_contact_into_someone_elses_event(app, client, a_rows):
    """Editing one's own contact's event to A's event id is refused like an unknown event."""
    with app.app_context():
        mine = Contact(owner_id=a_rows["b"], name="Bob Mine")
        db.session.add(mine)
        db.session.commit()
        mine_id = mine.id
    response = client.post(f"/contacts/{mine_id}/fields/event_id", headers=HTMX,
                           data={"event_id": str(a_rows["event"])})
    assert response.status_code == 422 and "Pick one of your events" in page_text(response)
    with app.app_context():
        assert db.session.get(Contact, mine_id).event_id is None
