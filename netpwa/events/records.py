"""Personal records across events: most new people at one event, shortest average chat."""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select

from netpwa.contacts.models import Contact
from netpwa.events.models import Event
from netpwa.extensions import db


@dataclass(frozen=True)
class EventStats:
    event: Event
    met: int
    average_chat: float | None


def event_stats(owner_id: int) -> list[EventStats]:
    """Every event of the owner with its count and average chat, newest first, in one query."""
    counted = (select(Contact.event_id, func.count(Contact.id).label("met"),
                      func.avg(Contact.chat_seconds).label("average_chat"))
               .where(Contact.owner_id == owner_id, Contact.deleted_at.is_(None))
               .group_by(Contact.event_id).subquery())
    rows = db.session.execute(
        select(Event, counted.c.met, counted.c.average_chat)
        .outerjoin(counted, counted.c.event_id == Event.id)
        .where(Event.owner_id == owner_id)
        .order_by(Event.held_on.desc(), Event.id.desc())).all()
    return [EventStats(event, met or 0, float(avg) if avg is not None else None)
            for event, met, avg in rows]


def records(stats: list[EventStats]) -> dict[str, EventStats | None]:
    """The record holders; ties go to the earlier event, which set the record first."""
    by_age = sorted(stats, key=lambda s: (s.event.held_on, s.event.id))
    most = None
    for s in by_age:
        if s.met and (most is None or s.met > most.met):
            most = s
    fastest = None
    for s in by_age:
        if s.average_chat is not None and (
                fastest is None or s.average_chat < fastest.average_chat):
            fastest = s
    return {"most_people": most, "shortest_chat": fastest}


def new_records(event: Event, stats: list[EventStats]) -> list[str]:
    """What records this event set, for the "new record!" note on its page."""
    held = records(stats)
    earlier = [s for s in stats if (s.event.held_on, s.event.id) < (event.held_on, event.id)]
    notes = []
    if held["most_people"] and held["most_people"].event.id == event.id and earlier:
        notes.append(f"New record: most new people at one event ({held['most_people'].met}).")
    if held["shortest_chat"] and held["shortest_chat"].event.id == event.id and any(
            s.average_chat is not None for s in earlier):
        notes.append("New record: your shortest average chat "
                     f"({format_seconds(held['shortest_chat'].average_chat)}).")
    return notes


def format_seconds(seconds: float | None) -> str:
    if seconds is None:
        return "–"
    seconds = int(round(seconds))
    return f"{seconds // 60}:{seconds % 60:02d}"


# Contacts that were not met: people I already know, names someone referred, imported cards.
NOT_MET_SOURCES = ("known", "referral", "import")


@dataclass(frozen=True)
class MonthRecord:
    month: date
    met: int


def most_in_a_month(owner_id: int) -> MonthRecord | None:
    """The month with the most new people met; a tie goes to the earlier month."""
    counts: dict[date, int] = {}
    for met_at in db.session.scalars(select(Contact.met_at).where(
            Contact.owner_id == owner_id, Contact.deleted_at.is_(None),
            Contact.source.not_in(NOT_MET_SOURCES))):
        month = met_at.date().replace(day=1)
        counts[month] = counts.get(month, 0) + 1
    if not counts:
        return None
    best = min(counts, key=lambda month: (-counts[month], month))
    return MonthRecord(best, counts[best])
