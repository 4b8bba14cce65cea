"""Creating and changing contacts: the rules every entry point (form, sync, scan) shares."""

import re
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from netpwa.contacts.models import Contact, ContactHistory
from netpwa.extensions import db, now_utc

# The advice: check in every couple of months.
FOLLOW_UP_AFTER = timedelta(days=60)
TRASH_KEEPS = timedelta(days=30)
UUID_RE = re.compile(r"^[0-9a-fA-F-]{8,36}$")


def find_by_uuid(owner_id: int, uuid: str) -> Contact | None:
    return db.session.scalar(
        select(Contact).where(Contact.owner_id == owner_id, Contact.uuid == uuid))


def new_contact(owner_id: int, values: dict, *, uuid: str | None = None,
                event_id: int | None = None, source: str = "capture") -> Contact:
    """A contact built by the capture rules (met now unless said, follow up two months on),
    not yet added to the session; the sync API adds a whole batch of them at once."""
    values = dict(values)
    met_at = values.pop("met_at", None) or now_utc()
    contact = Contact(owner_id=owner_id, event_id=event_id, source=source, met_at=met_at,
                      follow_up_by=values.pop("follow_up_by", None)
                      or (met_at + FOLLOW_UP_AFTER).date(), **values)
    if uuid:
        contact.uuid = uuid.lower()
    return contact


def create_contact(owner_id: int, values: dict, *, uuid: str | None = None,
                   event_id: int | None = None, source: str = "capture") -> tuple[Contact, bool]:
    """Insert one contact; a uuid seen before returns the stored row instead (created=False).

    The uuid comes from the client (form or offline outbox), so a double tap, a retried request
    or a replayed outbox never stores a person twice.
    """
    if uuid and not UUID_RE.match(uuid):
        uuid = None
    if uuid:
        existing = find_by_uuid(owner_id, uuid)
        if existing is not None:
            return existing, False
    contact = new_contact(owner_id, values, uuid=uuid, event_id=event_id, source=source)
    db.session.add(contact)
    try:
        db.session.commit()
    except IntegrityError:
        # Two identical requests raced past the lookup: the other one stored it.
        db.session.rollback()
        existing = find_by_uuid(owner_id, uuid) if uuid else None
        if existing is None:
            raise
        return existing, False
    return contact, True


def _as_text(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value)


def apply_changes(contact: Contact, values: dict, *, origin: str = "web") -> list[str]:
    """Set fields, keeping every overwritten value in the contact's history. No commit.

    Returns the names of the fields that really changed.
    """
    changed = []
    for field, value in values.items():
        old = getattr(contact, field)
        if old == value:
            continue
        if old not in (None, "") and field not in ("last_contacted_at", "follow_up_by"):
            db.session.add(ContactHistory(
                owner_id=contact.owner_id, contact_id=contact.id, field=field,
                old_value=_as_text(old), new_value=_as_text(value), origin=origin))
        setattr(contact, field, value)
        changed.append(field)
    if changed:
        contact.updated_at = now_utc()
    return changed


def mark_contacted(contact: Contact) -> None:
    """Spoke to them today: the next check-in moves two months on."""
    now = now_utc()
    contact.last_contacted_at = now
    contact.follow_up_by = (now + FOLLOW_UP_AFTER).date()
    contact.updated_at = now


def trash(contact: Contact) -> None:
    contact.deleted_at = now_utc()
    contact.updated_at = contact.deleted_at


def restore(contact: Contact) -> None:
    contact.deleted_at = None
    contact.updated_at = now_utc()


def trash_cutoff():
    """Rows trashed before this are past keeping: never shown, purged by the next trash write."""
    return now_utc() - TRASH_KEEPS


def purge_expired_trash(owner_id: int) -> int:
    """Delete for good what has sat in the trash longer than it keeps things (runs inside the
    trash's own writes, delete and restore, never on a page view)."""
    cutoff = trash_cutoff()
    rows = db.session.scalars(select(Contact).where(
        Contact.owner_id == owner_id, Contact.deleted_at.is_not(None),
        Contact.deleted_at < cutoff)).all()
    for row in rows:
        db.session.delete(row)
    return len(rows)
