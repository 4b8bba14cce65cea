"""Sync bookkeeping: a per-user revision clock and receipts of replayed outbox operations."""

from datetime import datetime

from sqlalchemy import BigInteger, ForeignKey, String, UniqueConstraint, event
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Mapped, Session, mapped_column

from netpwa.contacts.models import Contact
from netpwa.extensions import db, now_utc
from netpwa.notebook.models import Interaction

# Rows the pull (/api/changes) hands out by revision.
SYNCED = (Contact, Interaction)


class SyncClock(db.Model):
    """One row per user; bumping it row-locks it until commit, which orders the user's writes."""

    __tablename__ = "sync_clocks"

    owner_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, autoincrement=False)
    revision: Mapped[int] = mapped_column(BigInteger, default=0)


class SyncReceipt(db.Model):
    """An outbox operation the server applied, so that a replay of it changes nothing."""

    __tablename__ = "sync_receipts"
    __table_args__ = (UniqueConstraint("owner_id", "op_id", name="uq_sync_receipts_owner_op"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    op_id: Mapped[str] = mapped_column(String(36))
    op: Mapped[str] = mapped_column(String(10))
    contact_uuid: Mapped[str] = mapped_column(String(36))
    applied_at: Mapped[datetime] = mapped_column(default=now_utc, index=True)


def next_revision(session: Session, owner_id: int) -> int:
    """Bump the owner's clock in the current transaction and return the new value.

    The upsert takes the clock row's lock until commit, so a second writer for the same user
    waits here: revisions become visible in the order they were handed out.
    """
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    table = SyncClock.__table__
    statement = (insert(table).values(owner_id=owner_id, revision=1)
                 .on_conflict_do_update(index_elements=[table.c.owner_id],
                                        set_={"revision": table.c.revision + 1})
                 .returning(table.c.revision))
    return session.connection().execute(statement).scalar_one()


@event.listens_for(Session, "before_flush")
def _stamp_revisions(session: Session, _flush_context, _instances) -> None:
    """Every contact or interaction insert or change, from any code path, carries a fresh
    revision."""
    touched: dict[int, list] = {}
    for row in list(session.new) + list(session.dirty):
        if not isinstance(row, SYNCED) or row.owner_id is None:
            continue
        if row in session.new or session.is_modified(row, include_collections=False):
            touched.setdefault(row.owner_id, []).append(row)
    for owner_id, rows in sorted(touched.items()):
        revision = next_revision(session, owner_id)
        for row in rows:
            row.revision = revision
