"""The event the user is at right now."""

from flask_login import current_user

from netpwa.events.models import Event
from netpwa.extensions import db


def current_event() -> Event | None:
    """The event the user said "I'm here" to, if any."""
    if not current_user.is_authenticated or current_user.current_event_id is None:
        return None
    return db.session.get(Event, current_user.current_event_id)
