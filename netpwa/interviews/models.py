"""Question bank and informational interviews."""

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, event, insert
from sqlalchemy.orm import Mapped, mapped_column

from netpwa.auth.models import User
from netpwa.extensions import db, now_utc
from netpwa.interviews.shipped import shipped_rows

QUESTION_MAX = 500


class Question(db.Model):
    """One question in a person's bank; shipped ones are copies the person may change."""

    __tablename__ = "questions"
    __table_args__ = (Index("ix_questions_owner_category", "owner_id", "category", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    category: Mapped[str] = mapped_column(String(20))
    text: Mapped[str] = mapped_column(String(QUESTION_MAX))
    position: Mapped[int] = mapped_column(default=0)
    hidden: Mapped[bool] = mapped_column(default=False)
    shipped: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(default=now_utc)
    updated_at: Mapped[datetime] = mapped_column(default=now_utc, onupdate=now_utc)


@event.listens_for(User, "after_insert")
def _give_new_account_the_bank(_mapper, connection, user):
    """Every account starts with the shipped questions, in the same transaction that creates
    it, so reading the bank never has to write (GET handlers never write)."""
    connection.execute(insert(Question.__table__), shipped_rows(user.id))
