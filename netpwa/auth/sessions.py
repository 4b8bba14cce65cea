"""Revocable logins: each device's login is a row, and the login identity names it.

Flask-Login keeps `get_id()` in the session and in the remember cookie. Were that the bare
user id, a copied remember cookie would work until SECRET_KEY changed. Here the identity is
`<user id>.<random token>` and the token's hash is a `login_sessions` row: logging out deletes
this device's row, "log out everywhere" (and a password change or reset) deletes them all, and
an identity whose row is gone loads nobody, whichever cookie carries it.
"""

import hashlib
import secrets
from datetime import timedelta

from sqlalchemy import delete, select

from netpwa.auth.models import LoginSession, User
from netpwa.extensions import db, now_utc


def _digest(token: str) -> str:
    # Only the hash is stored: a copy of the database can't be turned into cookies.
    return hashlib.sha256(token.encode()).hexdigest()


def start(user: User, device: str = "") -> str:
    """A new login for this device (not committed); the user's get_id() now names it."""
    token = secrets.token_urlsafe(24)
    db.session.add(LoginSession(owner_id=user.id, token_hash=_digest(token),
                                device=device[:200]))
    user.login_token = token
    return user.get_id()


def load(identity: str, lifetime: timedelta) -> User | None:
    """The user a login identity names while its row exists and is younger than lifetime."""
    user_id, _, token = identity.partition(".")
    if not user_id.isdigit() or not token:
        return None
    user = db.session.scalar(
        select(User).join(LoginSession, LoginSession.owner_id == User.id).where(
            User.id == int(user_id), LoginSession.token_hash == _digest(token),
            LoginSession.created_at > now_utc() - lifetime))
    if user is not None:
        user.login_token = token
    return user


def end(user: User) -> None:
    """Log out this device: its identity stops working in every copy of its cookies."""
    token = getattr(user, "login_token", None)
    if token:
        db.session.execute(delete(LoginSession).where(
            LoginSession.owner_id == user.id, LoginSession.token_hash == _digest(token)))


def end_all(user_id: int) -> int:
    """Log out every device of a user; how many logins ended."""
    return db.session.execute(
        delete(LoginSession).where(LoginSession.owner_id == user_id)).rowcount


def forget_expired(user_id: int, lifetime: timedelta) -> None:
    db.session.execute(delete(LoginSession).where(
        LoginSession.owner_id == user_id, LoginSession.created_at <= now_utc() - lifetime))


def count(user_id: int) -> int:
    return len(db.session.scalars(
        select(LoginSession.id).where(LoginSession.owner_id == user_id)).all())
