"""Which people a drill asks about, in which order, with what to show and four names to pick.

A person can be practised when they have a "remember them by" note, or failing that an event
(then the prompt asks by where and when we met). Anyone else is skipped: a bare name gives
nothing to recall it by. Trashed contacts never appear.
"""

import random
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import and_, or_, select

from netpwa.contacts.models import Contact
from netpwa.events.models import Event
from netpwa.extensions import db
from netpwa.recall.models import RecallCard
from netpwa.recall.names import fold, given_name

DECK_SIZE = 20
CHOICES = 4
# After a capture: the last three people, in about ten seconds.
QUICK_COUNT = 3
QUICK_SECONDS = 10
SCOPES = ("due", "event", "again", "last")


@dataclass
class Prompt:
    contact_id: int
    uuid: str
    name: str
    mnemonic: str
    headline: str
    company: str
    event_name: str
    place: str
    met_on: date
    box: int | None
    due: bool
    choices: list[tuple[str, str]] = field(default_factory=list)

    @property
    def given(self) -> str:
        return given_name(self.name)

    @property
    def by_place_only(self) -> bool:
        return not self.mnemonic


def practisable():
    return and_(Contact.deleted_at.is_(None), Contact.name != "",
                or_(Contact.mnemonic != "", Contact.event_id.is_not(None)))


def _rows(owner_id: int, *where, order=(Contact.met_at.desc(),), limit: int | None = None):
    query = (select(Contact, RecallCard, Event)
             .outerjoin(RecallCard, RecallCard.contact_id == Contact.id)
             .outerjoin(Event, Event.id == Contact.event_id)
             .where(Contact.owner_id == owner_id, practisable(), *where)
             .order_by(*order))
    if limit:
        query = query.limit(limit)
    return db.session.execute(query).all()


def _prompt(contact: Contact, card: RecallCard | None, event: Event | None, today: date) -> Prompt:
    return Prompt(contact_id=contact.id, uuid=contact.uuid, name=contact.name,
                  mnemonic=contact.mnemonic, headline=contact.headline, company=contact.company,
                  event_name=event.name if event else "", place=event.place if event else "",
                  met_on=contact.met_at.date(), box=card.box if card else None,
                  due=card is None or card.due_on <= today)


def recurring_event_ids(owner_id: int, target: Event | None = None) -> set[int]:
    """Events whose people I might see again: earlier events sharing the target's name or
    place; without a target, every event that shares a name or place with another one."""
    events = db.session.scalars(select(Event).where(Event.owner_id == owner_id)).all()

    def keys(event: Event) -> set[str]:
        found = {"name:" + fold(event.name)}
        if fold(event.place):
            found.add("place:" + fold(event.place))
        return found

    if target is not None:
        wanted = keys(target)
        return {e.id for e in events
                if e.id != target.id and e.held_on <= target.held_on and keys(e) & wanted}
    seen: dict[str, set[int]] = {}
    for event in events:
        for key in keys(event):
            seen.setdefault(key, set()).add(event.id)
    return {event_id for ids in seen.values() if len(ids) > 1 for event_id in ids}


def build(owner_id: int, today: date, scope: str = "due", *, event: Event | None = None,
          size: int = DECK_SIZE) -> list[Prompt]:
    """The drill: names due today (missed ones first, then never practised, newest first);
    an event's people; people I might see again; or the last few captured."""
    if scope == "last":
        rows = _rows(owner_id, limit=min(size, QUICK_COUNT))
    elif scope == "event" and event is not None:
        rows = _rows(owner_id, Contact.event_id == event.id)
    elif scope == "again":
        ids = recurring_event_ids(owner_id, event)
        rows = _rows(owner_id, Contact.event_id.in_(ids)) if ids else []
    else:
        rows = _rows(owner_id, or_(RecallCard.id.is_(None), RecallCard.due_on <= today))
    prompts = [_prompt(contact, card, ev, today) for contact, card, ev in rows]
    if scope != "last":
        # Missed names (low boxes) first, then the longest overdue; never practised after.
        prompts.sort(key=lambda p: (not p.due, p.box is None, p.box or 0))
    prompts = prompts[:size]
    add_choices(owner_id, prompts, today)
    return prompts


def add_choices(owner_id: int, prompts: list[Prompt], today: date) -> None:
    """Three other people's names beside the right one, the same on a reload that day."""
    pool = db.session.execute(
        select(Contact.uuid, Contact.name)
        .where(Contact.owner_id == owner_id, Contact.deleted_at.is_(None), Contact.name != "")
        .order_by(Contact.met_at.desc()).limit(300)).all()
    for prompt in prompts:
        picker = random.Random(f"{prompt.contact_id}:{today.isoformat()}")
        taken = {fold(prompt.given)}
        others = []
        candidates = [row for row in pool if row.uuid != prompt.uuid]
        picker.shuffle(candidates)
        for row in candidates:
            key = fold(given_name(row.name))
            if key and key not in taken:
                taken.add(key)
                others.append((row.uuid, row.name))
            if len(others) == CHOICES - 1:
                break
        choices = others + [(prompt.uuid, prompt.name)]
        picker.shuffle(choices)
        prompt.choices = choices


def build_one(owner_id: int, contact: Contact, today: date) -> list[Prompt]:
    """The prompt for one person (to ask again after a refused answer)."""
    rows = _rows(owner_id, Contact.id == contact.id)
    prompts = [_prompt(c, card, ev, today) for c, card, ev in rows]
    add_choices(owner_id, prompts, today)
    return prompts
