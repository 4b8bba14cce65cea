"""The recall pages and the outbox path for answers: what a person sees, and no 500s."""

import io
import uuid
from datetime import date, timedelta

from PIL import Image
from sqlalchemy import func, insert, select

from netpwa.contacts.models import Contact
from netpwa.contacts.photos import downscale, set_photo
from netpwa.extensions import db
from netpwa.recall.models import RecallAnswer, RecallCard


def _uuid_of(app, contact_id):
    with app.app_context():
        return db.session.get(Contact, contact_id).uuid


def _answers(app):
    with app.app_context():
        return db.session.scalar(select(func.count(RecallAnswer.id)))


def test_home_shows_names_to_practise_beside_follow_ups(client, auth, make_contact):
    owner = auth.as_new_user()
    make_contact(owner, "Ana Lima", mnemonic="red scarf")
    make_contact(owner, "Bo Chen", mnemonic="tall")
    page = client.get("/").get_data(as_text=True)
    assert "2 names to practise" in page and 'id="due-count"' in page


def test_a_huge_backlog_of_names_shows_as_999_plus(app, client, auth):
    """The home count stops at 999 rather than counting a 100,000-person list each time."""
    owner = auth.as_new_user()
    with app.app_context():
        db.session.execute(insert(Contact), [
            {"uuid": str(uuid.uuid4()), "owner_id": owner, "name": f"Person {n}",
             "mnemonic": "a note"} for n in range(1000)])
        db.session.commit()
    assert "999+ names to practise" in client.get("/").get_data(as_text=True)


def test_the_drill_shows_the_note_and_checks_a_typed_answer(app, client, auth, make_contact,
                                                            make_event):
    owner = auth.as_new_user()
    event = make_event(owner, "PyData Night", place="Tech Hub")
    ana = make_contact(owner, "Zoë Lima", mnemonic="red scarf, sings", headline="Data engineer",
                       event_id=event)
    page = client.get("/recall/practice").get_data(as_text=True)
    assert "red scarf, sings" in page and "Data engineer" in page and "PyData Night" in page
    answered = client.post("/recall/answer", data={"contact": ana, "answer": " zoe ",
                                                   "answer_id": str(uuid.uuid4())})
    text = answered.get_data(as_text=True)
    assert answered.status_code == 200 and "Right!" in text and "Zoë Lima" in text
    assert "Names you know: 1 of 1" in text
    assert "Nobody to practise" in client.get("/recall/practice").get_data(as_text=True)


def test_a_10000_character_answer_gets_a_message_not_a_500(app, client, auth, make_contact):
    owner = auth.as_new_user()
    ana = make_contact(owner, "Ana Lima", mnemonic="red scarf")
    response = client.post("/recall/answer", data={"contact": ana, "answer": "x" * 10_000})
    assert response.status_code == 422
    assert "10,000 characters" in response.get_data(as_text=True)
    assert _answers(app) == 0


def test_others_ids_and_trashed_contacts_give_404(app, client, auth, make_user, make_contact,
                                                   make_event):
    owner = auth.as_new_user()
    other = make_user("bo@example.com")
    theirs = make_contact(other, "Not Mine", mnemonic="x")
    their_event = make_event(other, "Their Night")
    trashed = make_contact(owner, "Gone", mnemonic="x", deleted_at=db.func.now())
    assert client.post("/recall/answer", data={"contact": theirs, "answer": "Not"}).status_code == 404
    assert client.post("/recall/answer", data={"contact": trashed, "answer": "Gone"}).status_code == 404
    assert client.post("/recall/answer", data={"contact": "abc", "answer": "x"}).status_code == 404
    assert client.get(f"/recall/practice?scope=event&event={their_event}").status_code == 404
    assert client.get("/recall/practice?scope=event&event=zz").status_code == 404
    assert "Gone" not in client.get("/recall/practice").get_data(as_text=True)
    assert _answers(app) == 0


def test_answers_through_the_outbox_count_once_and_trashed_ones_are_dropped(
        app, client, auth, make_contact):
    owner = auth.as_new_user()
    ana = make_contact(owner, "Ana Lima", mnemonic="red scarf")
    gone = make_contact(owner, "Gone", mnemonic="x", deleted_at=db.func.now())
    item = {"op": "recall", "uuid": _uuid_of(app, ana), "op_id": str(uuid.uuid4()),
            "fields": {"answer": "Anna"}}
    for _ in range(2):
        response = client.post("/api/sync", json={"items": [item]})
        assert response.status_code == 200
        result = response.get_json()["results"][0]
        assert result["status"] == "ok" and result["correct"] is False
    assert result["duplicate"] is True and _answers(app) == 1
    with app.app_context():
        card = db.session.scalar(select(RecallCard))
        assert card.box == 1 and card.wrong_count == 1
    dropped = client.post("/api/sync", json={"items": [
        {"op": "recall", "uuid": _uuid_of(app, gone), "op_id": str(uuid.uuid4()),
         "fields": {"answer": "Gone"}},
        {"op": "recall", "uuid": _uuid_of(app, ana), "op_id": str(uuid.uuid4()),
         "fields": {"answer": "y" * 10_000}}]}).get_json()["results"]
    assert dropped[0]["status"] == "ok" and dropped[0]["gone"] is True
    assert dropped[1]["status"] == "error" and dropped[1]["field"] == "answer"
    assert "10,000 characters" in dropped[1]["error"]
    assert _answers(app) == 1


def test_the_today_setting_moves_the_drill_to_the_next_day(app, client, auth, make_contact):
    owner = auth.as_new_user()
    ana = make_contact(owner, "Ana Lima", mnemonic="red scarf")
    bo = make_contact(owner, "Bo Chen", mnemonic="tall")
    app.config["TODAY"] = "2026-12-06"
    client.post("/recall/answer", data={"contact": ana, "answer": "Ana"})
    client.post("/recall/answer", data={"contact": bo, "answer": "Bob"})
    assert "No names to practise" in client.get("/").get_data(as_text=True)
    app.config["TODAY"] = (date(2026, 12, 6) + timedelta(days=1)).isoformat()
    assert "1 name to practise" in client.get("/").get_data(as_text=True)
    page = client.get("/recall/practice").get_data(as_text=True)
    assert "tall" in page and "red scarf" not in page


def test_overview_lists_events_and_progress(client, auth, make_contact, make_event):
    owner = auth.as_new_user()
    event = make_event(owner, "PyData Night")
    make_contact(owner, "Ana Lima", mnemonic="red scarf", event_id=event)
    page = client.get("/recall").get_data(as_text=True)
    assert "Names you know: 0 of 1" in page and "PyData Night" in page
    assert "Practise everyone I might see again" in page


def test_reaching_the_goal_offers_a_10_second_recall_of_the_last_three(client, auth, make_event):
    owner = auth.as_new_user()
    make_event(owner, "PyData Night", goal=3, current=True)
    headers = {"HX-Request": "true"}
    for index, name in enumerate(("Ana Lima", "Bo Chen", "Cy Osei", "Dee Eve")):
        saved = client.post("/capture", data={"name": name, "mnemonic": f"note {name}"},
                            headers=headers).get_data(as_text=True)
        offered = "data-recall-offer>" in saved and "10-second name recall" in saved
        assert offered == (index == 2)
        if index == 2:
            quick = client.get("/recall/practice?scope=last").get_data(as_text=True)
            assert 'data-recall-seconds="10"' in quick
            assert all(f"note {n}" in quick for n in ("Ana Lima", "Bo Chen", "Cy Osei"))


def test_the_plan_records_say_how_many_names_i_know(client, auth, make_contact):
    owner = auth.as_new_user()
    ana = make_contact(owner, "Ana Lima", mnemonic="red scarf")
    make_contact(owner, "Bo Chen", mnemonic="tall")
    client.post("/recall/answer", data={"contact": ana, "answer": "ana"})
    page = client.get("/plan/").get_data(as_text=True)
    assert "Names you know" in page and "1 of 2" in page


def test_the_drill_shows_their_photo_when_there_is_one(app, client, auth, make_contact):
    """A face helps a name come back: the card shows the contact's photo beside the clues."""
    owner = auth.as_new_user()
    with_photo = make_contact(owner, "Ana Lima", mnemonic="red scarf")
    make_contact(owner, "Bo Chen", mnemonic="tall")
    picture = io.BytesIO()
    Image.new("RGB", (64, 64), (200, 40, 40)).save(picture, "JPEG")
    with app.app_context():
        set_photo(owner, with_photo, downscale(picture.getvalue()))
        db.session.commit()
    page = client.get("/recall/practice").get_data(as_text=True)
    assert page.count('class="recall-photo"') == 1
    assert f'src="/contacts/{with_photo}/photo.jpg"' in page
