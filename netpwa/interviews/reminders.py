"""The interviews' own due item for the notebook's Follow-ups page: "tell them how their advice
worked out", a month after an informational interview (registered at import, as the notebook's
due registry asks). The thank-you due the next day is the notebook's own: logging the interview
makes it owed."""

from datetime import date

from sqlalchemy import func, select
from werkzeug.exceptions import NotFound

from netpwa.contacts.models import Contact
from netpwa.extensions import db, now_utc
from netpwa.interviews.models import Interview
from netpwa.notebook.due import COUNT_CAP, DueItem, DueSource, register_due_source
from netpwa.notebook.service import log_interaction

KIND = "tell-back"


def _due(owner_id: int, until: date):
    return (select(Interview, Contact).join(Contact, Contact.id == Interview.contact_id)
            .where(Interview.owner_id == owner_id, Interview.deleted_at.is_(None),
                   Contact.deleted_at.is_(None), Interview.held_at.is_not(None),
                   Interview.told_back_at.is_(None), Interview.tell_back_on <= until))


def items(owner_id: int, until: date, limit: int) -> list[DueItem]:
    rows = db.session.execute(_due(owner_id, until)
                              .order_by(Interview.tell_back_on, Interview.id).limit(limit)).all()
    return [DueItem(kind=KIND, contact=contact, due_on=interview.tell_back_on,
                    title=f"Tell {contact.name} how their advice worked out",
                    ref=str(interview.id), done_kind="message",
                    detail=f"Informational interview on {interview.held_at.date().isoformat()}")
            for interview, contact in rows]


def count(owner_id: int, until: date) -> int:
    due = _due(owner_id, until).with_only_columns(Interview.id).limit(COUNT_CAP).subquery()
    return db.session.scalar(select(func.count()).select_from(due)) or 0


def _interview(owner_id: int, ref: str) -> Interview:
    interview = db.session.scalar(select(Interview).where(
        Interview.owner_id == owner_id, Interview.id == (int(ref) if ref.isdigit() else -1),
        Interview.deleted_at.is_(None), Interview.held_at.is_not(None)))
    if interview is None:
        raise NotFound()
    return interview


def done(owner_id: int, ref: str, today: date, kind: str | None = None, text: str = "") -> None:
    interview = _interview(owner_id, ref)
    interview.told_back_at = now_utc()
    log_interaction(owner_id, interview.contact_id, kind or "message",
                    text=text or "Told them how their advice worked out.", today=today,
                    commit=False)


def snooze(owner_id: int, ref: str, until: date) -> None:
    _interview(owner_id, ref).tell_back_on = until


register_due_source(DueSource(kind=KIND, order=30, items=items, count=count, done=done,
                              snooze=snooze))
