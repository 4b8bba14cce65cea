"""A contact's earlier values, worded for people (request-free)."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from netpwa.contacts.event_choices import event_names as names_of_events
from netpwa.contacts.inline import FIELDS, format_chat
from netpwa.contacts.models import Contact, ContactHistory
from netpwa.extensions import db

SHOWN = 50


@dataclass(frozen=True)
class Earlier:
    label: str
    old: str
    new: str
    changed_at: datetime
    origin: str


def _is_id(value: str | None) -> bool:
    return bool(value) and value.isascii() and value.isdigit() and len(value) < 19


def _worded(field: str, value: str | None, event_names: dict[int, str]) -> str:
    if value in (None, ""):
        return "(empty)"
    if field == "tags":
        return ", ".join(tag for tag in value.split(",") if tag) or "(empty)"
    if field == "follow_up":
        return "starred" if value == "True" else "not starred"
    if field == "event_id":
        return event_names.get(int(value), "an event since deleted") if _is_id(value) else value
    if field in ("met_at", "last_contacted_at"):
        return value[:10]
    if field == "chat_seconds":
        return format_chat(int(value)) if _is_id(value) else value
    return value


def earlier_values(contact: Contact) -> list[Earlier]:
    """The latest overwritten values of a contact, newest first."""
    rows = db.session.scalars(
        select(ContactHistory).where(ContactHistory.owner_id == contact.owner_id,
                                     ContactHistory.contact_id == contact.id)
        .order_by(ContactHistory.changed_at.desc(), ContactHistory.id.desc()).limit(SHOWN)).all()
    event_ids = {int(value) for row in rows if row.field == "event_id"
                 for value in (row.old_value, row.new_value) if _is_id(value)}
    event_names = names_of_events(contact.owner_id, event_ids)
    return [Earlier(FIELDS[row.field].label if row.field in FIELDS else row.field,
                    _worded(row.field, row.old_value, event_names),
                    _worded(row.field, row.new_value, event_names), row.changed_at, row.origin)
            for row in rows]
