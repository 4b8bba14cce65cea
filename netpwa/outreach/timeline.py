"""The one place outreach reads and writes the notebook's timeline (netpwa.notebook.service):
facts for placeholders, logging, who I have spoken with, and the one due list."""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select

from netpwa.contacts.models import Contact
from netpwa.extensions import db
from netpwa.notebook import service as notebook
from netpwa.notebook.models import Interaction

# Kinds that mean I actually met or talked to someone (for "tell the referrer how it went").
SPOKE = ("met", "call", "coffee", "interview")
# Our names for what "Sent" logs, in the notebook's kinds.
KIND_ALIASES = {"thank_you": "thanks"}


@dataclass(frozen=True)
class Facts:
    met_on: date | None
    last_text: str
    what_helped: str


def facts(contact: Contact) -> Facts:
    """When we met, the latest interaction's line of text, and the latest "what helped"."""
    met_on = contact.met_at.date() if contact.met_at else None
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
    A trashed contact raises the notebook's NotebookError (callers check first)."""
    notebook.log_interaction(owner_id, contact.id, KIND_ALIASES.get(kind, kind), text=text,
                             occurred_on=occurred_on, commit=False)


def latest_spoken_on(owner_id: int, contact_id_column):
    """The latest day I met or talked to the contact in `contact_id_column`, as a correlated
    subquery: it reads that contact's few interactions through their index, where grouping
    every interaction of the owner would read 100,000 rows."""
    return (select(func.max(Interaction.occurred_on))
            .where(Interaction.contact_id == contact_id_column,
                   Interaction.owner_id == owner_id, Interaction.deleted_at.is_(None),
                   Interaction.kind.in_(SPOKE))
            .scalar_subquery())


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
    thank-yous, outreach's referrers to tell, interviews' "how it went", …)."""
    return [Due(i.contact, max(i.due_on, today), i.kind, i.title, i.ref)
            for i in notebook.due_items(owner_id, today, until=until, limit=limit)]


def scheduled(owner_id: int, today: date, until: date, limit: int) -> list[Interaction]:
    """Meetings planned ahead: live interactions dated after today, up to `until`, on contacts
    not in the trash (a coffee logged for next Tuesday)."""
    return db.session.scalars(
        select(Interaction).join(Contact, Contact.id == Interaction.contact_id)
        .where(Interaction.owner_id == owner_id, Interaction.deleted_at.is_(None),
               Interaction.occurred_on > today, Interaction.occurred_on <= until,
               Contact.deleted_at.is_(None))
        .order_by(Interaction.occurred_on, Interaction.id).limit(limit)).all()
