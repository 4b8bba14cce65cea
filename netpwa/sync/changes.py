"""Pull: what changed for a user since a cursor, in the shape the phone stores offline."""

import re
from dataclasses import dataclass

from sqlalchemy import and_, or_, select

from netpwa.contacts.models import Contact
from netpwa.events.goal import GoalProgress
from netpwa.extensions import db

PAGE_SIZE = 200
CURSOR_RE = re.compile(r"^(\d{1,18})-(\d{1,18})$")


@dataclass(frozen=True)
class Cursor:
    """A position in the owner's change stream: (revision, contact id) of the last row seen."""

    revision: int = 0
    contact_id: int = 0

    def __str__(self) -> str:
        return f"{self.revision}-{self.contact_id}"


def parse_cursor(raw: str | None) -> Cursor:
    """"" or None is the start of the stream; anything but "<revision>-<id>" is a ValueError."""
    if raw is None or raw.strip() == "":
        return Cursor()
    match = CURSOR_RE.match(raw.strip())
    if not match:
        raise ValueError(raw)
    return Cursor(int(match.group(1)), int(match.group(2)))


@dataclass(frozen=True)
class Changes:
    contacts: list[Contact]
    cursor: Cursor
    has_more: bool


def changes_since(owner_id: int, cursor: Cursor, limit: int = PAGE_SIZE) -> Changes:
    """Contacts (tombstones included) written after the cursor, oldest write first."""
    rows = db.session.scalars(
        select(Contact)
        .where(Contact.owner_id == owner_id,
               or_(Contact.revision > cursor.revision,
                   and_(Contact.revision == cursor.revision, Contact.id > cursor.contact_id)))
        .order_by(Contact.revision, Contact.id)
        .limit(limit + 1)).all()
    has_more = len(rows) > limit
    rows = rows[:limit]
    last = Cursor(rows[-1].revision, rows[-1].id) if rows else cursor
    return Changes(rows, last, has_more)


def _iso(value) -> str | None:
    return value.isoformat() if value is not None else None


def contact_payload(contact: Contact) -> dict:
    """One contact as JSON; a tombstone is the same shape with deleted_at set."""
    return {
        "id": contact.id, "uuid": contact.uuid, "event_id": contact.event_id,
        "name": contact.name, "headline": contact.headline, "company": contact.company,
        "mnemonic": contact.mnemonic, "email": contact.email, "phone": contact.phone,
        "link": contact.link, "tags": contact.tag_list, "notes": contact.notes,
        "follow_up": contact.follow_up, "follow_up_by": _iso(contact.follow_up_by),
        "chat_seconds": contact.chat_seconds, "source": contact.source,
        "met_at": _iso(contact.met_at), "last_contacted_at": _iso(contact.last_contacted_at),
        "updated_at": _iso(contact.updated_at), "deleted_at": _iso(contact.deleted_at),
        "revision": contact.revision,
    }


def event_payload(progress: GoalProgress) -> dict | None:
    """The current event with its counter, or None when the user isn't at one."""
    event = progress.event
    if event is None:
        return None
    return {"id": event.id, "name": event.name, "held_on": event.held_on.isoformat(),
            "place": event.place, "goal": progress.goal, "met": progress.met,
            "challenge_mode": event.challenge_mode,
            "chat_target_seconds": event.chat_target_seconds}
