"""Events: where people are met, each with a goal of new people."""

from datetime import date, datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, WriteOnlyMapped, mapped_column, relationship

from netpwa.extensions import db, now_utc

DEFAULT_GOAL = 3
# The networking advice: keep a chat under 3 minutes; the challenge is 30 seconds.
CHAT_TARGET_SECONDS = 180
CHALLENGE_TARGET_SECONDS = 30


class Event(db.Model):
    __tablename__ = "events"

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    held_on: Mapped[date]
    place: Mapped[str] = mapped_column(String(200), default="")
    goal: Mapped[int] = mapped_column(default=DEFAULT_GOAL)
    challenge_mode: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(default=now_utc)
    updated_at: Mapped[datetime] = mapped_column(default=now_utc, onupdate=now_utc, index=True)

    contacts: WriteOnlyMapped["Contact"] = relationship(  # noqa: F821
        back_populates="event", passive_deletes=True)

    @property
    def chat_target_seconds(self) -> int:
        return CHALLENGE_TARGET_SECONDS if self.challenge_mode else CHAT_TARGET_SECONDS


class RecordMark(db.Model):
    """The records to beat at an event, taken at its first capture (of the month), the way a
    game shows the high score when play starts. Without it every capture regrouped all of the
    owner's contacts to find the best other event and month, and capture slowed as the list
    grew. Counts at other events and months rarely change while one event is under way."""
    __tablename__ = "record_marks"
    __table_args__ = (UniqueConstraint("event_id", "month", name="uq_record_marks_event_month"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    # 'YYYY-MM' of the captures this mark serves.
    month: Mapped[str] = mapped_column(String(7))
    most_at_other_event: Mapped[int] = mapped_column(default=0)
    most_in_other_month: Mapped[int] = mapped_column(default=0)
    fastest_other_chat: Mapped[float | None]
    created_at: Mapped[datetime] = mapped_column(default=now_utc)
