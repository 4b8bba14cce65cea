"""Counts read from the follow-up notebook's timeline (netpwa.notebook): follow-ups sent, and
interactions per week for the chart."""

from datetime import date, timedelta

from sqlalchemy import func, select

from netpwa.extensions import db
from netpwa.notebook.models import Interaction

# Reaching out to someone after meeting them; "met", notes and referrals received are not.
FOLLOW_UP_KINDS = ("message", "call", "coffee", "thanks", "intro", "interview")


def follow_ups(owner_id: int, start: date, end: date) -> int:
    model = Interaction
    return db.session.scalar(select(func.count(model.id)).where(
        model.owner_id == owner_id, model.deleted_at.is_(None),
        model.kind.in_(FOLLOW_UP_KINDS),
        model.occurred_on >= start, model.occurred_on <= end)) or 0


def interactions_per_week(owner_id: int, weeks: list[date]) -> dict[date, int]:
    """Live interactions of every kind, counted by the Monday of their week."""
    model = Interaction
    counts = {week: 0 for week in weeks}
    if not weeks:
        return counts
    days = db.session.execute(select(model.occurred_on, func.count(model.id)).where(
        model.owner_id == owner_id, model.deleted_at.is_(None),
        model.occurred_on >= weeks[0], model.occurred_on < weeks[-1] + timedelta(days=7))
        .group_by(model.occurred_on)).all()
    for day, n in days:
        monday = day - timedelta(days=day.weekday())
        if monday in counts:
            counts[monday] += n
    return counts
