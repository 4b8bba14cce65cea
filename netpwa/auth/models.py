"""Accounts."""

from datetime import datetime

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask_login import UserMixin
from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from netpwa.extensions import db, now_utc

_hasher = PasswordHasher()


class User(UserMixin, db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    display_name: Mapped[str] = mapped_column(String(200), default="")
    # use_alter breaks the users <-> events cycle so either database can create both tables.
    current_event_id: Mapped[int | None] = mapped_column(
        ForeignKey("events.id", ondelete="SET NULL", use_alter=True,
                   name="fk_users_current_event_id"))
    created_at: Mapped[datetime] = mapped_column(default=now_utc)

    # The login this object was loaded through (see netpwa.auth.sessions); not a column.
    login_token = None

    def get_id(self) -> str:
        """Flask-Login's alternative id: this device's login, not the bare user id."""
        return f"{self.id}.{self.login_token}"

    def set_password(self, password: str) -> None:
        self.password_hash = _hasher.hash(password)

    def check_password(self, password: str) -> bool:
        try:
            return _hasher.verify(self.password_hash, password)
        except (VerificationError, InvalidHashError):
            return False


_dummy_hashes: dict[int, str] = {}


def hash_password(password: str) -> str:
    """Hash before any write transaction starts: argon2 takes ~100 ms on purpose."""
    return _hasher.hash(password)


def check_nobody(password: str) -> bool:
    """Spend the time check_password would on an unknown email, so a login's timing doesn't
    tell whether the account exists; always False."""
    key = id(_hasher)
    if key not in _dummy_hashes:
        _dummy_hashes[key] = _hasher.hash("no account has this password")
    try:
        _hasher.verify(_dummy_hashes[key], password)
    except (VerificationError, InvalidHashError):
        pass
    return False


class LoginSession(db.Model):
    """One logged-in device; deleting the row logs that device out (netpwa.auth.sessions)."""

    __tablename__ = "login_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    device: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(default=now_utc)
