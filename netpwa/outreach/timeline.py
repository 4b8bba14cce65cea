"""The one place outreach reads and writes the notebook's timeline (netpwa.notebook).

Until the notebook's service exists this falls back to the contact's own columns, so the
rest of outreach doesn't change when it lands.
"""

from dataclasses import dataclass
from datetime import date

from netpwa.contacts import service as contacts
from netpwa.contacts.models import Contact


@dataclass(frozen=True)
class Facts:
    met_on: date | None
    last_text: str
    what_helped: str


def facts(contact: Contact) -> Facts:
    """When we met, the last interaction's line of text, and the latest "what helped"."""
    met = contact.met_at.date() if contact.met_at else None
    return Facts(met_on=met, last_text="", what_helped="")


def log(owner_id: int, contact: Contact, kind: str, text: str = "", *,
        occurred_on: date | None = None) -> None:
    """Log an interaction on the contact's timeline. No commit."""
    contacts.mark_contacted(contact)


def spoken(owner_id: int, contact_ids: list[int]) -> dict[int, date]:
    """Of these contacts, the ones I have met or talked to: id -> the latest such day."""
    if not contact_ids:
        return {}
    from sqlalchemy import select

    from netpwa.extensions import db
    rows = db.session.execute(select(Contact.id, Contact.last_contacted_at).where(
        Contact.owner_id == owner_id, Contact.id.in_(contact_ids),
        Contact.last_contacted_at.is_not(None))).all()
    return {contact_id: when.date() for contact_id, when in rows}


@dataclass(frozen=True)
class Due:
    """Something to do for a contact on a day: "Follow up with Bea", "Thank Bea"."""

    contact: Contact
    day: date
    kind: str  # "follow_up", "thank_you" or "how_it_went"
    title: str


def due(owner_id: int, today: date, until: date) -> list[Due]:
    """Follow-ups due up to `until` (overdue ones on `today`)."""
    from sqlalchemy import select

    from netpwa.extensions import db
    rows = db.session.scalars(select(Contact).where(
        Contact.owner_id == owner_id, Contact.deleted_at.is_(None),
        Contact.follow_up_by.is_not(None), Contact.follow_up_by <= until)
        .order_by(Contact.follow_up_by, Contact.id)).all()
    return [Due(c, max(c.follow_up_by, today), "follow_up", f"Follow up with {c.name}")
            for c in rows]
