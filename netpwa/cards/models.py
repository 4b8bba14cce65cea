"""My card: the profile behind the public card page, its QR codes and my name tag."""

import secrets
from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from netpwa.extensions import db, now_utc

# What a card can show; the owner picks which of these are public.
CARD_FIELDS = ("name", "preferred_name", "pronouns", "headline", "company", "email", "phone", "website",
               "linkedin", "portfolio", "ask_me_about", "pitch")
DEFAULT_PUBLIC = ("name", "pronouns", "headline", "company", "website", "linkedin",
                  "portfolio", "ask_me_about", "pitch")


def new_slug() -> str:
    """Unguessable: 128 bits, so card pages cannot be enumerated."""
    return secrets.token_urlsafe(16)


class CardProfile(db.Model):
    __tablename__ = "card_profiles"

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), unique=True)
    slug: Mapped[str] = mapped_column(String(64), unique=True, default=new_slug)
    name: Mapped[str] = mapped_column(String(200), default="")
    # The name I go by: a "first name large" name tag prints it very large.
    preferred_name: Mapped[str] = mapped_column(String(60), default="", server_default="")
    pronouns: Mapped[str] = mapped_column(String(40), default="")
    headline: Mapped[str] = mapped_column(String(200), default="")
    company: Mapped[str] = mapped_column(String(200), default="")
    email: Mapped[str] = mapped_column(String(254), default="")
    phone: Mapped[str] = mapped_column(String(50), default="")
    website: Mapped[str] = mapped_column(String(500), default="")
    linkedin: Mapped[str] = mapped_column(String(500), default="")
    portfolio: Mapped[str] = mapped_column(String(500), default="")
    ask_me_about: Mapped[str] = mapped_column(String(120), default="")
    pitch: Mapped[str] = mapped_column(Text, default="")
    # Comma-separated names from CARD_FIELDS.
    public_fields: Mapped[str] = mapped_column(String(300), default=",".join(DEFAULT_PUBLIC))
    created_at: Mapped[datetime] = mapped_column(default=now_utc)
    updated_at: Mapped[datetime] = mapped_column(default=now_utc, onupdate=now_utc)

    @property
    def public(self) -> set[str]:
        return {f for f in self.public_fields.split(",") if f in CARD_FIELDS}

