"""Interviews in the notebook's private calendar feed (outreach's `register_calendar_source`):
each upcoming informational interview as the same VEVENT its own .ics file has."""

from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import select

from netpwa.contacts.models import Contact
from netpwa.extensions import db
from netpwa.interviews.ics import interview_event
from netpwa.interviews.models import Interview
from netpwa.outreach.feed import FeedLinks, register_calendar_source

# A calendar app needs no more than this many ahead.
LIMIT = 200


def upcoming(owner_id: int, today: date, until: date, links: FeedLinks) -> list:
    start = datetime.combine(today, time(0), tzinfo=UTC)
    end = datetime.combine(until + timedelta(days=1), time(0), tzinfo=UTC)
    rows = db.session.execute(
        select(Interview, Contact.name).join(Contact, Contact.id == Interview.contact_id)
        .where(Interview.owner_id == owner_id, Interview.deleted_at.is_(None),
               Contact.deleted_at.is_(None), Interview.starts_at >= start,
               Interview.starts_at < end)
        .order_by(Interview.starts_at, Interview.id).limit(LIMIT)).all()
    return [interview_event(interview, name,
                            links.url("interviews.interview_page", interview_id=interview.id))
            for interview, name in rows]


register_calendar_source("interviews", upcoming)
