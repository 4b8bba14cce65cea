"""The private calendar feed: due follow-ups, thank-yous, "tell them how it went" and
upcoming events as all-day iCalendar events, made with the `icalendar` library.

The URL's token is the only key (256 bits, compared as a whole by a unique index lookup);
a new token or turning the feed off makes the old URL answer 404 at once.
"""

from datetime import date, datetime, timedelta

from icalendar import Calendar, Event as VEvent
from sqlalchemy import select

from netpwa.events.models import Event
from netpwa.extensions import db, now_utc
from netpwa.outreach import referrals, timeline
from netpwa.outreach.models import OutreachProfile, new_feed_token

# How far ahead the feed looks; a calendar app refreshes it every few hours.
HORIZON = timedelta(days=60)
TOKEN_MAX = 64


def owner_for_token(token: str) -> int | None:
    if not token or len(token) > TOKEN_MAX or not token.isascii():
        return None
    return db.session.scalar(select(OutreachProfile.owner_id).where(
        OutreachProfile.feed_token == token))


def renew_token(settings: OutreachProfile) -> str:
    settings.feed_token = new_feed_token()
    return settings.feed_token


def _event(uid: str, day: date, summary: str, stamp: datetime, url: str | None = None,
           description: str = "") -> VEvent:
    event = VEvent()
    event.add("uid", uid)
    event.add("dtstamp", stamp)
    event.add("dtstart", day)
    event.add("dtend", day + timedelta(days=1))
    event.add("summary", summary)
    event.add("transp", "TRANSPARENT")
    if description:
        event.add("description", description)
    if url:
        event.add("url", url)
    return event


def calendar(owner_id: int, today: date, contact_url, host: str) -> bytes:
    """The feed for one owner. `contact_url(id)` makes a link back to a contact page."""
    stamp = now_utc()
    cal = Calendar()
    cal.add("prodid", "-//netpwa//follow-ups//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", "netpwa follow-ups")
    until = today + HORIZON
    for item in timeline.due(owner_id, today, until):
        cal.add_component(_event(f"{item.kind}-{item.ref}@{host}", item.day, item.title,
                                 stamp, contact_url(item.contact.id)))
    if not timeline.has_notebook():  # with it, "how it went" is one of its due items
        for item in referrals.how_it_went_due(owner_id):
            cal.add_component(_event(
                f"tell-referrer-{item.contact.id}@{host}", today,
                f"Tell {item.referrer.name} how it went with {item.contact.name}", stamp,
                contact_url(item.referrer.id)))
    events = db.session.scalars(select(Event).where(
        Event.owner_id == owner_id, Event.held_on >= today, Event.held_on <= until)
        .order_by(Event.held_on, Event.id)).all()
    for event in events:
        cal.add_component(_event(f"event-{event.id}@{host}", event.held_on, event.name, stamp,
                                 description=event.place))
    return cal.to_ical()
