"""Adding people I know (one line, or a pasted list) and moving them through the outreach
states. Request-free; callers commit."""

import re
from dataclasses import dataclass

from sqlalchemy import func, select

from netpwa.contacts import service as contacts_service
from netpwa.contacts.models import Contact
from netpwa.extensions import db, now_utc
from netpwa.forms import strip_controls
from netpwa.interviews import timeline
from netpwa.known.models import STATE_KEYS, STATE_LABELS, KnownPerson

NAME_MAX = 200
RELATIONSHIP_MAX = 200
PASTE_MAX_LINES = 300
# "Ana Lima, former coworker at Acme" / "Ana Lima - teacher" / "Ana Lima: my aunt"
SEPARATOR = re.compile(r"\s*(?:,|;|:|\t|\s[-–—]\s)\s*")
# What advancing to a state puts on the timeline: (notebook kind, text).
LOGGED = {
    "contacted": ("message", "Reached out."),
    "replied": ("note", "They replied."),
    "met": ("coffee", "Met up."),
    "asked": ("note", "Asked for advice or an introduction."),
}


@dataclass
class Line:
    name: str
    relationship: str
    error: str | None = None


def parse_line(raw: str) -> Line:
    text = " ".join(strip_controls(raw or "").replace("\t", " , ").split())
    parts = SEPARATOR.split(text, maxsplit=1)
    name = parts[0].strip()
    relationship = parts[1].strip() if len(parts) > 1 else ""
    if not name:
        return Line(name, relationship, "Type a name, like “Ana Lima, former coworker”.")
    if len(name) > NAME_MAX:
        return Line(name, relationship, f"Keep a name under {NAME_MAX} characters.")
    if len(relationship) > RELATIONSHIP_MAX:
        return Line(name, relationship,
                    f"Keep how you know them under {RELATIONSHIP_MAX} characters.")
    return Line(name, relationship)


def parse_paste(raw: str) -> tuple[list[Line], str | None]:
    lines = [line for line in (raw or "").splitlines() if line.strip()]
    if not lines:
        return [], "Paste some names, one per line."
    if len(lines) > PASTE_MAX_LINES:
        return [], f"Paste up to {PASTE_MAX_LINES} names at a time (this has {len(lines):,})."
    parsed = [parse_line(line) for line in lines]
    bad = [(i + 1, p) for i, p in enumerate(parsed) if p.error]
    if bad:
        number, line = bad[0]
        return parsed, f"Line {number}: {line.error}"
    return parsed, None


def add(owner_id: int, line: Line) -> tuple[KnownPerson, bool]:
    """Add someone I know; a contact already called that is put on the list, not doubled.
    Returns the row and whether it is new to the list. No commit."""
    contact = db.session.scalar(select(Contact).where(
        Contact.owner_id == owner_id, Contact.deleted_at.is_(None),
        func.lower(Contact.name) == line.name.lower()).order_by(Contact.id).limit(1))
    if contact is None:
        contact = contacts_service.new_contact(owner_id, {"name": line.name}, source="known")
        db.session.add(contact)
        db.session.flush()
    else:
        existing = db.session.scalar(select(KnownPerson).where(
            KnownPerson.contact_id == contact.id))
        if existing is not None:
            if line.relationship and not existing.relationship:
                existing.relationship = line.relationship
            return existing, False
    person = KnownPerson(owner_id=owner_id, contact_id=contact.id,
                         relationship=line.relationship)
    db.session.add(person)
    return person, True


def set_state(person: KnownPerson, state: str) -> bool:
    """Move to a state; moving forward logs what happened on the timeline. No commit."""
    if state not in STATE_KEYS or state == person.state:
        return False
    forward = STATE_KEYS.index(state) > STATE_KEYS.index(person.state)
    person.state = state
    person.state_changed_at = now_utc()
    if forward:
        kind, text = LOGGED[state]
        timeline.log(person.owner_id, person.contact_id, kind, occurred_on=now_utc().date(),
                     text=f"{text} (People I know: {STATE_LABELS[state]})")
    return True


def listing(owner_id: int, state: str | None = None):
    query = (select(KnownPerson, Contact).join(Contact, Contact.id == KnownPerson.contact_id)
             .where(KnownPerson.owner_id == owner_id, Contact.deleted_at.is_(None))
             .order_by(func.lower(Contact.name)))
    if state in STATE_KEYS:
        query = query.where(KnownPerson.state == state)
    return db.session.execute(query).all()


def counts(owner_id: int) -> dict[str, int]:
    rows = db.session.execute(
        select(KnownPerson.state, func.count(KnownPerson.id))
        .join(Contact, Contact.id == KnownPerson.contact_id)
        .where(KnownPerson.owner_id == owner_id, Contact.deleted_at.is_(None))
        .group_by(KnownPerson.state)).all()
    found = dict(rows)
    return {key: found.get(key, 0) for key in STATE_KEYS}
