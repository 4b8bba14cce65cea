"""Export → import into a new account gives back every exported field, for CSV and XLSX:
the second account's export equals the first's, cell by cell, and the contacts compare field
by field (event, dates, cadence, who introduced whom, notes over several lines, tags)."""

import csv
import io
from datetime import UTC, date, datetime

import pytest
from helpers import log_in_as
from imports_helpers import upload
from openpyxl import load_workbook
from sqlalchemy import select

from netpwa.contacts.models import Contact
from netpwa.events.models import Event
from netpwa.extensions import db
from netpwa.notebook import service as notebook
from netpwa.outreach import service as outreach


def _seed(app, owner_id: int) -> None:
    with app.app_context():
        event = Event(owner_id=owner_id, name="PyData Night", held_on=date(2026, 10, 1))
        db.session.add(event)
        db.session.flush()

        def add(name, **fields) -> Contact:
            contact = Contact(owner_id=owner_id, name=name, **fields)
            db.session.add(contact)
            db.session.flush()
            return contact
        jo = add("Jo Park", company="Park, Lee & Co", headline="Designer",
                 email="jo@park.example", phone="+1 415 555 0100",
                 link="https://www.linkedin.com/in/jopark", event_id=event.id,
                 met_at=datetime(2026, 10, 1, 19, tzinfo=UTC), cadence="1m",
                 notes='Said "hi" first.\nLikes climbing, a lot.', tags=",design,climbing,")
        kim = add("Kim Lee", headline="Recruiter", event_id=event.id, cadence="none",
                  met_at=datetime(2026, 10, 1, 20, tzinfo=UTC))
        add("山田太郎", company="Yamada Shoten", email="taro@yamada.example",
            met_at=datetime(2025, 3, 12, 9, tzinfo=UTC), cadence="6m")
        add("Martin Luther King Jr.", company="@handle Ltd", notes="=SUM(1;2)\n- a bullet",
            phone="(555) 010-0100", met_at=datetime(2024, 2, 7, 9, tzinfo=UTC))
        sam = add("Sam", notes="", met_at=datetime(2026, 11, 20, 9, tzinfo=UTC),
                  follow_up_by=date(2027, 1, 15))
        db.session.commit()
        notebook.log_interaction(owner_id, jo.id, "coffee", occurred_on=date(2026, 11, 1),
                                 today=date(2026, 12, 6))
        assert outreach.record_referral(owner_id, jo.id, kim.id) is None
        db.session.commit()
        assert sam.id


def _fields(app, owner_id: int) -> dict[str, tuple]:
    with app.app_context():
        from netpwa.outreach.referrals import referrer_of
        rows = {}
        for c in db.session.scalars(select(Contact).where(Contact.owner_id == owner_id)):
            referrer = referrer_of(c)
            rows[c.name] = (
                c.company, c.headline, c.email.lower(), c.phone, c.link,
                c.event.name if c.event else None, c.met_at.date(),
                c.last_contacted_at.date() if c.last_contacted_at else None, c.follow_up_by,
                c.cadence, referrer.name if referrer else None, c.notes, c.tag_list)
        return rows


def _csv_rows(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


def _xlsx_rows(data: bytes) -> list[tuple]:
    sheet = load_workbook(io.BytesIO(data)).active
    return list(sheet.iter_rows(values_only=True))


@pytest.mark.parametrize("fmt, read", [("csv", _csv_rows), ("xlsx", _xlsx_rows)])
def test_export_then_import_into_a_new_account_is_lossless(app, make_user, fmt, read):
    first_id, second_id = make_user("ana@example.com"), make_user("bea@example.com")
    _seed(app, first_id)
    first, second = app.test_client(), app.test_client()
    log_in_as(app, first, first_id)
    log_in_as(app, second, second_id)
    exported = first.get(f"/contacts/export.{fmt}")
    assert exported.status_code == 200
    response = upload(second, f"netpwa-contacts.{fmt}", exported.data)
    assert response.status_code == 303, response.get_data(as_text=True)[:400]
    import_id = int(response.headers["Location"].rsplit("/", 1)[1])
    preview = second.get(f"/imports/{import_id}").get_data(as_text=True)
    assert "Recognised as a <strong>netpwa export</strong> file" in preview
    assert second.post(f"/imports/{import_id}/start").status_code == 303
    assert _fields(app, second_id) == _fields(app, first_id)
    again = second.get(f"/contacts/export.{fmt}")
    first_rows, second_rows = read(exported.data), read(again.data)
    assert first_rows[0] == second_rows[0]
    assert sorted(first_rows[1:], key=str) == sorted(second_rows[1:], key=str)
    assert len(first_rows) == 6
