"""The contact page: every field edits in place, keeps history, and refuses bad input whole."""

import re
from datetime import UTC, date, datetime, timedelta

import pytest
from helpers import HTMX, page_text, visible_text
from sqlalchemy import func, select

from netpwa.contacts.models import Contact, ContactHistory
from netpwa.extensions import db

MET = datetime(2026, 3, 14, 19, 45, tzinfo=UTC)
SNAPSHOT_FIELDS = ("name", "headline", "company", "mnemonic", "email", "phone", "link", "tags",
                   "notes", "follow_up", "follow_up_by", "last_contacted_at", "met_at",
                   "chat_seconds", "event_id")


@pytest.fixture
def event_id(owner, make_event):
    return make_event(owner, name="PyData Night")


@pytest.fixture
def contact_id(app, owner, event_id):
    with app.app_context():
        contact = Contact(owner_id=owner, name="Bea Costa", headline="Data eng", company="Acme",
                          email="bea@example.com", tags=",python,", notes="Likes trains",
                          event_id=event_id, met_at=MET, chat_seconds=150,
                          follow_up_by=date(2026, 5, 13))
        db.session.add(contact)
        db.session.commit()
        return contact.id


def _snapshot(app, contact_id):
    with app.app_context():
        contact = db.session.get(Contact, contact_id)
        history = db.session.scalar(select(func.count(ContactHistory.id)))
        return {field: getattr(contact, field) for field in SNAPSHOT_FIELDS}, history


def test_contact_page_shows_everything(client, contact_id, event_id):
    """The page shows the fields, the event (a link), notes, chat length, met day and tags."""
    response = client.get(f"/contacts/{contact_id}")
    text = visible_text(response)
    assert response.status_code == 200
    for expected in ("Bea Costa", "Data eng", "Acme", "bea@example.com", "Likes trains",
                     "PyData Night", "2:30", "14 Mar 2026", "13 May 2026", "python",
                     "Earlier values", "Log a chat, call or message", "Timeline"):
        assert expected in text, expected
    assert f'href="/events/{event_id}"' in page_text(response)


def test_edit_form_names_only_its_field_for_the_outbox(client, contact_id):
    """An edit form carries data-outbox="update", the contact's uuid, and one named field."""
    response = client.get(f"/contacts/{contact_id}/fields/company/edit", headers=HTMX)
    text = page_text(response)
    assert response.status_code == 200 and "<html" not in text
    assert 'data-outbox="update"' in text and 'data-contact-uuid="' in text
    assert 'hx-target="this"' in text and 'hx-swap="outerHTML"' in text
    assert sorted(set(re.findall(r'name="([^"]+)"', text))) == ["company", "csrf_token"]
    assert 'value="Acme"' in text and "data-inline-cancel" in text


def test_inline_edit_saves_and_keeps_the_old_value(app, client, contact_id):
    """Saving swaps the field back to its view, and the old value appears under Earlier values."""
    response = client.post(f"/contacts/{contact_id}/fields/company", headers=HTMX,
                           data={"company": "Globex"})
    text = visible_text(response)
    assert response.status_code == 200
    assert "Globex" in text
    assert "Company was Acme" in text
    assert 'hx-swap-oob="true"' in page_text(response)
    with app.app_context():
        assert db.session.get(Contact, contact_id).company == "Globex"
        [entry] = db.session.scalars(select(ContactHistory)).all()
        assert (entry.field, entry.old_value, entry.new_value) == ("company", "Acme", "Globex")


def test_cancel_returns_the_field_unchanged(client, contact_id):
    """Cancel (or Escape) asks for the field's view: the stored value, no form."""
    response = client.get(f"/contacts/{contact_id}/fields/company", headers=HTMX)
    assert "Acme" in visible_text(response) and "<form" not in page_text(response)


def test_renaming_updates_the_page_title(client, contact_id):
    """A new name also replaces the page heading (an out-of-band swap)."""
    response = client.post(f"/contacts/{contact_id}/fields/name", headers=HTMX,
                           data={"name": "Beatriz Costa"})
    assert re.search(r'id="contact-title"[^>]*hx-swap-oob="true"[^<]*<h1>Beatriz Costa',
                     page_text(response))


def test_edit_without_javascript(app, client, contact_id):
    """Without htmx, Edit opens the page with that field's form and Save redirects back."""
    response = client.get(f"/contacts/{contact_id}/fields/notes/edit")
    text = page_text(response)
    assert "<html" in text and '<textarea id="edit-notes" name="notes"' in text
    assert f'action="/contacts/{contact_id}/fields/notes"' in text
    response = client.post(f"/contacts/{contact_id}/fields/notes", data={"notes": "New\nnotes"})
    assert response.status_code == 302
    assert response.headers["Location"] == f"/contacts/{contact_id}#field-notes"
    with app.app_context():
        assert db.session.get(Contact, contact_id).notes == "New\nnotes"


@pytest.mark.parametrize("field, typed, message", [
    ("name", "", "Enter a name"),
    ("name", "   ", "Enter a name"),
    ("name", "N" * 10_000, "under 200 characters"),
    ("headline", "h" * 10_000, "under 200 characters"),
    ("email", "not-an-email", "email doesn't look right"),
    ("phone", "call me maybe", "digits, spaces"),
    ("link", "linkedin.com/in/ana costa", "can't contain spaces"),
    ("notes", "n" * 20_001, "under 20,000 characters"),
    ("follow_up_by", "2026-02-30", "Use a date like 2026-12-31."),
    ("follow_up_by", "next tuesday", "Use a date like 2026-12-31."),
    ("last_contacted_at", "31/12/2026", "Use a date like 2026-12-31."),
    ("last_contacted_at", "2999-01-01", "hasn't happened yet"),
    ("met_at", "2026-13-01", "Use a date like 2026-12-31."),
    ("met_at", "", "Enter the day you met"),
    ("chat_seconds", "ten minutes", "minutes:seconds"),
    ("chat_seconds", "-5", "minutes:seconds"),
    ("chat_seconds", "99999999", "minutes:seconds"),
    ("event_id", "999999", "Pick one of your events"),
    ("event_id", "abc", "Pick one of your events"),
])
def test_bad_input_is_refused_in_place(app, client, contact_id, field, typed, message):
    """Bad input: 422, the message next to the field, the typed value kept, nothing stored."""
    before = _snapshot(app, contact_id)
    response = client.post(f"/contacts/{contact_id}/fields/{field}", headers=HTMX,
                           data={field: typed})
    text = page_text(response)
    assert response.status_code == 422
    assert message in text
    assert 'class="field__error"' in text and 'aria-invalid="true"' in text
    if field not in ("event_id",) and typed.strip():
        assert typed[:200] in text
    assert _snapshot(app, contact_id) == before


def test_bad_input_without_javascript_keeps_the_page(app, client, contact_id):
    """Without htmx a refused edit re-renders the whole page, 422, form open with the message."""
    before = _snapshot(app, contact_id)
    response = client.post(f"/contacts/{contact_id}/fields/email", data={"email": "bea@"})
    text = page_text(response)
    assert response.status_code == 422 and "<html" in text
    assert "email doesn't look right" in text and 'value="bea@"' in text
    assert _snapshot(app, contact_id) == before


def test_unknown_field_is_404(client, contact_id):
    """Only the contact's editable fields have edit URLs."""
    assert client.get(f"/contacts/{contact_id}/fields/owner_id/edit").status_code == 404
    assert client.post(f"/contacts/{contact_id}/fields/deleted_at", data={}).status_code == 404


def test_dates_and_chat_length_edit_as_people_type_them(app, client, contact_id):
    """Met day keeps the time of day; last contacted and follow-up take a day; chat takes m:ss."""
    client.post(f"/contacts/{contact_id}/fields/met_at", headers=HTMX,
                data={"met_at": "2026-03-10"})
    client.post(f"/contacts/{contact_id}/fields/last_contacted_at", headers=HTMX,
                data={"last_contacted_at": "2026-04-01"})
    client.post(f"/contacts/{contact_id}/fields/follow_up_by", headers=HTMX,
                data={"follow_up_by": "2026-06-01"})
    response = client.post(f"/contacts/{contact_id}/fields/chat_seconds", headers=HTMX,
                           data={"chat_seconds": "4:05"})
    assert "4:05" in visible_text(response)
    with app.app_context():
        contact = db.session.get(Contact, contact_id)
        assert contact.met_at == datetime(2026, 3, 10, 19, 45, tzinfo=UTC)
        assert contact.last_contacted_at.date() == date(2026, 4, 1)
        assert contact.follow_up_by == date(2026, 6, 1)
        assert contact.chat_seconds == 245


def test_saving_the_same_value_changes_nothing(app, client, contact_id):
    """Re-saving the shown value (same day, same text) writes no history."""
    client.post(f"/contacts/{contact_id}/fields/met_at", headers=HTMX,
                data={"met_at": "2026-03-14"})
    client.post(f"/contacts/{contact_id}/fields/company", headers=HTMX, data={"company": "Acme"})
    with app.app_context():
        assert db.session.get(Contact, contact_id).met_at == MET
        assert db.session.scalar(select(func.count(ContactHistory.id))) == 0


def test_clearing_optional_fields(app, client, contact_id):
    """Optional fields can be emptied: follow-up date, chat length, event, email."""
    for field in ("follow_up_by", "chat_seconds", "event_id", "email"):
        response = client.post(f"/contacts/{contact_id}/fields/{field}", headers=HTMX,
                               data={field: ""})
        assert response.status_code == 200, field
    with app.app_context():
        contact = db.session.get(Contact, contact_id)
        assert (contact.follow_up_by, contact.chat_seconds, contact.event_id, contact.email) == (
            None, None, None, "")


def test_tags_edit_as_chips(app, client, contact_id):
    """Tags are normalised and shown as chips that link to the filtered list."""
    response = client.post(f"/contacts/{contact_id}/fields/tags", headers=HTMX,
                           data={"tags": "Rust, #AI, rust"})
    text = page_text(response)
    assert 'href="/contacts?tag=rust"' in text and 'href="/contacts?tag=ai"' in text
    assert "Tags was python" in visible_text(response)
    edit = page_text(client.get(f"/contacts/{contact_id}/fields/tags/edit", headers=HTMX))
    assert 'value="rust, ai"' in edit and "data-chips" in edit


def test_star_toggles(app, client, contact_id):
    """The star is a one-tap toggle, and the toggle form is ready for the outbox."""
    response = client.post(f"/contacts/{contact_id}/fields/follow_up", headers=HTMX,
                           data={"follow_up": "1"})
    assert 'aria-pressed="true"' in page_text(response)
    assert 'data-outbox="update"' in page_text(response)
    client.post(f"/contacts/{contact_id}/fields/follow_up", headers=HTMX, data={"follow_up": ""})
    with app.app_context():
        assert db.session.get(Contact, contact_id).follow_up is False


def test_move_to_another_event(app, client, owner, contact_id, make_event):
    """The event can be changed to another of one's events; the history names the old one."""
    other = make_event(owner, name="Rust Meetup")
    response = client.post(f"/contacts/{contact_id}/fields/event_id", headers=HTMX,
                           data={"event_id": str(other)})
    assert "Rust Meetup" in visible_text(response)
    assert "Event was PyData Night" in visible_text(response)


def test_follow_up_date_change_updates_due_status(client, contact_id):
    """Setting the follow-up date to the past marks the contact due on the page at once."""
    yesterday = (date.today() - timedelta(days=1)).isoformat()
    response = client.post(f"/contacts/{contact_id}/fields/follow_up_by", headers=HTMX,
                           data={"follow_up_by": yesterday})
    assert re.search(r'id="follow-up-status"[^>]*hx-swap-oob="true"', page_text(response))
    assert "Time to get back in touch" in visible_text(response)


def test_edit_needs_csrf(app, client, contact_id):
    """Without a CSRF token an edit is refused and nothing changes."""
    app.config["WTF_CSRF_ENABLED"] = True
    before = _snapshot(app, contact_id)
    response = client.post(f"/contacts/{contact_id}/fields/name", data={"name": "Forged"})
    assert response.status_code == 400
    assert _snapshot(app, contact_id) == before
