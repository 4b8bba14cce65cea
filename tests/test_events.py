"""Events: create, "I'm here", the goal, records."""

from datetime import date, timedelta

from helpers import HTMX, page_text, visible_text

from netpwa.contacts.models import Contact
from netpwa.events.models import Event
from netpwa.extensions import db


def test_create_event_defaults_to_goal_of_three_and_current(app, client, auth):
    """A new event asks to meet 3 people and becomes the current event."""
    auth.as_new_user()
    response = client.post("/events/new", data={
        "name": "PyData Night", "held_on": "2026-11-21", "place": "Lisbon", "goal": "3",
        "here_now": "y"})
    assert response.status_code == 302 and response.headers["Location"] == "/"
    home = visible_text(client.get("/"))
    assert "0 of 3 new people" in home and "PyData Night" in home


def test_bad_date_and_goal_get_messages(client, auth):
    """A bad date and a zero goal are explained; the name typed stays."""
    auth.as_new_user()
    response = client.post("/events/new", data={"name": "Meetup", "held_on": "31/31/2026",
                                                "goal": "0"})
    text = page_text(response)
    assert response.status_code == 422
    assert "Use a date like 2026-12-31." in text
    assert "between 1 and 500" in text
    assert 'value="Meetup"' in text


def test_raise_goal_returns_counter(client, auth, make_event):
    """+1 at the event raises the goal and htmx gets the counter back."""
    user_id = auth.as_new_user()
    event_id = make_event(user_id, current=True)
    response = client.post(f"/events/{event_id}/goal", headers=HTMX, data={"step": "1"})
    assert "0 of 4 new people" in visible_text(response)
    lowered = client.post(f"/events/{event_id}/goal", headers=HTMX, data={"step": "-1"})
    assert "0 of 3 new people" in visible_text(lowered)


def test_goal_buttons_say_what_they_do(client, auth, make_event):
    """The buttons beside the counter read "Goal +1" and "Goal −1" (their accessible names are
    their visible text); at a goal of 1, "Goal −1" is disabled."""
    user_id = auth.as_new_user()
    event_id = make_event(user_id, current=True)
    home = client.get("/").get_data(as_text=True)
    assert ">Goal +1</button>" in home and ">Goal −1</button>" in home
    assert "aria-label=\"Raise" not in home
    for _ in range(2):
        client.post(f"/events/{event_id}/goal", headers=HTMX, data={"step": "-1"})
    low = client.post(f"/events/{event_id}/goal", headers=HTMX, data={"step": "-1"}).get_data(as_text=True)
    assert 'data-goal="1"' in low
    assert "disabled>Goal −1</button>" in low


def test_im_here_switches_current_event(client, auth, make_event):
    """"I'm here" makes the event current; the home screen shows it."""
    user_id = auth.as_new_user()
    make_event(user_id, name="Old", current=True)
    new_id = make_event(user_id, name="Fresh Meetup")
    client.post(f"/events/{new_id}/here")
    assert "Fresh Meetup" in visible_text(client.get("/"))


def test_history_and_new_record(app, client, auth, make_event):
    """The history lists counts; an event beating earlier ones says it set a record."""
    user_id = auth.as_new_user()
    old = make_event(user_id, name="Last month", held_on=date.today() - timedelta(days=30))
    new = make_event(user_id, name="Tonight")
    with app.app_context():
        db.session.add_all([Contact(owner_id=user_id, event_id=old, name="A", chat_seconds=200)]
                           + [Contact(owner_id=user_id, event_id=new, name=n, chat_seconds=60)
                              for n in "BCD"])
        db.session.commit()
    history = visible_text(client.get("/events/"))
    assert "Tonight" in history and "3 of 3 new people" in history
    assert "Most new people at one event 3 at Tonight" in history
    page = visible_text(client.get(f"/events/{new}"))
    assert "New record: most new people at one event (3)" in page
    assert "New record: your shortest average chat (1:00)" in page


def test_challenge_mode_sets_30_second_target(client, auth, make_event):
    """In challenge mode the chat timer's target is 30 seconds."""
    user_id = auth.as_new_user()
    make_event(user_id, current=True, challenge_mode=True)
    assert 'data-target="30"' in page_text(client.get("/"))


def test_event_name_of_only_spaces_is_refused(app, client, auth):
    """A name of spaces is no name: the form says so and nothing is stored."""
    auth.as_new_user()
    response = client.post("/events/new", data={"name": "   ", "held_on": "2026-11-21",
                                                "goal": "3"})
    assert response.status_code == 422
    assert "Give the event a name." in page_text(response)
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(Event.id))) == 0


def test_counter_counts_only_the_event_owners_contacts(app, client, auth, make_user, make_event):
    """A row of another user pointing at my event never ticks my counter."""
    user_id = auth.as_new_user()
    event_id = make_event(user_id, current=True)
    other_id = make_user("bo@example.com")
    with app.app_context():
        db.session.add(Contact(owner_id=other_id, event_id=event_id, name="Stray"))
        db.session.commit()
    assert "0 of 3 new people" in visible_text(client.get("/"))
