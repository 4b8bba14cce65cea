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


def _month_key(column):
    """The 'YYYY-MM' of a timestamp, in the database's own words."""
    if db.session.get_bind().dialect.name == "sqlite":
        return func.strftime("%Y-%m", column)
    return func.to_char(column, "YYYY-MM")


def news_after_capture(owner_id: int, event: Event, contact: Contact) -> list[str]:
    """The records this capture has just set, announced at the event as it happens: the most
    new people at one event or in one month, the shortest average chat. Only when there was a
    record to beat (the first event sets none). Two grouped queries."""
    stats = {s.event.id: s for s in event_stats(owner_id)}
    here = stats.get(event.id)
    others = [s for s in stats.values() if s.event.id != event.id]
    news = []
    best_other = max((s.met for s in others), default=0)
    if here and best_other and here.met == best_other + 1:
        news.append(f"New record: most new people at one event ({here.met})!")
    if contact.chat_seconds is not None and here and here.average_chat is not None:
        fastest = min((s.average_chat for s in others if s.average_chat is not None),
                      default=None)
        before = None
        if here.met > 1:
            chats = db.session.scalars(select(Contact.chat_seconds).where(
                Contact.owner_id == owner_id, Contact.event_id == event.id,
                Contact.deleted_at.is_(None), Contact.chat_seconds.is_not(None),
                Contact.id != contact.id)).all()
            before = sum(chats) / len(chats) if chats else None
        if fastest is not None and here.average_chat < fastest and (
                before is None or before >= fastest):
            news.append("New record: your shortest average chat "
                        f"({format_seconds(here.average_chat)})!")
    if contact.source not in NOT_MET_SOURCES:
        month = _month_key(Contact.met_at)
        rows = dict(db.session.execute(
            select(month, func.count(Contact.id)).where(
                Contact.owner_id == owner_id, Contact.deleted_at.is_(None),
                Contact.source.not_in(NOT_MET_SOURCES)).group_by(month)).all())
        this = contact.met_at.strftime("%Y-%m")
        best = max((n for key, n in rows.items() if key != this), default=0)
        if best and rows.get(this, 0) == best + 1:
            news.append(f"New record: most new people in one month ({rows[this]})!")
    return news
