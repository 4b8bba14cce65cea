"""People I already know: contacts not met at an event, with how I know them and how far my
outreach to them has got."""

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from netpwa.extensions import db, now_utc

# The outreach states in order; advancing one logs an interaction on the timeline.
STATES = (
    ("to_contact", "To contact"),
    ("contacted", "Contacted"),
    ("replied", "Replied"),
    ("met", "Met"),
    ("asked", "Asked for advice or intro"),
)
STATE_LABELS = dict(STATES)
STATE_KEYS = tuple(key for key, _label in STATES)


class KnownPerson(db.Model):
    __tablename__ = "known_people"

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    contact_id: Mapped[int] = mapped_column(
        ForeignKey("contacts.id", ondelete="CASCADE"), unique=True)
    relationship: Mapped[str] = mapped_column(String(200), default="")
    state: Mapped[str] = mapped_column(String(20), default="to_contact")
    state_changed_at: Mapped[datetime] = mapped_column(default=now_utc)
    created_at: Mapped[datetime] = mapped_column(default=now_utc)

    @property
    def state_label(self) -> str:
        return STATE_LABELS.get(self.state, self.state)

    @property
    def next_state(self) -> str | None:
        index = STATE_KEYS.index(self.state) if self.state in STATE_KEYS else 0
        return STATE_KEYS[index + 1] if index + 1 < len(STATE_KEYS) else None
