"""A user's data across every table: the full export, and deletion of the account.

Both walk `db.metadata`, so a table another package adds is covered the moment it exists:
a row is the user's when a column of it points at `users.id` (`owner_id` by house rule).
Tables that hold no one's data say so in SHARED_TABLES (tests/test_account_deletion.py
fails for any other table without such a column).
"""

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import Table, delete, select, update

from netpwa.auth.models import User
from netpwa.extensions import db

# Tables with no user's data in them, and why.
SHARED_TABLES = {
    "rate_limit_counters": "throttle counts keyed by a hash of an address or email; they expire",
}
# Secrets are never exported, even to their owner.
SECRET_COLUMNS = {("users", "password_hash"), ("login_sessions", "token_hash")}


def user_columns(table: Table) -> list:
    """The columns of a table that point at users.id."""
    return [column for column in table.columns
            if any(key.column.table.name == "users" and key.column.name == "id"
                   for key in column.foreign_keys)]


def owned_tables() -> list[tuple[Table, list]]:
    """(table, its user columns) for every table holding users' rows, children first."""
    return [(table, columns) for table in reversed(db.metadata.sorted_tables)
            if (columns := user_columns(table))]


def _plain(value):
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, bytes):
        return value.hex()
    return value


def export(user_id: int) -> dict:
    """Every row of the user's, table by table, as JSON-ready dicts (secrets left out)."""
    def rows(table: Table, where) -> list[dict]:
        columns = [c for c in table.columns if (table.name, c.name) not in SECRET_COLUMNS]
        result = db.session.execute(select(*columns).where(where).order_by(*table.primary_key))
        return [{key: _plain(value) for key, value in row._mapping.items()} for row in result]

    users = db.metadata.tables["users"]
    data = {"users": rows(users, users.c.id == user_id)}
    for table, columns in sorted(owned_tables(), key=lambda pair: pair[0].name):
        data[table.name] = rows(table, _any_is(columns, user_id))
    return data


def _any_is(columns, user_id):
    from sqlalchemy import or_
    return or_(*(column == user_id for column in columns))


def delete_account(user_id: int) -> None:
    """Delete the user and every row they own, in one transaction (not committed here)."""
    users = db.metadata.tables["users"]
    # users.current_event_id points at the user's own events: cut that loop first.
    db.session.execute(update(users).where(users.c.id == user_id).values(current_event_id=None))
    for table, columns in owned_tables():
        if table.name == "users":
            continue
        db.session.execute(delete(table).where(_any_is(columns, user_id)))
    db.session.execute(delete(User).where(User.id == user_id))
