"""Personal records across events: most new people at one event, shortest average chat."""

from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from netpwa.contacts.models import Contact
from netpwa.events.models import Event, RecordMark
from netpwa.extensions import begin_read, db, end_read
from netpwa.formats.dates import format_mss


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
                     f"({format_mss(held['shortest_chat'].average_chat, empty='–')}).")
    return notes


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


def _months_range(month: str) -> tuple[datetime, datetime]:
    year, number = int(month[:4]), int(month[5:])
    start = datetime(year, number, 1, tzinfo=UTC)
    end = datetime(year + number // 12, number % 12 + 1, 1, tzinfo=UTC)
    return start, end


def _mark_to_beat(owner_id: int, event: Event, month: str) -> RecordMark:
    """The records to beat for captures at this event in this month: stored, or taken now
    (two grouped queries over the owner's contacts, once per event and month; the caller
    stores a new one after its reads, so this runs outside SQLite's write lock)."""
    mark = db.session.scalar(select(RecordMark).where(
        RecordMark.event_id == event.id, RecordMark.month == month))
    if mark is not None:
        return mark
    others = [s for s in event_stats(owner_id) if s.event.id != event.id]
    key = _month_key(Contact.met_at)
    months = db.session.execute(
        select(key, func.count(Contact.id)).where(
            Contact.owner_id == owner_id, Contact.deleted_at.is_(None),
            Contact.source.not_in(NOT_MET_SOURCES)).group_by(key)).all()
    return RecordMark(
        owner_id=owner_id, event_id=event.id, month=month,
        most_at_other_event=max((s.met for s in others), default=0),
        most_in_other_month=max((n for key, n in months if key != month), default=0),
        fastest_other_chat=min((s.average_chat for s in others if s.average_chat is not None),
                               default=None))


def _keep(mark: RecordMark) -> None:
    """Store a newly taken mark; when another capture at this event stored one first, that
    one stays (it holds the same values)."""
    try:
        db.session.add(mark)
        db.session.commit()
    except IntegrityError:
        db.session.rollback()


def news_after_capture(owner_id: int, event: Event, contact: Contact) -> list[str]:
    """The records this capture has just set, announced at the event as it happens: the most
    new people at one event or in one month, the shortest average chat. Only when there was a
    record to beat (the first event sets none). The marks to beat are taken once per event
    and month (RecordMark); what is counted here reads this event's and this month's rows
    only, so a capture costs the same at 1,000 contacts as at 100,000."""
    month = contact.met_at.strftime("%Y-%m")
    begin_read()
    mark = _mark_to_beat(owner_id, event, month)
    here = db.session.execute(
        select(func.count(Contact.id), func.avg(Contact.chat_seconds)).where(
            Contact.owner_id == owner_id, Contact.event_id == event.id,
            Contact.deleted_at.is_(None))).one()
    here_met, here_chat = here[0], float(here[1]) if here[1] is not None else None
    news = []
    if mark.most_at_other_event and here_met == mark.most_at_other_event + 1:
        news.append(f"New record: most new people at one event ({here_met})!")
    fastest = mark.fastest_other_chat
    if contact.chat_seconds is not None and here_chat is not None and fastest is not None:
        before = None
        if here_met > 1:
            chats = db.session.scalars(select(Contact.chat_seconds).where(
                Contact.owner_id == owner_id, Contact.event_id == event.id,
                Contact.deleted_at.is_(None), Contact.chat_seconds.is_not(None),
                Contact.id != contact.id)).all()
            before = sum(chats) / len(chats) if chats else None
        if here_chat < fastest and (before is None or before >= fastest):
            news.append("New record: your shortest average chat "
                        f"({format_mss(here_chat, empty='–')})!")
    if contact.source not in NOT_MET_SOURCES and mark.most_in_other_month:
        start, end = _months_range(month)
        this_month = db.session.scalar(select(func.count(Contact.id)).where(
            Contact.owner_id == owner_id, Contact.deleted_at.is_(None),
            Contact.met_at >= start, Contact.met_at < end,
            Contact.source.not_in(NOT_MET_SOURCES)))
        if this_month == mark.most_in_other_month + 1:
            news.append(f"New record: most new people in one month ({this_month})!")
    end_read()
    if mark.id is None:
        _keep(mark)
    return news
