"""Rate-limit counts every worker and every server sees, with no Redis required.

Flask-Limiter's memory store counts per process, so 4 workers allowed 4x the stated rate.
`database://` (the default RATELIMIT_STORAGE_URI) keeps fixed-window counters in the app's own
database, one short transaction a hit on a connection of its own; a `redis://` URI uses Redis
instead. `limit_account` adds per-account limits (ASVS 6.3.1) on top of the per-IP ones, so
many addresses can't take turns at one account.
"""

import hashlib
import random
import time

from flask import abort, current_app
from flask_limiter import Limiter
from limits import parse_many
from limits.storage import Storage
from sqlalchemy import Float, Integer, String, delete, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Mapped, mapped_column

from netpwa.extensions import db


class RateLimitCounter(db.Model):
    """One fixed-window counter; `key` holds a hash, never an address or an email."""

    __tablename__ = "rate_limit_counters"

    key: Mapped[str] = mapped_column(String(255), primary_key=True)
    count: Mapped[int] = mapped_column(Integer, default=0)
    expires_at: Mapped[float] = mapped_column(Float, index=True)  # epoch seconds


def _hashed(key: str) -> str:
    # Keys carry an IP address or an email; store neither.
    return hashlib.sha256(key.encode()).hexdigest()


class DatabaseStorage(Storage):
    """A limits storage in the app's database (SQLite or PostgreSQL)."""

    STORAGE_SCHEME = ["database"]

    @property
    def base_exceptions(self):
        return SQLAlchemyError

    def _connect(self, writing: bool):
        # A connection of its own: a hit counts even when the request rolls back, and on
        # SQLite a read (headers after the view) never waits for the write lock.
        return db.engine.connect().execution_options(netpwa_sqlite_read=not writing)

    def incr(self, key: str, expiry: float, amount: int = 1) -> int:
        now = time.time()
        table = RateLimitCounter.__table__
        dialect = db.engine.dialect.name
        insert = (postgresql.insert if dialect == "postgresql" else sqlite.insert)(table)
        expired = table.c.expires_at <= now
        from sqlalchemy import case
        statement = insert.values(key=_hashed(key), count=amount, expires_at=now + expiry)
        statement = statement.on_conflict_do_update(index_elements=[table.c.key], set_={
            "count": case((expired, amount), else_=table.c.count + amount),
            "expires_at": case((expired, now + expiry), else_=table.c.expires_at),
        }).returning(table.c.count)
        with self._connect(writing=True) as connection, connection.begin():
            count = connection.execute(statement).scalar_one()
            if random.random() < 0.01:  # now and then, forget windows long over
                connection.execute(delete(table).where(table.c.expires_at < now - 3600))
        return count

    def _row(self, key: str):
        table = RateLimitCounter.__table__
        with self._connect(writing=False) as connection, connection.begin():
            return connection.execute(select(table.c.count, table.c.expires_at).where(
                table.c.key == _hashed(key), table.c.expires_at > time.time())).first()

    def get(self, key: str) -> int:
        row = self._row(key)
        return row.count if row else 0

    def get_expiry(self, key: str) -> float:
        row = self._row(key)
        return row.expires_at if row else time.time()

    def check(self) -> bool:
        try:
            with self._connect(writing=False) as connection:
                connection.execute(select(1))
            return True
        except SQLAlchemyError:
            return False

    def reset(self) -> int | None:
        with self._connect(writing=True) as connection, connection.begin():
            return connection.execute(delete(RateLimitCounter.__table__)).rowcount

    def clear(self, key: str) -> None:
        table = RateLimitCounter.__table__
        with self._connect(writing=True) as connection, connection.begin():
            connection.execute(delete(table).where(table.c.key == _hashed(key)))


def limit_account(limiter: Limiter, action: str, account: str, config_key: str) -> None:
    """Count one attempt at `action` on an account (an email, case folded); 429 over the
    limit in config[config_key], however many addresses the attempts come from."""
    if not limiter.enabled:
        return
    account = account.strip().lower()
    for item in parse_many(current_app.config[config_key]):
        if not limiter.limiter.hit(item, "account", action, account):
            abort(429)
