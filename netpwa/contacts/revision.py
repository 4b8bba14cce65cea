"""The revision clock: every contact write carries the owner's next revision, the cursor that
/api/changes pages by (docs/SYNC.md, "Why the cursor can't skip a change").

The stamping is a `before_flush` listener so that no code path can forget it (capture, inline
edit, undo, trash, scan, import, sync). `create_app` turns it on with `register`, on the app's
own session only; code that changes contacts with a bulk UPDATE bypasses the ORM and calls
`next_revision` itself.
"""

from sqlalchemy import event
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from netpwa.contacts.models import Contact, SyncClock
from netpwa.extensions import db


def next_revision(session: Session, owner_id: int) -> int:
    """Bump the owner's clock in the current transaction and return the new value.

    The upsert takes the clock row's lock until commit, so a second writer for the same user
    waits here: revisions become visible in the order they were handed out.
    """
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    table = SyncClock.__table__
    statement = (insert(table).values(owner_id=owner_id, revision=1)
                 .on_conflict_do_update(index_elements=[table.c.owner_id],
                                        set_={"revision": table.c.revision + 1})
                 .returning(table.c.revision))
    return session.connection().execute(statement).scalar_one()


def stamp_revisions(session: Session, model: type) -> None:
    """Every new or changed row of `model` (a synced table with owner_id and revision) in this
    flush gets the owner's next revision, one per owner and flush."""
    touched: dict[int, list] = {}
    for row in list(session.new) + list(session.dirty):
        if not isinstance(row, model) or row.owner_id is None:
            continue
        if row in session.new or session.is_modified(row, include_collections=False):
            touched.setdefault(row.owner_id, []).append(row)
    for owner_id, rows in sorted(touched.items()):
        revision = next_revision(session, owner_id)
        for row in rows:
            row.revision = revision


def _stamp_revisions(session: Session, _flush_context, _instances) -> None:
    """Every contact insert or change, from any code path, carries a fresh revision."""
    stamp_revisions(session, Contact)


def register(_app) -> None:
    """Stamp revisions on the Flask-SQLAlchemy session's flushes (once per process: the session
    factory is shared by every app made in it)."""
    if not event.contains(db.session, "before_flush", _stamp_revisions):
        event.listen(db.session, "before_flush", _stamp_revisions)
