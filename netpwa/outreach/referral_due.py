"""Outreach's due item for the notebook's Follow-ups, home count, feed and digest:
"Tell Ana how it went with Bruno", the day after I first met or talked to Bruno, whom Ana
introduced me to. Done logs a message on Ana's timeline; Snooze moves it."""

from datetime import date, timedelta

from sqlalchemy import select
from werkzeug.exceptions import NotFound

from netpwa.contacts.models import Contact
from netpwa.extensions import db
from netpwa.notebook import service as notebook
from netpwa.notebook.service import DueItem
from netpwa.outreach import referrals
from netpwa.outreach.models import ReferralUpdate

KIND = "tell-referrer"
# Like a thank-you: due the day after the meeting.
AFTER = timedelta(days=1)


def _due_on(item: referrals.Pending | referrals.HowItWent) -> date:
    return max(item.since + AFTER, item.snoozed_until or date.min)


def _due(owner_id: int, until: date) -> list[referrals.Pending]:
    found = [p for p in referrals.how_it_went_pending(owner_id) if _due_on(p) <= until]
    found.sort(key=lambda p: (_due_on(p), str(p.contact_id)))
    return found


def _items(owner_id: int, until: date, limit: int) -> list:
    return [DueItem(
        kind=KIND, contact=item.referrer, due_on=_due_on(item),
        title=f"Tell {item.referrer.name} how it went with {item.contact.name}",
        ref=str(item.contact.id), detail=f"They introduced you to {item.contact.name}",
        done_kind="message")
        for item in referrals.with_people(owner_id, _due(owner_id, until)[:limit])]


def _count(owner_id: int, until: date) -> int:
    return min(len(_due(owner_id, until)), 1000)


def _referred(owner_id: int, ref: str) -> Contact:
    if not (ref.isascii() and ref.isdigit()) or len(ref) > 18:
        raise NotFound()
    contact = db.session.scalar(select(Contact).where(
        Contact.owner_id == owner_id, Contact.id == int(ref)))
    if contact is None or referrals.referrer_of(contact) is None:
        raise NotFound()
    return contact


def _done(owner_id: int, ref: str, today: date, kind: str | None = None, text: str = ""):
    referrals.mark_told(owner_id, _referred(owner_id, ref), today, kind=kind or "message",
                        text=text)


def _snooze(owner_id: int, ref: str, until: date) -> None:
    contact = _referred(owner_id, ref)
    row = db.session.scalar(select(ReferralUpdate).where(
        ReferralUpdate.owner_id == owner_id, ReferralUpdate.contact_id == contact.id))
    if row is None:
        row = ReferralUpdate(owner_id=owner_id, contact_id=contact.id)
        db.session.add(row)
    row.snoozed_until = until


# Joins the notebook's due list when outreach is imported (at app start).
notebook.register_due_source(notebook.DueSource(
    kind=KIND, items=_items, count=_count, done=_done, snooze=_snooze, order=40))
