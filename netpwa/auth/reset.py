"""Password reset links: signed, single use, valid for an hour.

The token signs the user id and a fingerprint of the current password hash. Setting a new
password changes the hash, so the link works once; nothing is stored.
"""

import hashlib

from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from netpwa.auth.models import User
from netpwa.extensions import db

MAX_AGE_SECONDS = 3600
_SALT = "netpwa.password-reset"


def _serializer(secret_key: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(secret_key, salt=_SALT)


def _fingerprint(user: User) -> str:
    return hashlib.sha256(user.password_hash.encode()).hexdigest()[:20]


def make_token(user: User, secret_key: str) -> str:
    return _serializer(secret_key).dumps([user.id, _fingerprint(user)])


def user_for_token(token: str, secret_key: str, max_age: int = MAX_AGE_SECONDS) -> User | None:
    """The user a still-valid, unused token is for; None when forged, expired or used."""
    try:
        user_id, fingerprint = _serializer(secret_key).loads(token, max_age=max_age)
    except (BadSignature, SignatureExpired, ValueError, TypeError):
        return None
    if not isinstance(user_id, int):
        return None
    user = db.session.get(User, user_id)
    if user is None or _fingerprint(user) != fingerprint:
        return None
    return user
