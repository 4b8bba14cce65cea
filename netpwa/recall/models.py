"""Per-contact review state (a Leitner box and a due day) and every answer given."""

from datetime import date, datetime

from sqlalchemy import ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from netpwa.extensions import db, now_utc


class RecallCard(db.Model):
    """Where one contact's name stands: its box (1 = just missed … 6) and when it is due."""

    __tablename__ = "recall_cards"
    __table_args__ = (
        UniqueConstraint("contact_id", name="uq_recall_cards_contact"),
        Index("ix_recall_cards_owner_due", "owner_id", "due_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    contact_id: Mapped[int] = mapped_column(ForeignKey("contacts.id", ondelete="CASCADE"))
    box: Mapped[int] = mapped_column(default=1)
    due_on: Mapped[date]
    last_answered_on: Mapped[date | None]
    right_count: Mapped[int] = mapped_column(default=0)
    wrong_count: Mapped[int] = mapped_column(default=0)
    updated_at: Mapped[datetime] = mapped_column(default=now_utc, onupdate=now_utc)


class RecallAnswer(db.Model):
    """One answer; `answer_id` is made on the device, so an answer synced twice counts once."""

    __tablename__ = "recall_answers"
    __table_args__ = (UniqueConstraint("owner_id", "answer_id", name="uq_recall_answers_owner_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    answer_id: Mapped[str] = mapped_column(String(36))
    contact_id: Mapped[int] = mapped_column(
        ForeignKey("contacts.id", ondelete="CASCADE"), index=True)
    correct: Mapped[bool]
    # What was typed (cut to the name's length limit) or "choice"; shown nowhere yet, kept for
    # the person's own history.
    given: Mapped[str] = mapped_column(String(200), default="")
    answered_on: Mapped[date]
    created_at: Mapped[datetime] = mapped_column(default=now_utc)
