"""Sharing an event with friends: its join codes, who joined, and who hides from boards.

A friend who joins gets an event of their own (or links the one they are at that day): their
captures stay in their own account, counted at their own event against their own goal, and the
board reads only those counts. Nobody's contacts are ever read for anyone else.
"""

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from netpwa.extensions import db, now_utc

# Membership states: a left or removed row stays, so a removed friend can't join again and a
# friend who left can come back on purpose.
JOINED, LEFT, REMOVED = "joined", "left", "removed"


class EventShare(db.Model):
    """A join code for an event. One live code per event; turning it off keeps the row so a
    stale link gets "turned off" rather than "no such link"; the event's deletion keeps it
    too (event_id becomes null) for the same reason."""

    __tablename__ = "event_shares"

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    event_id: Mapped[int | None] = mapped_column(
        ForeignKey("events.id", ondelete="SET NULL"), index=True)
    code: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=now_utc)
    expires_at: Mapped[datetime]
    revoked_at: Mapped[datetime | None]


class EventFriend(db.Model):
    """One person on an event's board. `event_id` is the shared event (the creator's);
    `own_event_id` is this person's own event, where their captures are counted. The creator
    has a row too, with both the same."""

    __tablename__ = "event_friends"
    __table_args__ = (
        UniqueConstraint("event_id", "user_id", name="uq_event_friends_event_user"),
        Index("ix_event_friends_own_event", "own_event_id", "user_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    own_event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    shown_name: Mapped[str] = mapped_column(String(60))
    status: Mapped[str] = mapped_column(String(10), default=JOINED)
    joined_at: Mapped[datetime] = mapped_column(default=now_utc)
    changed_at: Mapped[datetime] = mapped_column(default=now_utc)


class FriendSetting(db.Model):
    """"Hide me from every board": hidden people are left off everyone else's boards and
    "who's here" lists (they still see the boards they joined)."""

    __tablename__ = "friend_settings"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    hidden: Mapped[bool] = mapped_column(default=False)
