"""What name tags keep: printer offsets, uploaded attendee lists and uploaded label stock."""

import json
from datetime import datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from netpwa.extensions import db, now_utc


class TagCalibration(db.Model):
    """How far to move tags on one stock for this user's printer (mm; + is right / down)."""

    __tablename__ = "tag_calibrations"
    __table_args__ = (UniqueConstraint("owner_id", "stock_key",
                                       name="uq_tag_calibrations_owner_stock"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    stock_key: Mapped[str] = mapped_column(String(80))
    offset_x_mm: Mapped[float] = mapped_column(default=0.0)
    offset_y_mm: Mapped[float] = mapped_column(default=0.0)
    updated_at: Mapped[datetime] = mapped_column(default=now_utc, onupdate=now_utc)


class TagBatch(db.Model):
    """An uploaded attendee list, kept so that the preview, the PDF and the print view agree."""

    __tablename__ = "tag_batches"

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    event_id: Mapped[int | None] = mapped_column(
        ForeignKey("events.id", ondelete="SET NULL"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    filename: Mapped[str] = mapped_column(String(255), default="")
    # JSON: [{"name", "pronouns", "company", "ask_me_about"}, ...] sorted by family name.
    attendees_json: Mapped[str] = mapped_column(Text, default="[]")
    # JSON: ["Row 4: no name; skipped.", ...]
    messages_json: Mapped[str] = mapped_column(Text, default="[]")
    created_at: Mapped[datetime] = mapped_column(default=now_utc)

    @property
    def attendees(self) -> list[dict]:
        return json.loads(self.attendees_json)

    @property
    def messages(self) -> list[str]:
        return json.loads(self.messages_json)


class TagStock(db.Model):
    """A label stock read from a gLabels template a user uploaded."""

    __tablename__ = "tag_stocks"

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    brand: Mapped[str] = mapped_column(String(60))
    part: Mapped[str] = mapped_column(String(60))
    # JSON of stock.LabelStock.to_dict().
    geometry_json: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=now_utc)

    @property
    def key(self) -> str:
        return f"custom-{self.id}"
