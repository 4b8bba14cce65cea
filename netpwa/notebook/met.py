"""Every person met in person starts their timeline with "met" (with the event).

A listener rather than a call in each entry point: capture, the offline outbox (sync), a
scanned card and Connect all create contacts, from packages below or beside this one, and a
new entry point can't forget it. Imports (`source="import"`) are people met some other time:
they start with an empty timeline.
"""

from datetime import datetime

from sqlalchemy import event
from sqlalchemy.orm import Session

from netpwa.contacts.models import Contact
from netpwa.extensions import now_utc
from netpwa.notebook import timeline
from netpwa.notebook.models import Interaction

MET_IN_PERSON = ("capture", "scan", "connect")


# insert=True: run before sync's listener, so the new interaction gets its revision stamp.
@event.listens_for(Session, "before_flush", insert=True)
def _start_timelines(session: Session, _flush_context, _instances) -> None:
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
            row.thank_by = day + (timeline.THANKS_DELAY)
