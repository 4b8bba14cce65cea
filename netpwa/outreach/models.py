"""Outreach: my message templates, my profile's private half, intros and referral updates."""

import secrets
from datetime import date, datetime

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from netpwa.extensions import db, now_utc

# A double opt-in intro walks these states in order; "declined" ends it early.
INTRO_STATES = ("asked_a", "a_agreed", "asked_b", "b_agreed", "sent")
INTRO_ENDED = ("sent", "declined")


def new_feed_token() -> str:
    """Unguessable (256 bits): the calendar feed URL is the only key to it."""
    return secrets.token_urlsafe(32)


class MessageTemplate(db.Model):
    """A template I wrote, or my edited copy of a default (`key` names the default)."""

    __tablename__ = "message_templates"
    __table_args__ = (UniqueConstraint("owner_id", "key", name="uq_message_templates_owner_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    key: Mapped[str | None] = mapped_column(String(40))
    name: Mapped[str] = mapped_column(String(120))
    subject: Mapped[str] = mapped_column(String(200), default="")
    body: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(20), default="message")
    created_at: Mapped[datetime] = mapped_column(default=now_utc)
    updated_at: Mapped[datetime] = mapped_column(default=now_utc, onupdate=now_utc)


class OutreachProfile(db.Model):
    """The private half of my profile (the pitch lives on my card) and my reminder settings."""

    __tablename__ = "outreach_profiles"

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), unique=True)
    superpowers: Mapped[str] = mapped_column(Text, default="")
    career_goals: Mapped[str] = mapped_column(Text, default="")
    # None: no calendar feed. A new token retires the old URL at once.
    feed_token: Mapped[str | None] = mapped_column(String(64), unique=True)
    digest: Mapped[bool] = mapped_column(default=False)
    digest_sent_on: Mapped[date | None]
    created_at: Mapped[datetime] = mapped_column(default=now_utc)
    updated_at: Mapped[datetime] = mapped_column(default=now_utc, onupdate=now_utc)


class Intro(db.Model):
    """A double opt-in intro I make between two of my contacts."""

    __tablename__ = "intros"
    __table_args__ = (Index("ix_intros_owner_updated", "owner_id", "updated_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    a_id: Mapped[int] = mapped_column(ForeignKey("contacts.id", ondelete="CASCADE"), index=True)
    b_id: Mapped[int] = mapped_column(ForeignKey("contacts.id", ondelete="CASCADE"), index=True)
    state: Mapped[str] = mapped_column(String(20), default="asked_a")
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=now_utc)
    updated_at: Mapped[datetime] = mapped_column(default=now_utc, onupdate=now_utc)


class Referral(db.Model):
    """`referrer` introduced me to `contact` (each contact has at most one referrer).

    A table of its own rather than a column on contacts: adding a self-referencing foreign
    key to SQLite's contacts would mean rebuilding that table, and the links stay few."""

    __tablename__ = "referrals"

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    contact_id: Mapped[int] = mapped_column(
        ForeignKey("contacts.id", ondelete="CASCADE"), unique=True)
    referrer_id: Mapped[int] = mapped_column(
        ForeignKey("contacts.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=now_utc)


class ReferralUpdate(db.Model):
    """"Tell the referrer how it went" for this (referred) contact: done (`told_on`) or
    snoozed (`snoozed_until`)."""

    __tablename__ = "referral_updates"

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    contact_id: Mapped[int] = mapped_column(
        ForeignKey("contacts.id", ondelete="CASCADE"), unique=True)
    told_on: Mapped[date | None]
    snoozed_until: Mapped[date | None]
    created_at: Mapped[datetime] = mapped_column(default=now_utc)
