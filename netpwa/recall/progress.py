"""Counts for the home screen and the progress line: names due today, names I know."""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, or_, select

from netpwa.contacts.models import Contact
from netpwa.extensions import db
from netpwa.recall.deck import practisable
from netpwa.recall.leitner import KNOWN_BOX
from netpwa.recall.models import RecallCard


@dataclass(frozen=True)
class Progress:
    known: int
    total: int

    @property
    def text(self) -> str:
        return f"Names you know: {self.known} of {self.total}"


def _count(owner_id: int, *where) -> int:
    return db.session.scalar(
        select(func.count(Contact.id))
        .outerjoin(RecallCard, RecallCard.contact_id == Contact.id)
        .where(Contact.owner_id == owner_id, practisable(), *where)) or 0


# The home screen's "N names to practise" stops counting here and shows "999+": a drill takes
# a few at a time, and counting every never-practised contact of a 100,000-person list on each
# home screen would cost more than the screen.
DUE_SHOWN_UP_TO = 999


def due_count(owner_id: int, today: date) -> int:
    """People to practise today (never practised, or their review day has come), counted up
    to DUE_SHOWN_UP_TO + 1."""
    due = (select(Contact.id).outerjoin(RecallCard, RecallCard.contact_id == Contact.id)
           .where(Contact.owner_id == owner_id, practisable(),
                  or_(RecallCard.id.is_(None), RecallCard.due_on <= today))
           .limit(DUE_SHOWN_UP_TO + 1).subquery())
    return db.session.scalar(select(func.count()).select_from(due)) or 0


def shown_due(count: int) -> str:
    """A due_count as the screens print it: "999+" past the limit."""
    return f"{DUE_SHOWN_UP_TO}+" if count > DUE_SHOWN_UP_TO else str(count)


def progress(owner_id: int) -> Progress:
    """Of the people that can be practised, those whose name was right the last time."""
    return Progress(_count(owner_id, RecallCard.box >= KNOWN_BOX), _count(owner_id))
