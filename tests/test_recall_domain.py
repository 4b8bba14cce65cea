"""Recall practice, request-free: forgiving names, Leitner steps, the deck, answers, counts."""

import uuid
from datetime import date, datetime, timedelta, UTC

import pytest

from netpwa.contacts.models import Contact
from netpwa.extensions import db
from netpwa.recall import answers, deck, leitner, progress
from netpwa.recall.names import MAX_ANSWER, answer_problem, fold, is_right

DAY = date(2026, 12, 6)


@pytest.mark.parametrize("typed, name", [
    ("Zoe", "Zoë"), ("zoe ng", "Zoë Ng"), ("  ZOË   NG ", "Zoë Ng"), ("zoe", "Zoë Ng"),
    ("Jose", "José García"), ("jose garcia", "José García"),
    ("siobhan o'neil", "Siobhán O'Neil"), ("Bjorn", "Bjørn Å"), ("strasse", "Straße"),
])
def test_forgiving_answers_are_right(typed, name):
    assert is_right(typed, name)


@pytest.mark.parametrize("typed, name", [
    ("Zoey", "Zoë Ng"), ("Ng", "Zoë Ng"), ("oneil", "Siobhán O'Neil"), ("", "Zoë Ng"), ("   ", "Zoë Ng"), ("Zo", "Zoë Ng"),
])
def test_wrong_answers_are_wrong(typed, name):
    assert not is_right(typed, name)


def test_fold_flattens_case_accents_and_spaces():
    assert fold("  ÉLODIE   d’Arc-Smith ") == "elodie darc smith"


def test_a_huge_answer_gets_a_message():
    assert answer_problem("x" * MAX_ANSWER) is None
    message = answer_problem("x" * 10_000)
    assert "10,000 characters" in message


def test_leitner_right_moves_out_wrong_comes_back_tomorrow():
    first = leitner.next_step(None, True, DAY)
    assert (first.box, first.due_on) == (2, DAY + timedelta(days=2))
    again = leitner.next_step(first.box, True, DAY)
    assert (again.box, again.due_on) == (3, DAY + timedelta(days=4))
    missed = leitner.next_step(again.box, False, DAY)
    assert (missed.box, missed.due_on) == (1, DAY + timedelta(days=1))
    top = leitner.next_step(leitner.TOP_BOX, True, DAY)
    assert top.box == leitner.TOP_BOX


@pytest.fixture
def people(app, make_user, make_event, make_contact):
    owner = make_user()
    other = make_user("bo@example.com")
    night = make_event(owner, "PyData Night", place="Tech Hub", held_on=DAY - timedelta(days=30))
    again = make_event(owner, "PyData night", held_on=DAY)
    elsewhere = make_event(owner, "Rust Meetup", place="Cafe", held_on=DAY - timedelta(days=10))
    base = datetime(2026, 11, 1, 18, tzinfo=UTC)
    ids = {
        "ana": make_contact(owner, "Ana Lima", mnemonic="red scarf, sings", event_id=night,
                            met_at=base),
        "bo": make_contact(owner, "Bo Chen", mnemonic="", event_id=night,
                           met_at=base + timedelta(minutes=1)),
        "cy": make_contact(owner, "Cy Dias", mnemonic="bike", event_id=elsewhere,
                           met_at=base + timedelta(minutes=2)),
        "bare": make_contact(owner, "No Clues", mnemonic="", met_at=base + timedelta(minutes=3)),
        "gone": make_contact(owner, "Gone Guy", mnemonic="trashed", event_id=night,
                             deleted_at=base, met_at=base + timedelta(minutes=4)),
        "theirs": make_contact(other, "Not Mine", mnemonic="other user"),
    }
    return {"owner": owner, "other": other, "night": night, "again": again,
            "elsewhere": elsewhere, **ids}


def _names(prompts):
    return [p.name for p in prompts]


def test_deck_skips_people_with_nothing_to_recall_and_the_trash(app, people):
    with app.app_context():
        prompts = deck.build(people["owner"], DAY)
        assert set(_names(prompts)) == {"Ana Lima", "Bo Chen", "Cy Dias"}
        bo = next(p for p in prompts if p.name == "Bo Chen")
        assert bo.by_place_only and bo.event_name == "PyData Night" and bo.place == "Tech Hub"
        assert progress.due_count(people["owner"], DAY) == 3
        assert progress.progress(people["owner"]).text == "Names you know: 0 of 3"


def test_choices_are_four_distinct_names_including_the_right_one(app, people, make_contact):
    with app.app_context():
        for name in ("Dee Eve", "Eli Fox", "Fay Gil"):
            make_contact(people["owner"], name)
        prompts = deck.build(people["owner"], DAY)
        for prompt in prompts:
            names = [name for _uuid, name in prompt.choices]
            assert len(names) == 4 and prompt.name in names
            assert "Not Mine" not in names and "Gone Guy" not in names
            assert len({fold(n.split()[0]) for n in names}) == 4
        assert [p.choices for p in prompts] == [p.choices for p in deck.build(people["owner"], DAY)]


def _answer(owner, contact_id, on, **fields):
    contact = db.session.get(Contact, contact_id)
    outcome = answers.record(owner, contact, fields, str(uuid.uuid4()), on)
    db.session.commit()
    return outcome


def test_the_missed_name_comes_back_first_the_next_day(app, people):
    owner = people["owner"]
    with app.app_context():
        assert _answer(owner, people["ana"], DAY, answer="ana").correct
        assert not _answer(owner, people["bo"], DAY, answer="Bob").correct
        cy = db.session.get(Contact, people["cy"])
        assert _answer(owner, people["cy"], DAY, choice=cy.uuid).correct
        assert deck.build(owner, DAY) == []
        assert progress.due_count(owner, DAY) == 0
        tomorrow = deck.build(owner, DAY + timedelta(days=1))
        assert _names(tomorrow) == ["Bo Chen"]
        assert progress.progress(owner).text == "Names you know: 2 of 3"
        later = deck.build(owner, DAY + timedelta(days=2))
        assert _names(later)[0] == "Bo Chen" and set(_names(later)) == {
            "Ana Lima", "Bo Chen", "Cy Dias"}


def test_an_answer_replayed_counts_once(app, people):
    owner = people["owner"]
    with app.app_context():
        contact = db.session.get(Contact, people["ana"])
        answer_id = str(uuid.uuid4())
        first = answers.record(owner, contact, {"answer": "Ana"}, answer_id, DAY)
        db.session.commit()
        second = answers.record(owner, contact, {"answer": "wrong"}, answer_id, DAY)
        db.session.commit()
        assert (first.box, second.box, second.duplicate, second.correct) == (2, 2, True, True)


def test_bad_answers_are_refused_with_a_field(app, people):
    with app.app_context():
        contact = db.session.get(Contact, people["ana"])
        for fields, field in (({"answer": "x" * 10_000}, "answer"), ({"answer": "  "}, "answer"),
                              ({}, "answer"), ({"choice": 5}, "choice")):
            with pytest.raises(answers.AnswerError) as raised:
                answers.record(people["owner"], contact, fields, str(uuid.uuid4()), DAY)
            assert raised.value.field == field


def test_practise_an_event_and_everyone_i_might_see_again(app, people):
    owner = people["owner"]
    with app.app_context():
        from netpwa.events.models import Event
        night = db.session.get(Event, people["night"])
        assert set(_names(deck.build(owner, DAY, "event", event=night))) == {"Ana Lima", "Bo Chen"}
        upcoming = db.session.get(Event, people["again"])
        assert set(_names(deck.build(owner, DAY, "again", event=upcoming))) == {
            "Ana Lima", "Bo Chen"}
        assert set(_names(deck.build(owner, DAY, "again"))) == {"Ana Lima", "Bo Chen"}
        assert _names(deck.build(owner, DAY, "last")) == ["Cy Dias", "Bo Chen", "Ana Lima"]
