"""The full backup (the account's JSON export with a format and version) and its restore into
an empty account, with every id remapped.

Like `account_data`, this walks `db.metadata`, so a table another package adds is backed up
and restored the moment it exists, with no code here: rows are inserted parents first
(`sorted_tables`); a column pointing at `users.id` takes the new account's id, any other
foreign key takes the new id of the row it pointed at in the same backup (a reference to a
row the backup doesn't hold becomes NULL, or the row is left out when it can't be NULL, so a
crafted file can never point into another account). Bytes (photos) travel as hex.

Parsing and checking the whole file happens before the write transaction; the inserts then
run in one transaction, all or nothing.
"""

import json
import logging
import secrets
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import LargeBinary, Table, TypeDecorator, delete, func, or_, select, update
from sqlalchemy.exc import SQLAlchemyError

from netpwa.auth.account_data import export, owned_tables, user_columns
from netpwa.extensions import db

log = logging.getLogger(__name__)

FORMAT = "netpwa-backup"
VERSION = 1
MAX_BACKUP_BYTES = 100 * 1024 * 1024
BATCH = 500
# Tables a backup leaves out, and why.
NOT_RESTORED = {
    "login_sessions": "logins belong to devices; the person logs in again",
    "sync_receipts": "which phone requests were already applied to the old account",
    "event_friends": "friends at the same event point at other people's events",
    "event_shares": "share codes are handed to other people; share again from the event",
    "rate_limit_counters": "nobody's data",
}
# Rows a new account starts with (its card, its question bank, its sync clock…): they don't make an account
# "not empty", and a restore replaces them with the backup's.
STARTER_TABLES = {"users", "login_sessions", "sync_clocks", "sync_receipts", "card_profiles",
                  "outreach_profiles", "friend_settings", "questions"}
# Of the users row, only these come back (never the email, password or id).
USER_FIELDS = ("display_name", "current_event_id")


class BackupError(ValueError):
    """A backup we can't restore; the message is meant for the person who uploaded it."""


@dataclass
class RestoreReport:
    counts: dict[str, int] = field(default_factory=dict)
    left_out: dict[str, int] = field(default_factory=dict)

    @property
    def contacts(self) -> int:
        return self.counts.get("contacts", 0)


def backup(user_id: int) -> dict:
    """Everything the user owns, ready for json.dumps."""
    return {"format": FORMAT, "version": VERSION,
            "exported_at": datetime.now().astimezone().isoformat(),
            "tables": export(user_id)}


def parse(data: bytes) -> dict:
    """The backup file's JSON, checked for shape; BackupError says what is wrong with it."""
    if len(data) > MAX_BACKUP_BYTES:
        raise BackupError(f"That file is over {MAX_BACKUP_BYTES // (1024 * 1024)} MB, larger "
                          "than any backup netpwa writes. Nothing was restored.")
    try:
        document = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
        raise BackupError("That file isn't a netpwa backup: it isn't readable JSON (maybe "
                          "it was cut short or edited). Nothing was restored.") from None
    if not isinstance(document, dict) or not isinstance(document.get("tables"), dict):
        raise BackupError("That file isn't a netpwa backup (it has no tables). Choose the "
                          "file from Download backup on this page. Nothing was restored.")
    if document.get("format") != FORMAT:
        raise BackupError("That JSON file isn't a netpwa backup. Choose the file from "
                          "Download backup on this page. Nothing was restored.")
    if document.get("version") != VERSION:
        raise BackupError(f"That backup has version {document.get('version')!r}; this netpwa "
                          f"reads version {VERSION}. Nothing was restored.")
    for name, rows in document["tables"].items():
        if not isinstance(rows, list) or not all(isinstance(row, dict) for row in rows):
            raise BackupError(f"That backup is damaged (its {name!r} part isn't a list of "
                              "rows). Nothing was restored.")
    return document


def is_empty(user_id: int) -> bool:
    """No rows of the user's beyond the ones every new account starts with."""
    for table, columns in owned_tables():
        if table.name in STARTER_TABLES:
            continue
        where = or_(*(column == user_id for column in columns))
        if db.session.scalar(select(func.count()).select_from(table).where(where)):
            return False
    return True


def _python_value(column, value):
    if value is None:
        return None
    column_type = column.type
    if isinstance(column_type, TypeDecorator):  # UtcDateTime: what it stores is a DateTime
        column_type = column_type.impl_instance
    if isinstance(column_type, LargeBinary):
        return bytes.fromhex(value)
    try:
        kind = column_type.python_type
    except NotImplementedError:
        return value
    if kind is datetime:
        return datetime.fromisoformat(value)
    if kind is date:
        return date.fromisoformat(value)
    if kind is bool:
        return bool(value)
    if kind is int and not isinstance(value, int):
        raise ValueError(f"{column.name} is not a number")
    return value


def _target(column) -> tuple[str, str] | None:
    key = next(iter(column.foreign_keys), None)
    return (key.column.table.name, key.column.name) if key is not None else None


def _taken(table: Table, column, value) -> bool:
    return db.session.scalar(select(func.count()).select_from(table).where(column == value)) > 0


def _prepared(document: dict) -> list[tuple[Table, list[dict]]]:
    """(table, rows with python values) in insert order; BackupError for a bad value."""
    tables = document["tables"]
    out = []
    for table in db.metadata.sorted_tables:
        if table.name in NOT_RESTORED or table.name == "users" or table.name not in tables:
            continue
        if not user_columns(table):
            continue
        rows = []
        for number, raw in enumerate(tables[table.name], start=1):
            row = {}
            for column in table.columns:
                if column.name not in raw:
                    continue
                try:
                    row[column.name] = _python_value(column, raw[column.name])
                except (ValueError, TypeError, AttributeError):
                    raise BackupError(
                        f"That backup is damaged: row {number} of {table.name!r} has a bad "
                        f"{column.name!r}. Nothing was restored.") from None
            rows.append(row)
        out.append((table, rows))
    return out


def restore(user_id: int, data: bytes) -> RestoreReport:
    """Restore a backup file into this (empty) account. BackupError for a bad file or an
    account that already holds data; nothing is written then."""
    document = parse(data)
    prepared = _prepared(document)
    if not is_empty(user_id):
        raise BackupError("This account already has contacts or other data, so a backup "
                          "can't be restored into it (that would mix two address books). "
                          "Restore into a new, empty account. Nothing was restored.")
    report = RestoreReport()
    new_ids: dict[str, dict] = {}
    try:
        for table, rows in prepared:
            if table.name in STARTER_TABLES:
                db.session.execute(delete(table).where(*(
                    column == user_id for column in user_columns(table))))
            _insert_rows(user_id, table, rows, new_ids, report)
        _restore_user(user_id, document, new_ids)
        db.session.commit()
    except SQLAlchemyError as error:
        db.session.rollback()
        log.warning("backup not restored: %s", str(error).splitlines()[0])
        raise BackupError("That backup doesn't fit together (rows that contradict each "
                          "other). Nothing was restored.") from None
    except Exception:
        db.session.rollback()
        raise
    return report


def _insert_rows(user_id: int, table: Table, rows: list[dict], new_ids: dict,
                 report: RestoreReport) -> None:
    primary = list(table.primary_key.columns)
    remapped_key = len(primary) == 1 and not primary[0].foreign_keys
    mapping = new_ids.setdefault(table.name, {})
    ready: list[tuple[object, dict]] = []
    for row in rows:
        values = dict(row)
        old_id = values.pop(primary[0].name, None) if remapped_key else None
        keep = True
        for column in table.columns:
            target = _target(column)
            if target is None or column.name not in values:
                continue
            if target == ("users", "id"):
                values[column.name] = user_id
            elif values[column.name] is not None:
                new = new_ids.get(target[0], {}).get(values[column.name])
                if new is None and not column.nullable:
                    keep = False
                    break
                values[column.name] = new
        for column in table.columns:
            if column.name not in values and not column.nullable and column.foreign_keys \
                    and _target(column) == ("users", "id"):
                values[column.name] = user_id
        if not keep:
            report.left_out[table.name] = report.left_out.get(table.name, 0) + 1
            continue
        # A globally unique token (a card's slug, a calendar feed's secret) still used by the
        # account the backup came from gets a fresh one.
        for column in table.columns:
            if column.unique and not column.foreign_keys and isinstance(
                    values.get(column.name), str) and _taken(table, column,
                                                            values[column.name]):
                length = getattr(column.type, "length", None) or 32
                values[column.name] = secrets.token_urlsafe(length)[:max(8, min(length, 43))]
        ready.append((old_id, values))
    # Many rows per statement (executemany, new ids returned in order): a restore of thousands
    # of contacts holds the write lock for a fraction of the time one insert per row would.
    start = 0
    while start < len(ready):
        keys = tuple(ready[start][1])
        end = start
        while end < len(ready) and end - start < BATCH and tuple(ready[end][1]) == keys:
            end += 1
        batch = ready[start:end]
        if remapped_key:
            result = db.session.execute(
                table.insert().returning(primary[0], sort_by_parameter_order=True),
                [values for _old, values in batch])
            for (old_id, _values), new_id in zip(batch, result.scalars().all(), strict=True):
                if old_id is not None:
                    mapping[old_id] = new_id
        else:
            db.session.execute(table.insert(), [values for _old, values in batch])
        report.counts[table.name] = report.counts.get(table.name, 0) + len(batch)
        start = end


def _restore_user(user_id: int, document: dict, new_ids: dict) -> None:
    users = db.metadata.tables["users"]
    rows = document["tables"].get("users") or [{}]
    old = rows[0]
    values = {}
    if isinstance(old.get("display_name"), str):
        values["display_name"] = old["display_name"][:200]
    if old.get("current_event_id") is not None:
        values["current_event_id"] = new_ids.get("events", {}).get(old["current_event_id"])
    if values:
        db.session.execute(update(users).where(users.c.id == user_id).values(**values))
