"""Import batches (a file read, its mapping, progress and report), what each one changed (so
it can be undone as a whole), and the mappings a person used before."""

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from netpwa.extensions import db, now_utc

# A batch's life: preview (read, nothing written) → running → done (or stopped, resumable)
# → undoing → undone.
STATUSES = ("preview", "running", "done", "stopped", "undoing", "undone")


class ImportBatch(db.Model):
    __tablename__ = "import_batches"
    __table_args__ = (Index("ix_import_batches_owner_created", "owner_id", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    filename: Mapped[str] = mapped_column(String(200), default="")
    # The recognised format's key (netpwa.imports.columns.FORMATS), or "" for a file mapped by hand.
    kind: Mapped[str] = mapped_column(String(20), default="")
    status: Mapped[str] = mapped_column(String(10), default="preview")
    # The file as read, parsed once at upload (never inside a write transaction): header cells,
    # and [row number, cells] pairs; dropped when the import has run.
    header_json: Mapped[str] = mapped_column(Text, default="[]")
    rows_json: Mapped[str] = mapped_column(Text, default="[]")
    # Unusable lines found while reading (too many cells...): [row number, reason] pairs.
    read_problems_json: Mapped[str] = mapped_column(Text, default="[]")
    header_row: Mapped[int] = mapped_column(default=1)
    # Column index -> field key ("" = ignored), as a JSON list.
    mapping_json: Mapped[str] = mapped_column(Text, default="[]")
    # How 03/04/2026 reads: None until the person says, when the file's dates leave it open.
    day_first: Mapped[bool | None]
    total: Mapped[int] = mapped_column(default=0)
    done: Mapped[int] = mapped_column(default=0)
    created_count: Mapped[int] = mapped_column(default=0)
    merged_count: Mapped[int] = mapped_column(default=0)
    # Rows not imported and what was changed on the way: [[row, reason], ...].
    skipped_json: Mapped[str] = mapped_column(Text, default="[]")
    notes_json: Mapped[str] = mapped_column(Text, default="[]")
    error: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=now_utc)
    # Touched by every chunk: a running batch untouched for a while has lost its worker.
    updated_at: Mapped[datetime] = mapped_column(default=now_utc)
    finished_at: Mapped[datetime | None]
    undone_at: Mapped[datetime | None]


class ImportChange(db.Model):
    """One thing an import did: created a contact or an event, or merged into a contact
    (`previous_json`: {"fields": {field: [before, after]}, "interactions": [ids],
    "referral": bool}), so undo can put it back."""

    __tablename__ = "import_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    batch_id: Mapped[int] = mapped_column(
        ForeignKey("import_batches.id", ondelete="CASCADE"), index=True)
    action: Mapped[str] = mapped_column(String(10))
    contact_id: Mapped[int | None] = mapped_column(
        ForeignKey("contacts.id", ondelete="CASCADE"), index=True)
    event_id: Mapped[int | None] = mapped_column(ForeignKey("events.id", ondelete="SET NULL"))
    row: Mapped[int] = mapped_column(default=0)
    previous_json: Mapped[str] = mapped_column(Text, default="{}")


class ImportMapping(db.Model):
    """The mapping a person last used for files with this header row."""

    __tablename__ = "import_mappings"
    __table_args__ = (UniqueConstraint("owner_id", "header_key", name="uq_import_mappings"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    header_key: Mapped[str] = mapped_column(String(64))
    mapping_json: Mapped[str] = mapped_column(Text, default="[]")
    day_first: Mapped[bool | None]
    updated_at: Mapped[datetime] = mapped_column(default=now_utc, onupdate=now_utc)
