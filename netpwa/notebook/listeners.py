"""Two things every write path gets without asking, in one `before_flush` listener:

- every person met in person starts their timeline with "met" (with the event) and owes a
  thank-you the next day. A listener rather than a call in each entry point: capture (meet),
  the offline outbox (sync), a scanned card and Connect all create contacts, from packages
  beside or above this one, and a new entry point can't forget it. Imports (`source="import"`)
  are people met some other time: their timeline starts empty.
- every interaction insert or change carries the owner's next sync revision (the clock is
  contacts', see contacts/revision.py), so /api/changes can page interactions like contacts.

`register` turns it on for the app's session (the notebook's blueprint calls it).
"""

from datetime import datetime

from sqlalchemy import event
from sqlalchemy.orm import Session

from netpwa.contacts.models import Contact
from netpwa.contacts.revision import stamp_revisions
from netpwa.extensions import db, now_utc
from netpwa.notebook import timeline
from netpwa.notebook.models import Interaction

MET_IN_PERSON = ("capture", "scan", "connect")


def _start_timelines(session: Session) -> None:
    for row in list(session.new):
        if not isinstance(row, Contact) or row.owner_id is None \
                or (row.source or "capture") not in MET_IN_PERSON:
            continue
        met_at = row.met_at if isinstance(row.met_at, datetime) else now_utc()
        day = met_at.date()
        session.add(Interaction(owner_id=row.owner_id, contact=row, event_id=row.event_id,
                                kind="met", occurred_on=day))
        # Meeting is not "contacted" (see timeline.NOT_CONTACT); a thank-you day given stands.
        if row.thank_by is None and day >= now_utc().date() - timeline.THANKS_WINDOW:
            row.thank_by = day + timeline.THANKS_DELAY


def _before_flush(session: Session, _flush_context, _instances) -> None:
    _start_timelines(session)
    stamp_revisions(session, Interaction)


def register(_app=None) -> None:
    """Listen on the Flask-SQLAlchemy session's flushes (once per process)."""
    if not event.contains(db.session, "before_flush", _before_flush):
        event.listen(db.session, "before_flush", _before_flush)
