"""The "meet N new people" counter and personal records."""

from dataclasses import dataclass

from sqlalchemy import func, select

from netpwa.contacts.models import Contact
from netpwa.events.models import Event
from netpwa.extensions import db

RING_CIRCUMFERENCE = 2 * 3.14159 * 26  # matches r=26 in events/_goal_counter.html


@dataclass(frozen=True)
class GoalProgress:
    event: Event | None
    met: int
    goal: int

    @property
    def reached(self) -> bool:
        return self.event is not None and self.met >= self.goal

    @property
    def ring_offset(self) -> float:
        """SVG stroke-dashoffset: the unfilled part of the progress ring."""
        share = min(self.met / self.goal, 1.0) if self.goal else 1.0
        return round(RING_CIRCUMFERENCE * (1 - share), 2)

    @property
    def ring_length(self) -> float:
        return round(RING_CIRCUMFERENCE, 2)


def people_met(event_id: int) -> int:
    """Live contacts met at the event, counting only the event owner's own rows.

    Both ids are constants so the planner reads ix_contacts_event_owner_live alone: a join on
    owner_id = events.owner_id made it scan every contact of the owner, and capture slowed as
    the list grew. (The event is usually in the session already: get() costs no query.)"""
    event = db.session.get(Event, event_id)
    if event is None:
        return 0
    return db.session.scalar(
        select(func.count()).select_from(Contact)
        .where(Contact.event_id == event.id, Contact.owner_id == event.owner_id,
               Contact.deleted_at.is_(None))) or 0


def progress(event: Event | None) -> GoalProgress:
    if event is None:
        return GoalProgress(None, 0, 0)
    return GoalProgress(event, people_met(event.id), event.goal)
