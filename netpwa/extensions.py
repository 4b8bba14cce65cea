"""Flask extensions, created here and bound to the app in init_app."""

import sqlite3
from datetime import UTC, datetime

from flask import abort, current_app, g, has_request_context, request
from flask_compress import Compress
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf.csrf import CSRFProtect
from sqlalchemy import DateTime, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase, registry
from sqlalchemy.types import TypeDecorator

from netpwa import htmx, write_queue


def now_utc() -> datetime:
    """The one clock every timestamp column uses (aware UTC)."""
    return datetime.now(UTC)


class UtcDateTime(TypeDecorator):
    """Stores naive UTC and hands back aware UTC, so SQLite and PostgreSQL compare alike."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is not None and value.tzinfo is not None:
            value = value.astimezone(UTC).replace(tzinfo=None)
        return value

    def process_result_value(self, value, dialect):
        return value.replace(tzinfo=UTC) if value is not None else None


class Base(DeclarativeBase):
    registry = registry(type_annotation_map={datetime: UtcDateTime})


class ApiAwareLoginManager(LoginManager):
    """Pages redirect to the login form; /api/* answers 401 JSON, since a fetch can't log in."""

    def unauthorized(self):
        if request.path.startswith("/api/"):
            abort(401)
        return super().unauthorized()

    def _set_cookie(self, response):
        """The remember cookie is Secure whenever the request came over HTTPS, like the
        session cookie (Flask-Login only reads the app-wide REMEMBER_COOKIE_SECURE)."""
        super()._set_cookie(response)
        if not request.is_secure:
            return
        name = self._remember_cookie_name()
        cookies = response.headers.getlist("Set-Cookie")
        response.headers.remove("Set-Cookie")
        for cookie in cookies:
            if cookie.startswith(name + "=") and "; Secure" not in cookie:
                cookie += "; Secure"
            response.headers.add("Set-Cookie", cookie)

    @staticmethod
    def _remember_cookie_name() -> str:
        return current_app.config.get("REMEMBER_COOKIE_NAME", "remember_token")


db = SQLAlchemy(model_class=Base)
migrate = Migrate()
login_manager = ApiAwareLoginManager()
csrf = CSRFProtect()
limiter = Limiter(key_func=get_remote_address, default_limits=[])

def begin_read() -> None:
    """The session's next transaction only reads (deferred BEGIN on SQLite, no write lock),
    until end_read(). For loading the logged-in user at the start of a POST."""
    if has_request_context():
        g.sqlite_reading = True


def end_read() -> None:
    """End the session's transaction, keeping loaded objects usable as they are.

    On SQLite a POST's transaction holds the write lock from its first query (BEGIN
    IMMEDIATE); call this after reading and before slow work (a password hash, a parse), so
    the lock is taken again only for the short write that follows."""
    # The request's Session itself: the scoped-session proxy doesn't pass this attribute on,
    # and set there it would change nothing (every object expired, so the next attribute read
    # would start a write transaction on SQLite, lock and all).
    session = db.session()
    session.expire_on_commit = False
    try:
        session.commit()
    finally:
        session.expire_on_commit = True
        if has_request_context():
            g.sqlite_reading = False


SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


# How long a writer waits for SQLite's write lock before the request answers 503.
SQLITE_BUSY_TIMEOUT_MS = 10_000
# What SQLite still waits for its lock after a writer's turn didn't come in that time.
SQLITE_LAST_MOMENT_MS = 100


@event.listens_for(Engine, "connect")
def _tune_sqlite(dbapi_connection, _record):
    """WAL + busy timeout so that concurrent captures wait instead of failing."""
    if not isinstance(dbapi_connection, sqlite3.Connection):
        return
    # We issue BEGIN ourselves (see _begin_sqlite), so pysqlite must not.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


@event.listens_for(Engine, "begin")
def _begin_sqlite(connection):
    """BEGIN IMMEDIATE for writes: a deferred BEGIN that reads then writes fails at once
    with "database is locked" when another worker holds the write lock, busy timeout or not."""
    if connection.dialect.name != "sqlite":
        return
    reading = connection.get_execution_options().get("netpwa_sqlite_read") or (
        has_request_context() and (request.method in SAFE_METHODS or g.get("sqlite_reading")))
    if reading:
        connection.exec_driver_sql("BEGIN")
        return
    dbapi_connection = connection.connection.dbapi_connection
    queued = isinstance(dbapi_connection, write_queue.QueuedConnection)
    # Writers take turns (netpwa/write_queue.py) before asking SQLite for its lock. A turn
    # that didn't come within the busy timeout leaves SQLite only a moment more: the request
    # answers 503 after one timeout, not two.
    waited_out = queued and not dbapi_connection.wait_for_turn(SQLITE_BUSY_TIMEOUT_MS / 1000)
    try:
        if waited_out:
            dbapi_connection.execute(f"PRAGMA busy_timeout={SQLITE_LAST_MOMENT_MS}")
        connection.exec_driver_sql("BEGIN IMMEDIATE")
    except BaseException:
        if queued:
            dbapi_connection.end_turn()
        raise
    finally:
        if waited_out:
            dbapi_connection.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")


@event.listens_for(Engine, "do_connect")
def _queue_sqlite_writers(dialect, _record, _cargs, cparams):
    """SQLite connections queue their writers (netpwa/write_queue.py)."""
    if dialect.name == "sqlite":
        write_queue.use_for(cparams)


# Pages, fragments and API answers: brotli where the browser takes it, else gzip; per response,
# at a fast level. Static files are compressed once, better, by netpwa/pwa/static_files.py.
COMPRESS_SETTINGS = {
    "COMPRESS_MIMETYPES": ["text/html", "text/css", "text/javascript", "application/javascript",
                           "application/json", "application/manifest+json", "image/svg+xml"],
    "COMPRESS_ALGORITHM": ["br", "gzip"],
    "COMPRESS_ALGORITHM_STREAMING": ["br", "deflate"],  # Flask-Compress streams no gzip
    "COMPRESS_BR_LEVEL": 4,
    "COMPRESS_LEVEL": 6,
    "COMPRESS_MIN_SIZE": 500,
    # Its conditional-request step stamps a Date header, and the server adds its own: two
    # Dates, which the service worker cannot read as when an offline copy was made.
    "COMPRESS_EVALUATE_CONDITIONAL_REQUEST": False,
}
compress = Compress()


def init_app(app):
    """Bind every extension to the app."""
    for key, value in COMPRESS_SETTINGS.items():
        app.config.setdefault(key, value)
    compress.init_app(app)
    db.init_app(app)
    migrate.init_app(app, db, directory=str(app.root_path + "/../migrations"))
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Log in to see that page."
    login_manager.session_protection = "basic"
    csrf.init_app(app)
    limiter.init_app(app)
    htmx.init_app(app)
