"""Sync bookkeeping: receipts of replayed outbox operations (the revision clock is contacts')."""

from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from netpwa.extensions import db, now_utc


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
