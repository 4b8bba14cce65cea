"""Configuration from the environment, with safe defaults for a laptop."""

import os
import secrets
from datetime import timedelta
from pathlib import Path


def database_url(instance_path: str) -> str:
    """DATABASE_URL when set (PostgreSQL via psycopg 3), else the embedded SQLite file."""
    url = os.environ.get("DATABASE_URL", "").strip()
    if not url:
        return f"sqlite:///{Path(instance_path) / 'netpwa.sqlite3'}"
    # Hosting platforms hand out postgres:// URLs; SQLAlchemy wants the driver named.
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def secret_key(instance_path: str) -> str:
    """SECRET_KEY from the environment; in production its absence is an error, never a default."""
    key = os.environ.get("SECRET_KEY")
    if key:
        return key
    if os.environ.get("NETPWA_PRODUCTION") == "1":
        raise RuntimeError("SECRET_KEY must be set when NETPWA_PRODUCTION=1")
    # A laptop or phone-on-the-LAN run keeps sessions across restarts with a key made once.
    key_file = Path(instance_path) / "secret_key"
    if not key_file.exists():
        key_file.parent.mkdir(parents=True, exist_ok=True)
        key_file.write_text(secrets.token_hex(32))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


def load_settings(instance_path: str, overrides: dict) -> dict:
    """Everything the app reads from config, overrides last."""
    production = os.environ.get("NETPWA_PRODUCTION") == "1"
    settings = {
        "SQLALCHEMY_DATABASE_URI": database_url(instance_path),
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": production,
        "REMEMBER_COOKIE_DURATION": timedelta(days=60),
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_SECURE": production,
        "PERMANENT_SESSION_LIFETIME": timedelta(days=60),
        "MAX_CONTENT_LENGTH": 12 * 1024 * 1024,
        "WTF_CSRF_TIME_LIMIT": None,
        "WTF_CSRF_SSL_STRICT": False,
        # Counted where every worker and server sees them (netpwa/throttle.py): the database,
        # or Redis with RATELIMIT_STORAGE_URI=redis://host:6379/0.
        "RATELIMIT_STORAGE_URI": os.environ.get("RATELIMIT_STORAGE_URI") or "database://",
        "RATELIMIT_HEADERS_ENABLED": True,
        # Per IP address ...
        "LOGIN_RATE_LIMIT": os.environ.get("LOGIN_RATE_LIMIT", "10 per minute"),
        "REGISTER_RATE_LIMIT": os.environ.get("REGISTER_RATE_LIMIT", "60 per hour"),
        "RESET_RATE_LIMIT": os.environ.get("RESET_RATE_LIMIT", "20 per hour"),
        # ... and per account (email), whatever address the attempts come from.
        "LOGIN_ACCOUNT_RATE_LIMIT": os.environ.get(
            "LOGIN_ACCOUNT_RATE_LIMIT", "10 per minute;50 per hour"),
        "REGISTER_ACCOUNT_RATE_LIMIT": os.environ.get("REGISTER_ACCOUNT_RATE_LIMIT", "5 per hour"),
        "RESET_ACCOUNT_RATE_LIMIT": os.environ.get("RESET_ACCOUNT_RATE_LIMIT", "5 per hour"),
        # Public Connect: per IP, and per card so that one card can't be flooded.
        "CONNECT_RATE_LIMIT": os.environ.get("CONNECT_RATE_LIMIT", "10 per minute"),
        "CONNECT_CARD_RATE_LIMIT": os.environ.get("CONNECT_CARD_RATE_LIMIT", "30 per minute"),
        # Friends' join links (/e/<code>): per IP and per account, so codes can't be guessed.
        "FRIENDS_JOIN_RATE_LIMIT": os.environ.get("FRIENDS_JOIN_RATE_LIMIT", "30 per minute"),
        "FRIENDS_JOIN_ACCOUNT_RATE_LIMIT": os.environ.get(
            "FRIENDS_JOIN_ACCOUNT_RATE_LIMIT", "20 per minute;100 per hour"),
        # A board is computed at most this often per process and shared by its viewers.
        "FRIENDS_BOARD_MAX_AGE": float(os.environ.get("FRIENDS_BOARD_MAX_AGE", "2")),
        "TRUST_PROXY": os.environ.get("TRUST_PROXY") == "1",
        # Password reset mail; unset, the mail is written to the log (development).
        "SMTP_URL": os.environ.get("SMTP_URL", ""),
        "MAIL_FROM": os.environ.get("MAIL_FROM", "netpwa <no-reply@localhost>"),
    }
    settings.update(overrides)
    if "SECRET_KEY" not in settings:
        settings["SECRET_KEY"] = secret_key(instance_path)
    return settings
