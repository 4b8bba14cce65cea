"""The one place outreach reads and writes the notebook's timeline (netpwa.notebook.service).

The notebook is landing in parallel: until `netpwa.notebook` exists this falls back to the
contact's own columns ("last contacted", "follow up by"), so the rest of outreach doesn't
change when it arrives. Once it is on main, make `_notebook()` a plain import.
"""

import importlib
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select

from netpwa.contacts.models import Contact
from netpwa.extensions import db

# Kinds that mean I actually met or talked to someone (for "tell the referrer how it went").
SPOKE = ("met", "call", "coffee", "interview")
# Our names for what "Sent" logs, in the notebook's kinds.
KIND_ALIASES = {"thank_you": "thanks"}


def _notebook():
    try:
        return (importlib.import_module("netpwa.notebook.service"),
                importlib.import_module("netpwa.notebook.models"))
    except ImportError:
        return None


@dataclass(frozen=True)
class Facts:
    met_on: date | None
    last_text: str
    what_helped: str


def facts(contact: Contact) -> Facts:
    """When we met, the latest interaction's line of text, and the latest "what helped"."""
    met_on = contact.met_at.date() if contact.met_at else None
    found = _notebook()
    if found is None:
        return Facts(met_on=met_on, last_text="", what_helped="")
    Interaction = found[1].Interaction
    live = (Interaction.owner_id == contact.owner_id, Interaction.contact_id == contact.id,
            Interaction.deleted_at.is_(None))
    newest = (Interaction.occurred_on.desc(), Interaction.id.desc())
    met = db.session.scalar(select(func.min(Interaction.occurred_on)).where(
        *live, Interaction.kind == "met"))
    last_text = db.session.scalar(select(Interaction.text).where(
        *live, Interaction.kind != "met", Interaction.text != "").order_by(*newest).limit(1))
    helped = db.session.scalar(select(Interaction.helped).where(
        *live, Interaction.helped != "").order_by(*newest).limit(1))
    return Facts(met_on=met or met_on, last_text=last_text or "", what_helped=helped or "")


def log(owner_id: int, contact: Contact, kind: str, text: str = "", *,
        occurred_on: date | None = None) -> None:
    """Log an interaction on the contact's timeline (it moves their next follow-up). No commit.
    With the notebook, a trashed contact raises its NotebookError (callers check first)."""
    found = _notebook()
    if found is None:
        from netpwa.contacts import service as contacts
        contacts.mark_contacted(contact)
        return
    found[0].log_interaction(owner_id, contact.id, KIND_ALIASES.get(kind, kind), text=text,
                             occurred_on=occurred_on, commit=False)


def spoken(owner_id: int, contact_ids: list[int]) -> dict[int, date]:
    """Of these contacts, the ones I have met or talked to: id -> the latest such day."""
    if not contact_ids:
        return {}
    found = _notebook()
    if found is None:
        rows = db.session.execute(select(Contact.id, Contact.last_contacted_at).where(
            Contact.owner_id == owner_id, Contact.id.in_(contact_ids),
            Contact.last_contacted_at.is_not(None))).all()
        return {contact_id: when.date() for contact_id, when in rows}
    Interaction = found[1].Interaction
    rows = db.session.execute(select(Interaction.contact_id, func.max(Interaction.occurred_on))
                              .where(Interaction.owner_id == owner_id,
                                     Interaction.contact_id.in_(contact_ids),
                                     Interaction.deleted_at.is_(None),
                                     Interaction.kind.in_(SPOKE))
                              .group_by(Interaction.contact_id)).all()
    return dict(rows)


@dataclass(frozen=True)
class Due:
    """Something to do for a contact on a day ("Follow up with Bea", "Thank Bea")."""

    contact: Contact
    day: date
    kind: str
    title: str
    ref: str


def due(owner_id: int, today: date, until: date, limit: int = 500) -> list[Due]:
    """Every due item up to `until`, overdue ones on `today`: the notebook's list (follow-ups,
    thank-yous, outreach's referrers to tell, …), or follow-up days without it."""
    found = _notebook()
    if found is not None:
        return [Due(i.contact, max(i.due_on, today), i.kind, i.title, i.ref)
                for i in found[0].due_items(owner_id, today, until=until, limit=limit)]
    rows = db.session.scalars(select(Contact).where(
        Contact.owner_id == owner_id, Contact.deleted_at.is_(None),
        Contact.follow_up_by.is_not(None), Contact.follow_up_by <= until)
        .order_by(Contact.follow_up_by, Contact.id).limit(limit)).all()
    return [Due(c, max(c.follow_up_by, today), "follow-up", f"Follow up with {c.name}",
                str(c.id)) for c in rows]


def has_notebook() -> bool:
    return _notebook() is not None
