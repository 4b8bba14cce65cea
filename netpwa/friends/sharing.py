"""Sharing an event, joining by code, leaving, removing, hiding: request-free, tested directly.

Every refusal is a `JoinRefused` with the sentence the person reads; nothing here raises a
500 for anything a person can type or scan.
"""

import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta

from sqlalchemy import select

from netpwa.auth.models import User
from netpwa.events.models import Event
from netpwa.extensions import db, now_utc
from netpwa.formats.text import one_line
from netpwa.friends.board import forget
from netpwa.friends.models import JOINED, LEFT, REMOVED, EventFriend, EventShare, FriendSetting

# 16 random bytes: 22 URL-safe characters, 128 bits, so guessing is hopeless even unthrottled.
CODE_BYTES = 16
CODE_MAX = 64
NAME_MAX = 60
# A link keeps working until two days after the event (late arrivals, the trip home).
OPEN_DAYS_AFTER = 2


WRONG_CODE = ("We couldn't find that join link. Scan the whole code again, or ask your "
              "friend to show it once more.")


class JoinRefused(Exception):
    """A code that can't be used, or a person who can't join: `message` says why."""

    def __init__(self, reason: str, message: str, status: int = 410):
        super().__init__(message)
        self.reason = reason
        self.message = message
        self.status = status


@dataclass(frozen=True)
class Invitation:
    """What a valid code leads to, for the person holding it."""

    share: EventShare
    event: Event
    membership: EventFriend | None  # this person's row, if they were on the board before

    @property
    def is_creator(self) -> bool:
        return self.event.owner_id == self.share.owner_id and self.membership is not None \
            and self.membership.own_event_id == self.event.id

    @property
    def already_joined(self) -> bool:
        return self.membership is not None and self.membership.status == JOINED


def new_code() -> str:
    return secrets.token_urlsafe(CODE_BYTES)


def _expiry(event: Event, now: datetime) -> datetime:
    closes = datetime.combine(event.held_on + timedelta(days=OPEN_DAYS_AFTER), time(), UTC)
    return max(closes, now + timedelta(days=1))


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def display_name(user: User) -> str:
    """The name friends see by default: the account's name, never the email."""
    return one_line(user.display_name or "")[:NAME_MAX] or "A friend"


def live_share(event_id: int, now: datetime | None = None) -> EventShare | None:
    """The event's working code, if any (not turned off, not expired)."""
    now = now or now_utc()
    share = db.session.scalar(select(EventShare).where(
        EventShare.event_id == event_id, EventShare.revoked_at.is_(None))
        .order_by(EventShare.id.desc()).limit(1))
    if share is None or _aware(share.expires_at) <= now:
        return None
    return share


def membership_of(user_id: int, own_event_id: int) -> EventFriend | None:
    """This person's row on the board their own event belongs to (any state)."""
    return db.session.scalar(select(EventFriend).where(
        EventFriend.user_id == user_id, EventFriend.own_event_id == own_event_id)
        .order_by(EventFriend.id.desc()).limit(1))


def share_event(event: Event, *, now: datetime | None = None) -> EventShare:
    """Make a join code for the owner's event (the working one if there is one); the creator
    goes on the board at once. Commits."""
    now = now or now_utc()
    existing = live_share(event.id, now)
    if existing is not None:
        return existing
    if creator_row_id(event) is None:
        owner = db.session.get(User, event.owner_id)
        db.session.add(EventFriend(event_id=event.id, user_id=event.owner_id,
                                   own_event_id=event.id, shown_name=display_name(owner),
                                   status=JOINED, joined_at=now, changed_at=now))
    share = EventShare(owner_id=event.owner_id, event_id=event.id, code=new_code(),
                       created_at=now, expires_at=_expiry(event, now))
    db.session.add(share)
    db.session.commit()
    forget(event.id)
    return share


def creator_row_id(event: Event) -> int | None:
    return db.session.scalar(select(EventFriend.id).where(
        EventFriend.event_id == event.id, EventFriend.user_id == event.owner_id))


def revoke(event: Event, *, now: datetime | None = None) -> bool:
    """Turn off the event's link (the board stays). True if one was on. Commits."""
    now = now or now_utc()
    shares = db.session.scalars(select(EventShare).where(
        EventShare.event_id == event.id, EventShare.revoked_at.is_(None))).all()
    for share in shares:
        share.revoked_at = now
    db.session.commit()
    return bool(shares)


def clean_code(code: str) -> str:
    """A code as scanned or pasted: trimmed; junk refused as a wrong code, never a 500."""
    code = (code or "").strip()
    if not code or len(code) > CODE_MAX or not all(c.isalnum() or c in "-_" for c in code):
        raise JoinRefused("wrong", WRONG_CODE, 404)
    return code


def invitation(code: str, user_id: int, *, now: datetime | None = None) -> Invitation:
    """What the code means for this person, or JoinRefused saying why it can't be used."""
    now = now or now_utc()
    share = db.session.scalar(select(EventShare).where(EventShare.code == clean_code(code)))
    if share is None:
        raise JoinRefused("wrong", WRONG_CODE, 404)
    if share.event_id is None:
        raise JoinRefused("deleted", "The event this link was for has been deleted.")
    event = db.session.get(Event, share.event_id)
    membership = db.session.scalar(select(EventFriend).where(
        EventFriend.event_id == event.id, EventFriend.user_id == user_id))
    if membership is not None and membership.status == REMOVED:
        raise JoinRefused("removed", "The person who shared this event took you off its "
                                     "board, so this link doesn't work for you.", 403)
    if membership is not None and membership.status == JOINED:
        # Already on the board: a second scan just leads there, whatever the code's state.
        return Invitation(share, event, membership)
    if share.revoked_at is not None:
        raise JoinRefused("revoked", "This link was turned off by the person who shared it. "
                                     "Ask them for the new one.")
    if _aware(share.expires_at) <= now:
        raise JoinRefused("expired", "This link has expired: joining closed two days after "
                                     "the event.")
    return Invitation(share, event, membership)


# Direction overrides and isolates: on a board others read, they could make one name look
# like another's ("Bea" written backwards) or flip the count beside it.
BIDI_CONTROLS = dict.fromkeys(map(ord, "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"))


def clean_shown_name(raw: str | None) -> tuple[str, str | None]:
    """The name a joiner shows friends: (cleaned, error message or None)."""
    name = one_line((raw or "").translate(BIDI_CONTROLS))
    if not name:
        return name, "Type the name your friends know you by."
    if len(name) > NAME_MAX:
        return name, f"Keep it under {NAME_MAX} characters."
    return name, None


def join(code: str, user: User, shown_name: str, *, now: datetime | None = None) -> EventFriend:
    """Put the person on the event's board, with an event of their own to count at (their
    current event if it is on the same day and on no other board, else a new one named like
    the shared event), which becomes their current event. Joining twice returns the row as it
    is. Commits."""
    now = now or now_utc()
    found = invitation(code, user.id, now=now)
    if found.already_joined:
        return found.membership
    own = _own_event_for(user, found.event)
    if found.membership is not None:  # left earlier and coming back
        row = found.membership
        row.status, row.changed_at, row.shown_name = JOINED, now, shown_name
        row.own_event_id = own.id
    else:
        row = EventFriend(event_id=found.event.id, user_id=user.id, own_event_id=own.id,
                          shown_name=shown_name, status=JOINED, joined_at=now, changed_at=now)
        db.session.add(row)
    user.current_event_id = own.id
    db.session.commit()
    forget(row.event_id)
    return row


def _own_event_for(user: User, shared: Event) -> Event:
    current = db.session.get(Event, user.current_event_id) if user.current_event_id else None
    if current is not None and current.owner_id == user.id \
            and current.held_on == shared.held_on and not db.session.scalar(
                select(EventFriend.id).where(EventFriend.own_event_id == current.id,
                                             EventFriend.status == JOINED)):
        return current
    # A left row's event is reused, so coming back doesn't split the count in two.
    earlier = db.session.scalar(select(Event).join(
        EventFriend, EventFriend.own_event_id == Event.id).where(
        EventFriend.event_id == shared.id, EventFriend.user_id == user.id))
    if earlier is not None:
        return earlier
    own = Event(owner_id=user.id, name=shared.name, held_on=shared.held_on,
                place=shared.place, goal=shared.goal, challenge_mode=shared.challenge_mode)
    db.session.add(own)
    db.session.flush()
    return own


def leave(membership: EventFriend, *, now: datetime | None = None) -> None:
    """Off the board: nobody sees my name or count there any more. My event and my contacts
    stay mine. Commits."""
    membership.status, membership.changed_at = LEFT, now or now_utc()
    db.session.commit()
    forget(membership.event_id)


def remove(event: Event, member_id: int, *, now: datetime | None = None) -> EventFriend | None:
    """The creator takes someone off the board; they can't join again with any code. None
    when there is no such person on this event's board (or it is the creator). Commits."""
    row = db.session.scalar(select(EventFriend).where(
        EventFriend.id == member_id, EventFriend.event_id == event.id,
        EventFriend.user_id != event.owner_id))
    if row is None:
        return None
    row.status, row.changed_at = REMOVED, now or now_utc()
    db.session.commit()
    forget(row.event_id)
    return row


def is_hidden(user_id: int) -> bool:
    return bool(db.session.scalar(select(FriendSetting.hidden).where(
        FriendSetting.user_id == user_id)))


def set_hidden(user_id: int, hidden: bool) -> None:
    """"Hide me from every board" on or off. Commits."""
    setting = db.session.get(FriendSetting, user_id)
    if setting is None:
        setting = FriendSetting(user_id=user_id, hidden=hidden)
        db.session.add(setting)
    setting.hidden = hidden
    db.session.commit()
    for event_id in db.session.scalars(select(EventFriend.event_id).where(
            EventFriend.user_id == user_id)):
        forget(event_id)


def my_boards(user_id: int) -> list[tuple[EventFriend, Event]]:
    """The boards I am on, with my own event on each, newest first."""
    return list(db.session.execute(
        select(EventFriend, Event).join(Event, Event.id == EventFriend.own_event_id)
        .where(EventFriend.user_id == user_id, EventFriend.status == JOINED)
        .order_by(Event.held_on.desc(), Event.id.desc())))
