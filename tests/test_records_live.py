"""Records announced at the event, the moment a capture sets one."""

from datetime import UTC, date, datetime, timedelta

from helpers import HTMX, visible_text

from netpwa.contacts.models import Contact
from netpwa.extensions import db


def _capture(client, name, chat=""):
    return visible_text(client.post("/capture", headers=HTMX,
                                    data={"name": name, "chat_seconds": chat}))


def test_beating_the_best_event_is_announced_once(app, client, auth, make_event):
    user_id = auth.as_new_user()
    old = make_event(user_id, name="Last month", held_on=date.today() - timedelta(days=40))
    with app.app_context():
        long_ago = datetime.now(UTC) - timedelta(days=40)
        db.session.add_all([Contact(owner_id=user_id, event_id=old, name=n, met_at=long_ago,
                                    chat_seconds=200) for n in "AB"])
        db.session.commit()
    make_event(user_id, name="Tonight", current=True)
    first = _capture(client, "Cy", "150")
    assert "New record: your shortest average chat (2:30)!" in first
    assert "most new people at one event" not in first
    assert "New record" not in _capture(client, "Dee", "160")  # ties the old event: no record
    third = _capture(client, "Eli")
    assert "New record: most new people at one event (3)!" in third
    assert "New record: most new people in one month (3)!" in third
    assert "New record" not in _capture(client, "Fay")  # already the record holder


def test_the_first_event_sets_no_record(client, auth, make_event):
    user_id = auth.as_new_user()
    make_event(user_id, current=True)
    assert "New record" not in _capture(client, "Ana", "40")
