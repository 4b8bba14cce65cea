"""The private calendar feed, made with the `icalendar` library: every due item (follow-ups,
thank-yous, "tell them how it went", …) and upcoming events as all-day events, meetings
scheduled on the timeline (interactions dated after today), and whatever the packages above
add through `register_calendar_source` (interviews adds its informational interviews).

The URL's token is the only key (256 bits, compared as a whole by a unique index lookup);
a new token or turning the feed off makes the old URL answer 404 at once.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from icalendar import Calendar, Event as VEvent
from sqlalchemy import select

from netpwa.events.models import Event
from netpwa.extensions import db, now_utc
from netpwa.outreach import timeline
from netpwa.outreach.models import OutreachProfile, new_feed_token

# How far ahead the feed looks; a calendar app refreshes it every few hours.
HORIZON = timedelta(days=60)
TOKEN_MAX = 64
# Meetings scheduled ahead on the timeline shown per feed (a calendar app needs no more).
SCHEDULED_LIMIT = 500


@dataclass(frozen=True)
class FeedLinks:
    """What a calendar source may need to build its events: the host for UIDs and links
    back into the app (`url(endpoint, **values)` is an absolute URL), made by the view."""

    host: str
    contact: Callable[[int], str]
    url: Callable[..., str]


# A source: (owner_id, today, until, links) -> VEVENTs from today up to `until`. Packages above
# outreach (interviews) register theirs at import time, as with the notebook's due sources.
CalendarSource = Callable[[int, date, date, FeedLinks], Iterable[VEvent]]
_sources: dict[str, CalendarSource] = {}


def register_calendar_source(name: str, source: CalendarSource) -> None:
    """Add events to every feed. Registering a name again replaces it (a reloaded module)."""
    _sources[name] = source


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


def calendar(owner_id: int, today: date, contact_url, host: str, url=None) -> bytes:
    """The feed for one owner. `contact_url(id)` makes a link back to a contact page;
    `url(endpoint, **values)` an absolute link for the registered sources."""
    links = FeedLinks(host=host, contact=contact_url, url=url or (lambda *_a, **_k: ""))
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
    for meeting in timeline.scheduled(owner_id, today, until, SCHEDULED_LIMIT):
        cal.add_component(_event(
            f"interaction-{meeting.uuid}@{host}", meeting.occurred_on,
            f"{meeting.kind_label} with {meeting.contact.name}", stamp,
            contact_url(meeting.contact_id), description=meeting.text))
    events = db.session.scalars(select(Event).where(
        Event.owner_id == owner_id, Event.held_on >= today, Event.held_on <= until)
        .order_by(Event.held_on, Event.id)).all()
    for event in events:
        cal.add_component(_event(f"event-{event.id}@{host}", event.held_on, event.name, stamp,
                                 description=event.place))
    for name in sorted(_sources):
        for component in _sources[name](owner_id, today, until, links):
            cal.add_component(component)
    return cal.to_ical()
