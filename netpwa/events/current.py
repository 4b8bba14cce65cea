"""The event the user is at right now, and the list of a user's events."""

from flask_login import current_user
from sqlalchemy import select

from netpwa.events.models import Event
from netpwa.extensions import db


def current_event() -> Event | None:
    """The event the user said "I'm here" to, if any."""
    if not current_user.is_authenticated or current_user.current_event_id is None:
        return None
    return db.session.get(Event, current_user.current_event_id)


def owner_events(owner_id: int) -> list[Event]:
    """The owner's events, newest first (the contacts pages' event choices)."""
    return list(db.session.scalars(select(Event).where(Event.owner_id == owner_id)
                                   .order_by(Event.held_on.desc(), Event.id.desc())))
