"""Friends at the same event: sharing, joining by code, the board, leaving, removing, hiding.

Domain functions are called directly (netpwa.friends.sharing, .board); the routes are checked
for what a person sees: the messages for bad codes, no 500, nothing leaked to outsiders.
"""

from datetime import date, timedelta

import pytest
from helpers import log_in_as, visible_text as page_text
from sqlalchemy import func, select

from netpwa.auth.models import User
from netpwa.contacts.models import Contact
from netpwa.events.models import Event
from netpwa.extensions import db, now_utc
from netpwa.friends import sharing
from netpwa.friends.board import board_for
from netpwa.friends.models import EventFriend, EventShare


@pytest.fixture
def trio(app, make_user, make_event):
    """Ana made an event (her current one); Bea and Caio are users who have not joined."""
    ana = make_user("ana@example.com", display_name="Ana")
    bea = make_user("bea@example.com", display_name="Bea")
    caio = make_user("caio@example.com", display_name="Caio")
    event_id = make_event(ana, name="PyData Night", current=True)
    return ana, bea, caio, event_id


def _share(app, event_id) -> str:
    with app.app_context():
        return sharing.share_event(db.session.get(Event, event_id)).code


def _join(app, code, user_id, name) -> EventFriend:
    with app.app_context():
        row = sharing.join(code, db.session.get(User, user_id), name)
        return row.id, row.own_event_id


def _capture(app, owner_id, event_id, n, name="Someone"):
    with app.app_context():
        for i in range(n):
            db.session.add(Contact(owner_id=owner_id, event_id=event_id, name=f"{name} {i}",
                                   met_at=now_utc() + timedelta(seconds=i)))
        db.session.commit()


def _board(app, user_id, own_event_id):
    with app.app_context():
        row = sharing.membership_of(user_id, own_event_id)
        board = board_for(row, user_id)
        return [(r.name, r.met, r.goal, r.first_to_goal, r.on_track, r.new_record)
                for r in board.rows], board


def test_a_code_is_long_random_and_one_per_event(app, trio):
    _ana, _bea, _caio, event_id = trio
    code = _share(app, event_id)
    assert len(code) >= 22 and code != _share.__name__
    assert _share(app, event_id) == code, "sharing again shows the same working link"
    with app.app_context():
        assert db.session.scalar(select(func.count(EventShare.id))) == 1
        assert len({sharing.new_code() for _ in range(50)}) == 50


def test_friends_join_and_each_counts_at_their_own_event_against_their_own_goal(app, trio):
    ana, bea, caio, event_id = trio
    code = _share(app, event_id)
    _, bea_event = _join(app, code, bea, "Bea")
    _, caio_event = _join(app, code, caio, "Caio C.")
    assert bea_event != event_id and caio_event not in (event_id, bea_event)
    with app.app_context():
        assert db.session.get(User, bea).current_event_id == bea_event, "joining is arriving"
        db.session.get(Event, caio_event).goal = 5
        db.session.commit()
    _capture(app, ana, event_id, 2)
    _capture(app, bea, bea_event, 4)
    _capture(app, caio, caio_event, 1)
    rows, board = _board(app, ana, event_id)
    assert [(name, met, goal) for name, met, goal, *_ in rows] == [
        ("Bea", 4, 3), ("Ana", 2, 3), ("Caio C.", 1, 5)]
    assert [r.name for r in board.rows if r.first_to_goal] == ["Bea"]
    # Bea sees the same board, her own row marked as hers.
    _rows, bea_board = _board(app, bea, bea_event)
    assert bea_board.me.name == "Bea" and bea_board.me.met == 4


def test_a_trashed_capture_and_another_owners_rows_do_not_count(app, trio, make_contact):
    ana, bea, _caio, event_id = trio
    code = _share(app, event_id)
    _, bea_event = _join(app, code, bea, "Bea")
    _capture(app, bea, bea_event, 3)
    with app.app_context():
        db.session.scalars(select(Contact).where(Contact.owner_id == bea)).first().deleted_at = now_utc()
        # A row of Ana's pointing at Bea's event (it can't happen through the app) isn't Bea's.
        db.session.add(Contact(owner_id=ana, event_id=bea_event, name="Not Bea's"))
        db.session.commit()
    rows, _ = _board(app, ana, event_id)
    assert ("Bea", 2) in [(name, met) for name, met, *_ in rows]


def test_who_reached_their_goal_first_is_by_the_time_of_the_goal_th_capture(app, trio):
    ana, bea, _caio, event_id = trio
    code = _share(app, event_id)
    _, bea_event = _join(app, code, bea, "Bea")
    with app.app_context():
        start = now_utc()
        for i in range(3):  # Ana reaches 3 at +20 min; Bea reached hers at +10 min
            db.session.add(Contact(owner_id=ana, event_id=event_id, name=f"a{i}",
                                   met_at=start + timedelta(minutes=10 * i + 1)))
            db.session.add(Contact(owner_id=bea, event_id=bea_event, name=f"b{i}",
                                   met_at=start + timedelta(minutes=5 * i)))
        db.session.add(Contact(owner_id=ana, event_id=event_id, name="a3",
                               met_at=start + timedelta(minutes=30)))
        db.session.commit()
    rows, _ = _board(app, bea, bea_event)
    assert [(name, met, first) for name, met, _goal, first, *_ in rows] == [
        ("Ana", 4, False), ("Bea", 3, True)]


def test_on_track_for_a_personal_record_compares_with_their_earlier_events(app, trio,
                                                                           make_event):
    ana, bea, _caio, event_id = trio
    earlier = make_event(bea, name="Last month", held_on=date.today() - timedelta(days=30))
    _capture(app, bea, earlier, 2)
    code = _share(app, event_id)
    _, bea_event = _join(app, code, bea, "Bea")
    _capture(app, bea, bea_event, 1)
    _, board = _board(app, ana, event_id)
    bea_row = next(r for r in board.rows if r.name == "Bea")
    assert not bea_row.on_track and bea_row.to_record == 2
    ana_row = next(r for r in board.rows if r.name == "Ana")
    assert not ana_row.on_track, "a first event has no record to be on track for"
    _capture(app, bea, bea_event, 1)
    _, board = _board(app, ana, event_id)
    bea_row = next(r for r in board.rows if r.name == "Bea")
    assert bea_row.on_track and not bea_row.new_record
    _capture(app, bea, bea_event, 1)
    _, board = _board(app, ana, event_id)
    assert next(r for r in board.rows if r.name == "Bea").new_record


def test_joining_twice_keeps_one_row(app, trio):
    _ana, bea, _caio, event_id = trio
    code = _share(app, event_id)
    first = _join(app, code, bea, "Bea")
    assert _join(app, code, bea, "Bea again") == first
    with app.app_context():
        assert db.session.scalar(select(func.count(EventFriend.id)).where(
            EventFriend.user_id == bea)) == 1
        assert db.session.scalar(select(func.count(Event.id)).where(Event.owner_id == bea)) == 1


def test_joining_links_my_current_event_on_the_same_day(app, trio, make_event):
    _ana, bea, _caio, event_id = trio
    mine = make_event(bea, name="My PyData", current=True)
    code = _share(app, event_id)
    _, own = _join(app, code, bea, "Bea")
    assert own == mine, "captures already made there count on the board"


def test_leaving_takes_me_off_and_i_can_come_back(app, trio):
    ana, bea, _caio, event_id = trio
    code = _share(app, event_id)
    _, bea_event = _join(app, code, bea, "Bea")
    _capture(app, bea, bea_event, 2)
    with app.app_context():
        sharing.leave(sharing.membership_of(bea, bea_event))
    rows, _ = _board(app, ana, event_id)
    assert [name for name, *_ in rows] == ["Ana"]
    _, again = _join(app, code, bea, "Bea")
    assert again == bea_event, "coming back counts at the same event"
    rows, _ = _board(app, ana, event_id)
    assert ("Bea", 2) in [(name, met) for name, met, *_ in rows]


def test_removed_people_are_off_and_cannot_join_again(app, trio):
    ana, bea, _caio, event_id = trio
    code = _share(app, event_id)
    member, _ = _join(app, code, bea, "Bea")
    with app.app_context():
        assert sharing.remove(db.session.get(Event, event_id), member) is not None
        own_row = sharing.membership_of(ana, event_id)
        assert sharing.remove(db.session.get(Event, event_id), own_row.id) is None, \
            "the creator can't remove themselves"
    rows, _ = _board(app, ana, event_id)
    assert [name for name, *_ in rows] == ["Ana"]
    with app.app_context(), pytest.raises(sharing.JoinRefused) as refused:
        sharing.join(code, db.session.get(User, bea), "Bea")
    assert refused.value.reason == "removed"


def test_hidden_people_are_left_off_every_other_board(app, trio):
    ana, bea, _caio, event_id = trio
    code = _share(app, event_id)
    _, bea_event = _join(app, code, bea, "Bea")
    with app.app_context():
        sharing.set_hidden(bea, True)
    rows, _ = _board(app, ana, event_id)
    assert [name for name, *_ in rows] == ["Ana"]
    _, bea_board = _board(app, bea, bea_event)
    assert bea_board.hidden_me and bea_board.me is not None, "Bea still sees herself"
    with app.app_context():
        sharing.set_hidden(bea, False)
    rows, _ = _board(app, ana, event_id)
    assert "Bea" in [name for name, *_ in rows]


@pytest.mark.parametrize("case", ["wrong", "revoked", "expired", "deleted", "junk"])
def test_codes_that_cannot_be_used_say_why(app, trio, case):
    ana, bea, _caio, event_id = trio
    code = _share(app, event_id)
    with app.app_context():
        if case == "wrong":
            code = sharing.new_code()
        elif case == "junk":
            code = "../<script>" + "x" * 100
        elif case == "revoked":
            sharing.revoke(db.session.get(Event, event_id))
        elif case == "expired":
            db.session.scalars(select(EventShare)).one().expires_at = now_utc() - timedelta(1)
            db.session.commit()
        elif case == "deleted":
            db.session.get(User, ana).current_event_id = None
            db.session.delete(db.session.get(Event, event_id))
            db.session.commit()
        with pytest.raises(sharing.JoinRefused) as refused:
            sharing.join(code, db.session.get(User, bea), "Bea")
    assert refused.value.reason == ("wrong" if case == "junk" else case)
    assert refused.value.message


# --- the routes -----------------------------------------------------------------------------

def test_join_by_link_then_the_board_shows_on_the_capture_screen(app, client, trio):
    ana, bea, _caio, event_id = trio
    code = _share(app, event_id)
    _capture(app, ana, event_id, 2)
    log_in_as(app, client, bea)
    page = client.get(f"/e/{code}")
    assert page.status_code == 200
    assert "Join Ana at PyData Night" in page_text(page)
    response = client.post(f"/e/{code}", data={"name": "Bea B."})
    assert response.status_code == 302
    home = page_text(client.get("/"))
    assert "Friends' board" in home and "Ana" in home and "2 of 3" in home
    # A second scan says so, and changes nothing.
    again = client.post(f"/e/{code}", data={"name": "Bea"}, follow_redirects=True)
    assert "already on this board" in page_text(again)


def test_join_form_keeps_what_was_typed_with_a_message(app, client, trio):
    _ana, bea, _caio, event_id = trio
    code = _share(app, event_id)
    log_in_as(app, client, bea)
    response = client.post(f"/e/{code}", data={"name": "x" * 61})
    assert response.status_code == 422
    assert "under 60 characters" in page_text(response)
    assert 'value="' + "x" * 61 in response.get_data(as_text=True)
    blank = client.post(f"/e/{code}", data={"name": "  "})
    assert blank.status_code == 422 and "name your friends know you by" in page_text(blank)


@pytest.mark.parametrize("code,status,words", [
    ("not-a-real-code-at-all-123", 404, "couldn't find that join link"),
    ("%00%ff", 404, "couldn't find that join link"),
    ("x" * 500, 404, "couldn't find that join link"),
])
def test_bad_codes_get_a_clear_page(app, client, trio, code, status, words):
    _ana, bea, _caio, _event_id = trio
    log_in_as(app, client, bea)
    for method in (client.get, client.post):
        response = method(f"/e/{code}", data={"name": "Bea"})
        assert response.status_code == status
        assert words in page_text(response)


def test_the_board_leaks_nothing_to_people_who_have_not_joined(app, client, trio):
    ana, bea, caio, event_id = trio
    code = _share(app, event_id)
    _, bea_event = _join(app, code, bea, "Bea")
    _capture(app, bea, bea_event, 1, name="Secret Person")
    log_in_as(app, client, caio)
    # Caio holds no code: Ana's and Bea's event ids answer 404 everywhere.
    for url in (f"/friends/events/{event_id}", f"/friends/events/{event_id}/board",
                f"/friends/events/{bea_event}/board", f"/events/{bea_event}"):
        assert client.get(url).status_code == 404, url
    # The join page (with the code) names the event and who shared it, not who is on it.
    text = page_text(client.get(f"/e/{code}"))
    assert "Bea" not in text and "Secret" not in text
    # Joined, Caio sees Bea's count, never her contacts.
    client.post(f"/e/{code}", data={"name": "Caio"})
    with app.app_context():
        caio_event = db.session.get(User, caio).current_event_id
    board = page_text(client.get(f"/friends/events/{caio_event}"))
    assert "Bea" in board and "Secret Person" not in board


def test_leave_remove_and_hide_through_the_pages(app, client, trio):
    ana, bea, caio, event_id = trio
    code = _share(app, event_id)
    bea_member, bea_event = _join(app, code, bea, "Bea")
    _, caio_event = _join(app, code, caio, "Caio")
    log_in_as(app, client, caio)
    client.post(f"/friends/events/{caio_event}/leave")
    assert "You left" in page_text(client.get(f"/friends/events/{caio_event}"))
    stopped = client.get(f"/friends/events/{caio_event}/board", headers={"HX-Request": "true"})
    assert stopped.status_code == 286, "polling stops once I'm off the board"
    log_in_as(app, client, ana)
    client.post(f"/friends/events/{event_id}/members/{bea_member}/remove")
    text = page_text(client.get(f"/friends/events/{event_id}/board",
                                headers={"HX-Request": "true"}))
    assert "Bea" not in text and "Caio" not in text
    log_in_as(app, client, bea)
    refused = client.get(f"/e/{code}")
    assert refused.status_code == 403 and "took you off" in page_text(refused)
    client.post("/friends/hidden", data={"hidden": "1"})
    assert "You're hidden" in page_text(client.get("/friends"))
    bad = client.post("/friends/hidden", data={"hidden": "maybe"})
    assert bad.status_code == 303


def test_only_the_creator_removes_and_the_creator_cannot_leave(app, client, trio):
    ana, bea, caio, event_id = trio
    code = _share(app, event_id)
    _, bea_event = _join(app, code, bea, "Bea")
    caio_member, _ = _join(app, code, caio, "Caio")
    log_in_as(app, client, bea)
    assert client.post(
        f"/friends/events/{bea_event}/members/{caio_member}/remove").status_code == 404
    log_in_as(app, client, ana)
    client.post(f"/friends/events/{event_id}/leave")
    assert "Ana" in page_text(client.get(f"/friends/events/{event_id}/board",
                                         headers={"HX-Request": "true"}))


def test_join_attempts_are_rate_limited(request, app_config):
    """Guessing codes: past the per-account limit every attempt answers 429, good or bad."""
    app_config.update(FRIENDS_JOIN_RATE_LIMIT="1000 per minute",
                      FRIENDS_JOIN_ACCOUNT_RATE_LIMIT="5 per minute")
    app = request.getfixturevalue("app")
    client = app.test_client()
    make_user = request.getfixturevalue("make_user")  # after the app is built with the limits
    log_in_as(app, client, make_user("guess@example.com", display_name="G"))
    statuses = [client.get(f"/e/{sharing.new_code()}").status_code for _ in range(7)]
    assert statuses[:5] == [404] * 5 and statuses[5:] == [429, 429]


def test_a_board_is_computed_once_for_its_viewers_and_forgotten_on_a_change(app, trio):
    """200 phones polling share one computed board for max_age seconds; leaving (or a join,
    a removal, hiding) is seen at once, a new count within max_age."""
    ana, bea, _caio, event_id = trio
    code = _share(app, event_id)
    _, bea_event = _join(app, code, bea, "Bea")
    with app.app_context():
        first = board_for(sharing.membership_of(ana, event_id), ana, max_age=60)
        db.session.commit()
    _capture(app, bea, bea_event, 1)
    with app.app_context():
        again = board_for(sharing.membership_of(bea, bea_event), bea, max_age=60)
        assert again.shared is first.shared, "the second viewer reused the computed board"
        assert again.me.met == 0
        assert board_for(sharing.membership_of(bea, bea_event), bea).me.met == 1
        sharing.leave(sharing.membership_of(bea, bea_event))
        after = board_for(sharing.membership_of(ana, event_id), ana, max_age=60)
        assert [row.name for row in after.rows] == ["Ana"]


def test_afterwards_the_event_page_keeps_the_final_board(app, client, make_user, make_event):
    ana = make_user("ana@example.com", display_name="Ana")
    bea = make_user("bea@example.com", display_name="Bea")
    event_id = make_event(ana, name="Last Week's Meetup", current=True,
                          held_on=date.today() - timedelta(days=1))
    code = _share(app, event_id)
    _, bea_event = _join(app, code, bea, "Bea")
    _capture(app, bea, bea_event, 3)
    _capture(app, ana, event_id, 1)
    log_in_as(app, client, bea)
    page = client.get(f"/events/{bea_event}")
    text = page_text(page)
    assert "Final board" in text and "Ana 1 of 3" in text and "You 3 of 3" in text
    assert "first to their goal" in text
    assert 'hx-trigger="every 5s' not in page.get_data(as_text=True), "a past board stays still"


@pytest.mark.parametrize("typed", ["\x00Bea", "B" * 10_001, "\u202eaeB", "Bea 🎉", "\ufffdBea",
                                   "<script>alert(1)</script>"])
def test_traps_in_the_name_never_500_and_never_store_junk(app, client, trio, typed):
    _ana, bea, _caio, event_id = trio
    code = _share(app, event_id)
    log_in_as(app, client, bea)
    response = client.post(f"/e/{code}", data={"name": typed})
    assert response.status_code in (302, 422), response.status_code
    with app.app_context():
        names = db.session.scalars(select(EventFriend.shown_name).where(
            EventFriend.user_id == bea)).all()
    assert all("\x00" not in name and "\u202e" not in name and len(name) <= 60
               for name in names)
    if response.status_code == 302:
        assert client.get("/").status_code == 200, "the capture screen draws the board"
