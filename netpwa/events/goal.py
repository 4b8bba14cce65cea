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
    """Live contacts met at the event, counting only the event owner's own rows."""
    return db.session.scalar(
        select(func.count(Contact.id)).join(Event, Event.id == Contact.event_id)
        .where(Contact.event_id == event_id, Contact.owner_id == Event.owner_id,
               Contact.deleted_at.is_(None))) or 0


def progress(event: Event | None) -> GoalProgress:
    if event is None:
        return GoalProgress(None, 0, 0)
    return GoalProgress(event, people_met(event.id), event.goal)
