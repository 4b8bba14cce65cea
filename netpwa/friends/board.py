"""The board at a shared event: each friend's count against their own goal, who reached
their goal first, and who is on track for a personal record. Request-free.

Each person's count is read at their own event only, from their own rows (a contact counts for
its owner alone), in a few grouped queries whatever the number of friends, so 200 phones
polling every 5 seconds stay cheap. What others see of a person is the name they chose, the
count, the goal and yes/no for goal and record; never a contact, never a record's number.
"""

from dataclasses import dataclass, replace
from datetime import date, datetime

from sqlalchemy import func, select, tuple_

from netpwa.auth.models import User
from netpwa.contacts.models import Contact
from netpwa.events.models import Event
from netpwa.extensions import db, now_utc
from netpwa.friends.models import JOINED, EventFriend, FriendSetting


@dataclass(frozen=True)
class Row:
    member_id: int
    user_id: int
    name: str
    met: int
    goal: int
    reached_at: datetime | None
    here_now: bool
    previous_best: int  # most people at one of their earlier events; 0 for a first event
    is_me: bool
    is_creator: bool
    first_to_goal: bool = False

    @property
    def reached(self) -> bool:
        return self.met >= self.goal

    @property
    def new_record(self) -> bool:
        return self.previous_best > 0 and self.met > self.previous_best

    @property
    def on_track(self) -> bool:
        """At or past their best so far: one more person (or none) makes a new record."""
        return self.previous_best > 0 and self.met >= self.previous_best

    @property
    def to_record(self) -> int:
        """People still to meet for a new record (shown to the person alone)."""
        return max(0, self.previous_best + 1 - self.met)


@dataclass(frozen=True)
class Board:
    event: Event  # the shared event (the creator's)
    rows: list[Row]  # most met first, then by name
    me: Row | None
    hidden_me: bool
    as_of: datetime
    over: bool  # the event's day has passed: this is the final board

    @property
    def here(self) -> list[Row]:
        """"Who's here": friends whose current event is this one right now."""
        return [row for row in self.rows if row.here_now]


def _counts(own_ids: list[int]) -> dict[int, int]:
    return dict(db.session.execute(
        select(Contact.event_id, func.count(Contact.id))
        .join(Event, Event.id == Contact.event_id)
        .where(Contact.event_id.in_(own_ids), Contact.owner_id == Event.owner_id,
               Contact.deleted_at.is_(None))
        .group_by(Contact.event_id)).all())


def _reached_at(goals: dict[int, int]) -> dict[int, datetime]:
    """When each event's count reached its goal: the goal-th live capture's time."""
    if not goals:
        return {}
    numbered = (select(Contact.event_id, Contact.met_at, func.row_number().over(
        partition_by=Contact.event_id, order_by=(Contact.met_at, Contact.id)).label("n"))
        .join(Event, Event.id == Contact.event_id)
        .where(Contact.event_id.in_(list(goals)), Contact.owner_id == Event.owner_id,
               Contact.deleted_at.is_(None)).subquery())
    found = {}
    wanted = [(event_id, goal) for event_id, goal in goals.items()]
    for event_id, met_at in db.session.execute(
            select(numbered.c.event_id, numbered.c.met_at)
            .where(tuple_(numbered.c.event_id, numbered.c.n).in_(wanted))):
        found[event_id] = met_at
    return found


def _previous_bests(owners: dict[int, Event]) -> dict[int, int]:
    """Per person, the most people met at one of their events held before this one."""
    if not owners:
        return {}
    rows = db.session.execute(
        select(Contact.owner_id, Event.id, Event.held_on, func.count(Contact.id))
        .join(Event, Event.id == Contact.event_id)
        .where(Contact.owner_id.in_(list(owners)), Contact.owner_id == Event.owner_id,
               Contact.deleted_at.is_(None))
        .group_by(Contact.owner_id, Event.id, Event.held_on))
    best: dict[int, int] = {}
    for owner_id, event_id, held_on, met in rows:
        own = owners[owner_id]
        if (held_on, event_id) < (own.held_on, own.id):
            best[owner_id] = max(best.get(owner_id, 0), met)
    return best


def board_for(membership: EventFriend, viewer_id: int, *, today: date | None = None,
              now: datetime | None = None) -> Board:
    """The board as `viewer_id` sees it: people hidden from boards are left off, except the
    viewer, who always sees their own row."""
    now = now or now_utc()
    today = today or now.date()
    shared = db.session.get(Event, membership.event_id)
    members = db.session.execute(
        select(EventFriend, Event, User.current_event_id, FriendSetting.hidden)
        .join(Event, Event.id == EventFriend.own_event_id)
        .join(User, User.id == EventFriend.user_id)
        .outerjoin(FriendSetting, FriendSetting.user_id == EventFriend.user_id)
        .where(EventFriend.event_id == shared.id, EventFriend.status == JOINED)).all()
    hidden_me = False
    shown = []
    for friend, own, current_event_id, hidden in members:
        if friend.user_id == viewer_id:
            hidden_me = bool(hidden)
        elif hidden:
            continue
        shown.append((friend, own, current_event_id))
    own_events = {own.id: own for _friend, own, _current in shown}
    counts = _counts(list(own_events))
    reached = _reached_at({own.id: own.goal for own in own_events.values()
                           if counts.get(own.id, 0) >= own.goal})
    bests = _previous_bests({friend.user_id: own for friend, own, _current in shown})
    rows = [Row(member_id=friend.id, user_id=friend.user_id, name=friend.shown_name,
                met=counts.get(own.id, 0), goal=own.goal, reached_at=reached.get(own.id),
                here_now=current_event_id == own.id, previous_best=bests.get(friend.user_id, 0),
                is_me=friend.user_id == viewer_id, is_creator=friend.user_id == shared.owner_id)
            for friend, own, current_event_id in shown]
    first = min((row for row in rows if row.reached_at is not None),
                key=lambda row: (row.reached_at, row.member_id), default=None)
    if first is not None:
        rows = [replace(row, first_to_goal=row is first) for row in rows]
    rows.sort(key=lambda row: (-row.met, row.name.casefold(), row.member_id))
    me = next((row for row in rows if row.is_me), None)
    return Board(event=shared, rows=rows, me=me, hidden_me=hidden_me, as_of=now,
                 over=shared.held_on < today)
