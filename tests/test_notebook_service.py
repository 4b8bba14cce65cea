"""The notebook's service API, called as capture, sync, outreach and interviews call it."""

from datetime import date, timedelta

import pytest
from werkzeug.exceptions import NotFound

from netpwa.contacts import service as contacts
from netpwa.contacts.models import Contact
from netpwa.extensions import db
from netpwa.notebook import service
from netpwa.notebook.cadence import add_months, next_due
from netpwa.notebook.errors import NotebookError
from netpwa.notebook.models import Interaction

TODAY = date(2026, 12, 6)


@pytest.fixture
def ana(make_user):
    return make_user("ana@example.com")


@pytest.fixture
def bea(app, ana):
    with app.app_context():
        contact = Contact(owner_id=ana, name="Bea Costa", source="import")
        db.session.add(contact)
        db.session.commit()
        return contact.id


def contact(contact_id):
    return db.session.get(Contact, contact_id)


def test_logging_a_coffee_moves_next_follow_up_by_the_cadence(app, ana, bea):
    with app.app_context():
        logged = service.log_interaction(ana, bea, "coffee", occurred_on=date(2026, 12, 1),
                                         text="Talked about PyData", today=TODAY)
        assert logged.kind == "coffee" and logged.text == "Talked about PyData"
        assert contact(bea).last_contacted_at.date() == date(2026, 12, 1)
        assert contact(bea).follow_up_by == date(2027, 2, 1)  # two months, the default
        service.set_cadence(ana, bea, "2w", today=TODAY)
        assert contact(bea).follow_up_by == date(2026, 12, 15)


def test_an_older_interaction_does_not_move_last_contacted_back(app, ana, bea):
    with app.app_context():
        service.log_interaction(ana, bea, "call", occurred_on=date(2026, 12, 1), today=TODAY)
        service.log_interaction(ana, bea, "note", occurred_on=date(2026, 6, 1), today=TODAY)
        assert contact(bea).last_contacted_at.date() == date(2026, 12, 1)
        assert [i.kind for i in service.timeline(ana, bea)] == ["call", "note"]


def test_meeting_asks_for_a_thank_you_tomorrow_until_one_is_logged(app, ana, bea):
    with app.app_context():
        service.log_interaction(ana, bea, "interview", occurred_on=TODAY, today=TODAY)
        tomorrow = TODAY + timedelta(days=1)
        items = service.due_items(ana, TODAY)
        assert [(i.kind, i.due_on, i.title) for i in items] == [
            ("thank-you", tomorrow, "Thank Bea Costa")]
        assert service.due_count(ana, TODAY) == 0
        assert service.due_count(ana, tomorrow) == 1
        service.log_interaction(ana, bea, "thanks", occurred_on=tomorrow, today=tomorrow)
        assert service.due_items(ana, tomorrow) == []


def test_an_old_meeting_typed_in_today_asks_for_no_thank_you(app, ana, bea):
    with app.app_context():
        service.log_interaction(ana, bea, "met", occurred_on=date(2025, 1, 10), today=TODAY)
        assert contact(bea).thank_by is None


def test_capture_starts_the_timeline_with_met_at_the_event(app, ana, make_event):
    event = make_event(ana, name="PyData Night")
    with app.app_context():
        captured, _ = contacts.create_contact(ana, {"name": "Cy"}, event_id=event)
        (met,) = service.timeline(ana, captured.id)
        assert (met.kind, met.event_id, met.occurred_on) == ("met", event,
                                                            captured.met_at.date())
        assert contact(captured.id).thank_by == captured.met_at.date() + timedelta(days=1)


def test_a_replayed_client_id_is_stored_once(app, ana, bea):
    with app.app_context():
        uuid = "0b6f3c2e-6a1e-4c36-9d0e-1f2a3b4c5d6e"
        first = service.log_interaction(ana, bea, "call", interaction_id=uuid, today=TODAY)
        again = service.log_interaction(ana, bea, "call", interaction_id=uuid.upper(),
                                        today=TODAY)
        assert first.id == again.id
        assert db.session.query(Interaction).filter_by(contact_id=bea).count() == 1


def test_another_users_contact_or_interaction_is_not_found(app, ana, bea, make_user):
    eve = make_user("eve@example.com")
    with app.app_context():
        logged = service.log_interaction(ana, bea, "call", today=TODAY)
        with pytest.raises(NotFound):
            service.log_interaction(eve, bea, "call", today=TODAY)
        with pytest.raises(NotFound):
            service.trash_interaction(eve, logged.id)
        with pytest.raises(NotFound):
            service.complete_item(eve, "follow-up", str(bea), TODAY)
        assert service.due_items(eve, TODAY + timedelta(days=400)) == []


@pytest.mark.parametrize("field, kwargs", [
    ("occurred_on", {"occurred_on": date(1850, 1, 1)}),
    ("occurred_on", {"occurred_on": date(2030, 1, 1)}),
    ("occurred_on", {"occurred_on": "yesterday"}),
    ("kind", {"kind": "dinner"}),
    ("channel", {"kind": "message", "channel": "pigeon"}),
    ("text", {"text": "x" * 2001}),
])
def test_bad_input_names_the_field_and_stores_nothing(app, ana, bea, field, kwargs):
    with app.app_context():
        kind = kwargs.pop("kind", "call")
        with pytest.raises(NotebookError) as error:
            service.log_interaction(ana, bea, kind, today=TODAY, **kwargs)
        assert error.value.field == field
        db.session.rollback()
        assert service.timeline(ana, bea) == []


def test_no_interaction_on_a_trashed_contact(app, ana, bea):
    with app.app_context():
        contacts.trash(contact(bea))
        db.session.commit()
        with pytest.raises(NotebookError) as error:
            service.log_interaction(ana, bea, "call", today=TODAY)
        assert error.value.field == "contact"


def test_trash_and_restore_rederive_last_contacted(app, ana, bea):
    with app.app_context():
        service.log_interaction(ana, bea, "call", occurred_on=date(2026, 11, 1), today=TODAY)
        latest = service.log_interaction(ana, bea, "coffee", occurred_on=date(2026, 12, 1),
                                         today=TODAY)
        service.trash_interaction(ana, latest.id, today=TODAY)
        assert contact(bea).last_contacted_at.date() == date(2026, 11, 1)
        assert contact(bea).follow_up_by == date(2027, 1, 1)
        assert [i.id for i in service.trashed(ana, bea)] == [latest.id]
        service.restore_interaction(ana, latest.id, today=TODAY)
        assert contact(bea).last_contacted_at.date() == date(2026, 12, 1)


def test_edit_keeps_the_old_value(app, ana, bea):
    with app.app_context():
        logged = service.log_interaction(ana, bea, "call", text="first", today=TODAY)
        assert service.edit_interaction(ana, logged.id, {"text": "second",
                                                         "helped": "Ask about X"}) \
            == ["text", "helped"]
        assert logged.text == "second"
        from netpwa.notebook.models import InteractionHistory
        (old,) = db.session.query(InteractionHistory).filter_by(field="text").all()
        assert (old.old_value, old.new_value) == ("first", "second")


def test_done_and_snooze_on_due_items(app, ana, bea):
    with app.app_context():
        service.log_interaction(ana, bea, "call", occurred_on=date(2026, 9, 1), today=TODAY)
        (item,) = service.due_items(ana, TODAY)
        assert (item.kind, item.due_on) == ("follow-up", date(2026, 11, 1))
        assert service.due_count(ana, TODAY) == 1
        assert service.snooze_item(ana, "follow-up", item.ref, TODAY, "week") \
            == TODAY + timedelta(days=7)
        assert service.due_count(ana, TODAY) == 0
        assert service.due_items(ana, TODAY) == []  # a week on is past "this week"
        assert [i.due_on for i in service.due_items(ana, TODAY, until=TODAY + timedelta(days=7))] \
            == [TODAY + timedelta(days=7)]
        service.complete_item(ana, "follow-up", item.ref, TODAY, interaction_kind="coffee")
        assert service.timeline(ana, bea)[0].kind == "coffee"
        assert contact(bea).follow_up_by == date(2027, 2, 6)
        assert service.due_items(ana, TODAY) == []


def test_another_package_adds_its_own_due_items(app, ana, bea):
    seen = []
    source = service.DueSource(
        kind="test-referrer",
        items=lambda owner, until, limit: [service.DueItem(
            kind="test-referrer", contact=contact(bea), due_on=TODAY,
            title="Tell Bea how it went", ref="7")] if owner == ana else [],
        count=lambda owner, until: 1 if owner == ana else 0,
        done=lambda owner, ref, today, kind, text: seen.append(("done", ref)),
        snooze=lambda owner, ref, until: seen.append(("snooze", ref, until)))
    service.register_due_source(source)
    try:
        with app.app_context():
            assert [i.title for i in service.due_items(ana, TODAY)] == ["Tell Bea how it went"]
            assert service.due_count(ana, TODAY) == 1
            service.complete_item(ana, "test-referrer", "7", TODAY)
            assert seen == [("done", "7")]
    finally:
        from netpwa.notebook import due
        due._SOURCES.pop("test-referrer")


def test_cadence_months_keep_the_day_or_the_month_end():
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert add_months(date(2026, 11, 30), 3) == date(2027, 2, 28)
    assert next_due(date(2026, 12, 6), "12m") == date(2027, 12, 6)
    assert next_due(date(2026, 12, 6), "none") is None
