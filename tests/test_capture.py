"""Quick capture: one tap saves, the form clears, the counter ticks, Undo works."""

from helpers import HTMX, page_text, visible_text
from sqlalchemy import select

from netpwa.contacts.models import Contact
from netpwa.extensions import db


def _contacts(app):
    with app.app_context():
        return db.session.scalars(select(Contact).order_by(Contact.id)).all()


def test_capture_saves_and_returns_a_cleared_form(app, client, auth, make_event):
    """Saving returns an empty form with focus on Name, the counter at 1 and an Undo toast."""
    user_id = auth.as_new_user()
    make_event(user_id, current=True)
    response = client.post("/capture", headers=HTMX, data={
        "name": "Bea Costa", "headline": "Data eng @ Acme", "uuid": "6f1c2a8e-3f0b-4d1e-9c1a-1b2c3d4e5f60"})
    text = page_text(response)
    assert response.status_code == 200
    assert 'id="f-name"' in text and 'value=""' in text and "autofocus" in text
    assert "1 of 3 new people" in visible_text(response)
    assert 'hx-swap-oob="true"' in text
    assert "Saved Bea Costa" in visible_text(response) and "Undo" in text
    [contact] = _contacts(app)
    assert contact.name == "Bea Costa" and contact.headline == "Data eng @ Acme"
    assert contact.event_id is not None
    assert (contact.follow_up_by - contact.met_at.date()).days == 60


def test_goal_reached_shows_celebration(client, auth, make_event):
    """The third capture reads "3 of 3" and celebrates."""
    user_id = auth.as_new_user()
    make_event(user_id, current=True)
    for name in ("Ana", "Bo", "Cy"):
        response = client.post("/capture", headers=HTMX, data={"name": name})
    assert "3 of 3 new people" in visible_text(response)
    assert "Goal reached" in visible_text(response)


def test_capture_without_event_works(app, client, auth):
    """No current event: the person is still saved."""
    auth.as_new_user()
    response = client.post("/capture", headers=HTMX, data={"name": "Solo"})
    assert response.status_code == 200
    assert _contacts(app)[0].event_id is None


def test_double_submit_with_same_uuid_stores_once(app, client, auth):
    """A double tap (same form uuid) stores the person once."""
    auth.as_new_user()
    data = {"name": "Once", "uuid": "0b9d2f7e-1111-4c1e-9c1a-1b2c3d4e5f60"}
    client.post("/capture", headers=HTMX, data=data)
    client.post("/capture", headers=HTMX, data=data)
    assert [c.name for c in _contacts(app)] == ["Once"]


def test_empty_name_keeps_typed_values(app, client, auth):
    """No name: a message next to Name, everything typed stays, nothing is stored."""
    auth.as_new_user()
    response = client.post("/capture", headers=HTMX, data={
        "name": "  ", "headline": "Met at the coffee queue", "email": "x@example.com"})
    assert response.status_code == 422
    text = page_text(response)
    assert "Enter a name" in text
    assert "Met at the coffee queue" in text and "x@example.com" in text
    assert _contacts(app) == []


def test_huge_name_and_bad_email_are_refused(app, client, auth):
    """A 10,000-character name and an invalid email each get a clear message."""
    auth.as_new_user()
    response = client.post("/capture", headers=HTMX, data={"name": "x" * 10_000, "email": "nope"})
    text = page_text(response)
    assert response.status_code == 422
    assert "under 200 characters" in text
    assert "email doesn't look right" in text
    assert _contacts(app) == []


def test_capture_without_htmx_redirects_home(app, client, auth):
    """The form works before htmx loads: a plain POST redirects back."""
    auth.as_new_user()
    response = client.post("/capture", data={"name": "Plain Post"})
    assert response.status_code == 302
    assert _contacts(app)[0].name == "Plain Post"


def test_chat_duration_is_stored(app, client, auth):
    """The chat timer's seconds land on the contact."""
    auth.as_new_user()
    client.post("/capture", headers=HTMX, data={"name": "Quick", "chat_seconds": "42"})
    assert _contacts(app)[0].chat_seconds == 42


def test_tags_are_normalised(app, client, auth):
    """Tags typed as "Python, #AI ,python" become two chips."""
    auth.as_new_user()
    client.post("/capture", headers=HTMX, data={"name": "Tagged", "tags": "Python, #AI ,python"})
    assert _contacts(app)[0].tag_list == ["python", "ai"]


def test_undo_moves_capture_to_trash_and_counter_back(app, client, auth, make_event):
    """Undo takes the person off the counter but keeps them restorable."""
    user_id = auth.as_new_user()
    make_event(user_id, current=True)
    client.post("/capture", headers=HTMX, data={"name": "Oops"})
    contact_id = _contacts(app)[0].id
    response = client.post(f"/capture/{contact_id}/undo", headers=HTMX)
    assert "0 of 3 new people" in visible_text(response)
    assert "moved to the trash" in visible_text(response)
    assert _contacts(app)[0].deleted_at is not None


def test_capture_needs_csrf_token(app, auth, make_user):
    """Without the CSRF token a capture is refused with a friendly message."""
    app.config["WTF_CSRF_ENABLED"] = True
    client = app.test_client()
    response = client.post("/capture", data={"name": "Forged"})
    assert response.status_code == 400
    assert "Reload the page" in page_text(response)
    assert _contacts(app) == []
