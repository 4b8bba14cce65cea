"""Interactions: what happened with a person, and when (the contact's timeline)."""

import uuid
from datetime import date, datetime

from sqlalchemy import BigInteger, Date, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from netpwa.extensions import db, now_utc

# Kinds, in the order the log form offers them; the label is what a person reads.
KINDS = {
    "met": "Met",
    "message": "Message",
    "call": "Call",
    "coffee": "Coffee chat",
    "interview": "Informational interview",
    "thanks": "Thank-you",
    "intro": "Intro made",
    "referral": "Referral",
    "note": "Note",
}
# A message says how it went out; other kinds have no channel.
CHANNELS = {"email": "Email", "linkedin": "LinkedIn", "text": "Text"}


def new_uuid() -> str:
    return str(uuid.uuid4())


class Interaction(db.Model):
    __tablename__ = "interactions"
    __table_args__ = (
        # The client may make the id (offline outbox): a replay finds the stored row.
        UniqueConstraint("owner_id", "uuid", name="uq_interactions_owner_uuid"),
        # The timeline (live rows of one contact, newest first) and "last contacted" read this.
        Index("ix_interactions_contact_live_day", "contact_id", "deleted_at", "occurred_on"),
        Index("ix_interactions_owner_revision", "owner_id", "revision"),
        Index("ix_interactions_owner_deleted", "owner_id", "deleted_at"),
        # The calendar feed's meetings scheduled ahead (a day range for one owner).
        Index("ix_interactions_owner_day", "owner_id", "occurred_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), default=new_uuid)
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    contact_id: Mapped[int] = mapped_column(ForeignKey("contacts.id", ondelete="CASCADE"))
    event_id: Mapped[int | None] = mapped_column(ForeignKey("events.id", ondelete="SET NULL"))
    kind: Mapped[str] = mapped_column(String(20))
    channel: Mapped[str] = mapped_column(String(20), default="", server_default="")
    occurred_on: Mapped[date] = mapped_column(Date)
    text: Mapped[str] = mapped_column(Text, default="", server_default="")
    # "What I learned / what helped": the thank-you template cites it.
    helped: Mapped[str] = mapped_column(Text, default="", server_default="")
    created_at: Mapped[datetime] = mapped_column(default=now_utc)
    updated_at: Mapped[datetime] = mapped_column(default=now_utc, onupdate=now_utc)
    deleted_at: Mapped[datetime | None]
    # The owner's sync clock at the last write (stamped by netpwa.sync.models), like contacts.
    revision: Mapped[int] = mapped_column(BigInteger, default=0, server_default="0")

    contact: Mapped["Contact"] = relationship()  # noqa: F821
    event: Mapped["Event | None"] = relationship()  # noqa: F821

    @property
    def kind_label(self) -> str:
        label = KINDS.get(self.kind, self.kind)
        if self.kind == "message" and self.channel in CHANNELS:
            return f"{label} ({CHANNELS[self.channel]})"
        return label


class InteractionHistory(db.Model):
    """An overwritten value of an interaction, so that no edit is silently lost."""

    __tablename__ = "interaction_history"

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    interaction_id: Mapped[int] = mapped_column(
        ForeignKey("interactions.id", ondelete="CASCADE"), index=True)
    field: Mapped[str] = mapped_column(String(40))
    old_value: Mapped[str | None] = mapped_column(Text)
    new_value: Mapped[str | None] = mapped_column(Text)
    changed_at: Mapped[datetime] = mapped_column(default=now_utc)
