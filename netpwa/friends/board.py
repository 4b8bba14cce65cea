"""The board at a shared event: each friend's count against their own goal, who reached
their goal first, and who is on track for a personal record. Request-free.

Each person's count is read at their own event only, from their own rows (a contact counts for
its owner alone), in four grouped column queries whatever the number of friends. A room of 200
phones polls every 5 seconds, so the board of an event is computed once and shared by every
viewer for `max_age` seconds (per process; a join, leave, removal or hide forgets it at once),
and each viewer only gets their own row marked. What others see of a person is the name they
chose, the count, the goal and yes/no for goal and record; never a contact, never a record's
number.
"""

import threading
import time
from dataclasses import dataclass, field
from datetime import date, datetime

from flask import current_app
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
    is_creator: bool
    hidden: bool = False
    first_to_goal: bool = False
    is_me: bool = False

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


@dataclass
class SharedBoard:
    """One event's board as everyone sees it (people hidden from boards apart), computed once
    for all its viewers; `rendered` holds each public row's HTML once a page has drawn it."""

    event_id: int
    held_on: date
    public: list[Row]  # not hidden, most met first
    everyone: dict[int, Row]  # by user id, hidden people included
    as_of: datetime
    rendered: dict[int, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Board:
    """The board as one person sees it."""

    shared: SharedBoard
    rows: list[Row]
    me: Row | None
    hidden_me: bool
    over: bool  # the event's day has passed: this is the final board

    @property
    def as_of(self) -> datetime:
        return self.shared.as_of

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
    return dict(db.session.execute(
        select(numbered.c.event_id, numbered.c.met_at)
        .where(tuple_(numbered.c.event_id, numbered.c.n).in_(list(goals.items())))).all())


def _previous_bests(owners: dict[int, tuple[date, int]]) -> dict[int, int]:
    """Per person, the most people met at one of their events held before this one
    (owners: user id -> (their event's day, its id))."""
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
        if (held_on, event_id) < owners[owner_id]:
            best[owner_id] = max(best.get(owner_id, 0), met)
    return best


def compute(shared_event_id: int, now: datetime | None = None) -> SharedBoard:
    """The event's board from the database (four queries, columns only)."""
    now = now or now_utc()
    shared = db.session.execute(select(Event.owner_id, Event.held_on).where(
        Event.id == shared_event_id)).one()
    members = db.session.execute(
        select(EventFriend.id, EventFriend.user_id, EventFriend.shown_name,
               EventFriend.own_event_id, Event.goal, Event.held_on, User.current_event_id,
               FriendSetting.hidden)
        .join(Event, Event.id == EventFriend.own_event_id)
        .join(User, User.id == EventFriend.user_id)
        .outerjoin(FriendSetting, FriendSetting.user_id == EventFriend.user_id)
        .where(EventFriend.event_id == shared_event_id, EventFriend.status == JOINED)).all()
    counts = _counts([m.own_event_id for m in members])
    reached = _reached_at({m.own_event_id: m.goal for m in members
                           if counts.get(m.own_event_id, 0) >= m.goal})
    bests = _previous_bests({m.user_id: (m.held_on, m.own_event_id) for m in members})
    rows = [Row(member_id=m.id, user_id=m.user_id, name=m.shown_name,
                met=counts.get(m.own_event_id, 0), goal=m.goal,
                reached_at=reached.get(m.own_event_id),
                here_now=m.current_event_id == m.own_event_id,
                previous_best=bests.get(m.user_id, 0), is_creator=m.user_id == shared.owner_id,
                hidden=bool(m.hidden)) for m in members]
    # The race is among the people on the board: someone hidden isn't in it.
    first = min((row for row in rows if row.reached_at is not None and not row.hidden),
                key=lambda row: (row.reached_at, row.member_id), default=None)
    if first is not None:
        rows = [Row(**{**row.__dict__, "first_to_goal": True}) if row is first else row
                for row in rows]
    rows.sort(key=lambda row: (-row.met, row.name.casefold(), row.member_id))
    return SharedBoard(event_id=shared_event_id, held_on=shared.held_on,
                       public=[row for row in rows if not row.hidden],
                       everyone={row.user_id: row for row in rows}, as_of=now)


_cache_lock = threading.Lock()


def _cache() -> dict[int, tuple[float, SharedBoard]]:
    # Kept on the app, not the module: two apps in one process (tests) never share boards.
    return current_app.extensions.setdefault("netpwa_friends_boards", {})


def forget(shared_event_id: int) -> None:
    """A join, leave, removal or hide: the next view computes the board afresh (in this
    process; other processes within their max_age)."""
    with _cache_lock:
        _cache().pop(shared_event_id, None)


def shared_board(shared_event_id: int, max_age: float = 0.0) -> SharedBoard:
    """The event's board, computed at most once every `max_age` seconds per process."""
    if max_age > 0:
        with _cache_lock:
            kept = _cache().get(shared_event_id)
        if kept is not None and time.monotonic() - kept[0] < max_age:
            return kept[1]
    board = compute(shared_event_id)
    if max_age > 0:
        with _cache_lock:
            cache = _cache()
            if len(cache) > 1000:  # long-gone events: start over rather than grow
                cache.clear()
            cache[shared_event_id] = (time.monotonic(), board)
    return board


def board_for(membership: EventFriend, viewer_id: int, *, today: date | None = None,
              max_age: float = 0.0) -> Board:
    """The board as `viewer_id` sees it: people hidden from boards are left off, except the
    viewer, who always sees their own row."""
    shared = shared_board(membership.event_id, max_age)
    today = today or now_utc().date()
    mine = shared.everyone.get(viewer_id)
    me = Row(**{**mine.__dict__, "is_me": True}) if mine is not None else None
    rows = [me if row.user_id == viewer_id else row for row in shared.public]
    if me is not None and me.hidden:
        rows.append(me)
        rows.sort(key=lambda row: (-row.met, row.name.casefold(), row.member_id))
    return Board(shared=shared, rows=rows, me=me, hidden_me=me is not None and me.hidden,
                 over=shared.held_on < today)
