"""A networking plan: a period, targets, and the ticks of weekly habits."""

from datetime import date, datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from netpwa.extensions import db, now_utc

# What a target counts; every kind but the habit is counted from data, never typed in.
KINDS = {
    "meetups": "Attend {n} meetups",
    "people": "Meet {n} new people",
    "interviews": "Hold {n} informational interviews",
    "followups": "Send {n} follow-ups",
    "habit": "{label} {n}× a week",
}


class Plan(db.Model):
    __tablename__ = "plans"

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    starts_on: Mapped[date]
    ends_on: Mapped[date]
    created_at: Mapped[datetime] = mapped_column(default=now_utc)


class PlanTarget(db.Model):
    __tablename__ = "plan_targets"

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    # The whole-period count, or for a habit the times per week.
    target: Mapped[int]
    path_id: Mapped[int | None] = mapped_column(
        ForeignKey("career_paths.id", ondelete="SET NULL"))
    label: Mapped[str] = mapped_column(String(120), default="")
    created_at: Mapped[datetime] = mapped_column(default=now_utc)


class HabitTick(db.Model):
    """One day a weekly habit was done."""

    __tablename__ = "habit_ticks"
    __table_args__ = (UniqueConstraint("target_id", "ticked_on", name="uq_habit_ticks_day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    target_id: Mapped[int] = mapped_column(
        ForeignKey("plan_targets.id", ondelete="CASCADE"), index=True)
    ticked_on: Mapped[date]
