"""Question bank, career paths and informational interviews."""

from datetime import date, datetime
from uuid import uuid4

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint, event, insert
from sqlalchemy.orm import Mapped, mapped_column

from netpwa.auth.models import User
from netpwa.extensions import db, now_utc
from netpwa.interviews.shipped import shipped_rows

QUESTION_MAX = 500
PATH_NAME_MAX = 80


class CareerPath(db.Model):
    __tablename__ = "career_paths"
    __table_args__ = (UniqueConstraint("owner_id", "name", name="uq_career_paths_owner_name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(PATH_NAME_MAX))
    created_at: Mapped[datetime] = mapped_column(default=now_utc)


class ContactPath(db.Model):
    """A contact tied to a path: someone whose point of view on that field counts."""

    __tablename__ = "contact_paths"
    __table_args__ = (UniqueConstraint("path_id", "contact_id", name="uq_contact_paths"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    path_id: Mapped[int] = mapped_column(ForeignKey("career_paths.id", ondelete="CASCADE"))
    contact_id: Mapped[int] = mapped_column(
        ForeignKey("contacts.id", ondelete="CASCADE"), index=True)



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


REFLECTIONS = ("yes", "unsure", "no")


class Interview(db.Model):
    """An informational interview with one contact: when and where, my goal, my homework, the
    questions I picked (InterviewQuestion), and afterwards notes, reflection and follow-ups."""

    __tablename__ = "interviews"
    __table_args__ = (
        UniqueConstraint("owner_id", "uuid", name="uq_interviews_owner_uuid"),
        Index("ix_interviews_owner_starts_at", "owner_id", "starts_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # Interview mode syncs notes typed offline by this id, which the page already knows.
    uuid: Mapped[str] = mapped_column(String(36), default=lambda: str(uuid4()))
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    contact_id: Mapped[int] = mapped_column(
        ForeignKey("contacts.id", ondelete="CASCADE"), index=True)
    path_id: Mapped[int | None] = mapped_column(
        ForeignKey("career_paths.id", ondelete="SET NULL"), index=True)
    starts_at: Mapped[datetime]
    # The zone the time was typed in, so the page and the .ics show it as the person meant it.
    timezone: Mapped[str] = mapped_column(String(64), default="UTC")
    length_minutes: Mapped[int] = mapped_column(default=20)
    place: Mapped[str] = mapped_column(String(200), default="")
    video_link: Mapped[str] = mapped_column(String(500), default="")
    goal: Mapped[str] = mapped_column(Text, default="")
    homework: Mapped[str] = mapped_column(Text, default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    notes_at: Mapped[datetime | None]
    held_at: Mapped[datetime | None]
    reflection: Mapped[str | None] = mapped_column(String(10))
    reflection_line: Mapped[str] = mapped_column(String(300), default="")
    thanks_due_on: Mapped[date | None]
    thanked_at: Mapped[datetime | None]
    tell_back_on: Mapped[date | None]
    told_back_at: Mapped[datetime | None]
    deleted_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=now_utc)
    updated_at: Mapped[datetime] = mapped_column(default=now_utc, onupdate=now_utc)


class InterviewQuestion(db.Model):
    """A question picked for one interview (a copy: editing the bank later changes nothing
    here), with the notes taken under it."""

    __tablename__ = "interview_questions"

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    interview_id: Mapped[int] = mapped_column(
        ForeignKey("interviews.id", ondelete="CASCADE"), index=True)
    question_id: Mapped[int | None] = mapped_column(
        ForeignKey("questions.id", ondelete="SET NULL"))
    category: Mapped[str] = mapped_column(String(20), default="")
    text: Mapped[str] = mapped_column(String(QUESTION_MAX))
    position: Mapped[int] = mapped_column(default=0)
    notes: Mapped[str] = mapped_column(Text, default="")
    notes_at: Mapped[datetime | None]


class InterviewReferral(db.Model):
    """A name given in answer to "who else should I talk to?", and the contact it became."""

    __tablename__ = "interview_referrals"

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    interview_id: Mapped[int] = mapped_column(
        ForeignKey("interviews.id", ondelete="CASCADE"), index=True)
    contact_id: Mapped[int] = mapped_column(ForeignKey("contacts.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(default=now_utc)
