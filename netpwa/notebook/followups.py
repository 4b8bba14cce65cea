"""The notebook's own due items: follow-ups from each contact's cadence, and thank-yous owed
after meeting someone. Both live on the contact row (follow_up_by, thank_by), each read
through an (owner_id, date) index."""

from datetime import date

from sqlalchemy import func, select
from werkzeug.exceptions import NotFound

from netpwa.contacts.models import Contact
from netpwa.extensions import db, now_utc
from netpwa.notebook import timeline
from netpwa.notebook.due import COUNT_CAP, DueItem, DueSource, register_due_source


def _contact(owner_id: int, ref: str) -> Contact:
    try:
        contact_id = int(ref)
    except (TypeError, ValueError):
        raise NotFound() from None
    return timeline.live_contact(owner_id, contact_id)


def _items(column, kind: str, title: str, done_kind: str):
    def items(owner_id: int, until: date, limit: int) -> list[DueItem]:
        rows = db.session.scalars(select(Contact).where(
            Contact.owner_id == owner_id, Contact.deleted_at.is_(None), column <= until)
            .order_by(column, Contact.id).limit(limit))
        return [DueItem(kind=kind, contact=c, due_on=getattr(c, column.key),
                        title=title.format(name=c.name), ref=str(c.id), done_kind=done_kind,
                        detail=c.headline or c.company) for c in rows]
    return items


def _count(column):
    def count(owner_id: int, until: date) -> int:
        # Counting stops at COUNT_CAP: past that the number says "a lot" just as well, and
        # the cost stays flat however many contacts are overdue.
        due = (select(Contact.id).where(Contact.owner_id == owner_id,
                                        Contact.deleted_at.is_(None), column <= until)
               .limit(COUNT_CAP).subquery())
        return db.session.scalar(select(func.count()).select_from(due)) or 0
    return count


def _done(default_kind: str):
    def done(owner_id: int, ref: str, today: date, kind: str | None = None,
             text: str = "") -> None:
        contact = _contact(owner_id, ref)
        timeline.log_interaction(owner_id, contact.id, kind or default_kind, text=text,
                                 today=today, commit=False)
    return done


def _snooze(field: str):
    def snooze(owner_id: int, ref: str, until: date) -> None:
        contact = _contact(owner_id, ref)
        setattr(contact, field, until)
        contact.updated_at = now_utc()
    return snooze


register_due_source(DueSource(
    kind="thank-you", order=10,
    items=_items(Contact.thank_by, "thank-you", "Thank {name}", "thanks"),
    count=_count(Contact.thank_by), done=_done("thanks"), snooze=_snooze("thank_by")))
register_due_source(DueSource(
    kind="follow-up", order=20,
    items=_items(Contact.follow_up_by, "follow-up", "Follow up with {name}", "message"),
    count=_count(Contact.follow_up_by), done=_done("message"), snooze=_snooze("follow_up_by")))
