"""People met, and the history of what changed about them."""

import uuid
from datetime import date, datetime

from sqlalchemy import BigInteger, ForeignKey, Index, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from netpwa.extensions import db, now_utc

# Fields a person can edit (inline, through sync, from a scan): the merge works on these.
EDITABLE_FIELDS = ("name", "headline", "company", "mnemonic", "email", "phone", "link",
                   "tags", "notes", "follow_up", "follow_up_by", "last_contacted_at",
                   "chat_seconds")


def new_uuid() -> str:
    return str(uuid.uuid4())


class Contact(db.Model):
    __tablename__ = "contacts"
    __table_args__ = (
        # Client-made UUIDs make captures idempotent: a replayed request finds its row.
        UniqueConstraint("owner_id", "uuid", name="uq_contacts_owner_uuid"),
        Index("ix_contacts_owner_met_at", "owner_id", "met_at"),
        # The contact list (live rows, newest first) and its count read this index alone.
        Index("ix_contacts_owner_live_met_at", "owner_id", "deleted_at", "met_at"),
        Index("ix_contacts_owner_name", "owner_id", "name"),
        Index("ix_contacts_owner_follow_up_by", "owner_id", "follow_up_by"),
        Index("ix_contacts_owner_revision", "owner_id", "revision"),
        # The notebook's due items and count (live rows due by a day) read these alone.
        Index("ix_contacts_owner_live_follow_up", "owner_id", "deleted_at", "follow_up_by"),
        Index("ix_contacts_owner_live_thank_by", "owner_id", "deleted_at", "thank_by"),
        # The goal counter (people met at one event) reads this index alone, whatever the size
        # of the owner's list; it also serves the events foreign key.
        Index("ix_contacts_event_owner_live", "event_id", "owner_id", "deleted_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), default=new_uuid)
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    event_id: Mapped[int | None] = mapped_column(ForeignKey("events.id", ondelete="SET NULL"))
    name: Mapped[str] = mapped_column(String(200))
    headline: Mapped[str] = mapped_column(String(200), default="")
    company: Mapped[str] = mapped_column(String(200), default="")
    mnemonic: Mapped[str] = mapped_column(String(200), default="")
    email: Mapped[str] = mapped_column(String(254), default="")
    phone: Mapped[str] = mapped_column(String(50), default="")
    link: Mapped[str] = mapped_column(String(500), default="")
    # Tags live as ",a,b," so one LIKE '%,tag,%' finds a tag on SQLite and PostgreSQL alike.
    tags: Mapped[str] = mapped_column(String(1000), default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    follow_up: Mapped[bool] = mapped_column(default=False)
    source: Mapped[str] = mapped_column(String(20), default="capture")
    chat_seconds: Mapped[int | None]
    met_at: Mapped[datetime] = mapped_column(default=now_utc)
    last_contacted_at: Mapped[datetime | None]
    follow_up_by: Mapped[date | None]
    # How often to check in (netpwa.notebook.cadence keys); logging an interaction moves
    # follow_up_by to the last interaction plus this.
    cadence: Mapped[str] = mapped_column(String(4), default="2m", server_default="2m")
    # A thank-you is owed by this day (set by a meeting or an interview, cleared by a thank-you).
    thank_by: Mapped[date | None]
    created_at: Mapped[datetime] = mapped_column(default=now_utc)
    updated_at: Mapped[datetime] = mapped_column(default=now_utc, onupdate=now_utc, index=True)
    deleted_at: Mapped[datetime | None]
    # The owner's sync clock at the last write (set by contacts/revision.py): /api/changes' cursor.
    revision: Mapped[int] = mapped_column(BigInteger, default=0, server_default="0")

    event: Mapped["Event | None"] = relationship(back_populates="contacts")  # noqa: F821

    @property
    def tag_list(self) -> list[str]:
        return [tag for tag in self.tags.split(",") if tag]


class ContactHistory(db.Model):
    """An overwritten value, kept so that no edit (from any device) is silently lost."""

    __tablename__ = "contact_history"

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    contact_id: Mapped[int] = mapped_column(
        ForeignKey("contacts.id", ondelete="CASCADE"), index=True)
    field: Mapped[str] = mapped_column(String(40))
    old_value: Mapped[str | None] = mapped_column(Text)
    new_value: Mapped[str | None] = mapped_column(Text)
    changed_at: Mapped[datetime] = mapped_column(default=now_utc)
    origin: Mapped[str] = mapped_column(String(20), default="web")


class ContactChannel(db.Model):
    """A phone number or email of a contact with its vCard types (cell, work, home…).

    Contacts hold one phone and one email; an imported card may carry several, typed. They are
    kept here so that an export writes them back with their types.
    """

    __tablename__ = "contact_channels"

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    contact_id: Mapped[int] = mapped_column(
        ForeignKey("contacts.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(10))
    value: Mapped[str] = mapped_column(String(254))
    # Comma-separated lower-case vCard types, e.g. "cell,pref".
    types: Mapped[str] = mapped_column(String(100), default="")
    position: Mapped[int] = mapped_column(default=0)

    @property
    def type_list(self) -> tuple[str, ...]:
        return tuple(t for t in self.types.split(",") if t)


class SyncClock(db.Model):
    """One revision counter per user (table `sync_clocks`): every contact write takes the next
    value (contacts/revision.py); bumping it row-locks it until commit, which orders the
    user's writes."""

    __tablename__ = "sync_clocks"

    owner_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, autoincrement=False)
    revision: Mapped[int] = mapped_column(BigInteger, default=0)


class ContactPhoto(db.Model):
    """A contact's photo: a JPEG downscaled to at most photos.MAX_SIDE pixels (contacts/photos.py).

    Its own table, so the contact list and sync never read image bytes; one per contact."""

    __tablename__ = "contact_photos"

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    contact_id: Mapped[int] = mapped_column(
        ForeignKey("contacts.id", ondelete="CASCADE"), unique=True)
    jpeg: Mapped[bytes] = mapped_column(LargeBinary)
    width: Mapped[int]
    height: Mapped[int]
    updated_at: Mapped[datetime] = mapped_column(default=now_utc, onupdate=now_utc)
