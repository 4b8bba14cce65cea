"""Referrals: who introduced me to whom, kept loop-free, and "tell them how it went".

Request-free. A `referrals` row says who introduced me to a contact; a chain is walked from
the referrer upwards, so a loop (A by B, B by A, or longer) is refused before it is stored.
"""

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import and_, exists, func, select
from sqlalchemy.orm import aliased

from netpwa.contacts.models import Contact
from netpwa.extensions import db
from netpwa.outreach import timeline
from netpwa.outreach.models import Referral, ReferralUpdate


def _live(owner_id: int, model=Contact):
    return (model.owner_id == owner_id) & model.deleted_at.is_(None)


def referrer_of(contact: Contact) -> Contact | None:
    """Who introduced me to this contact (even if they are in the trash now)."""
    return db.session.scalar(select(Contact).join(
        Referral, Referral.referrer_id == Contact.id).where(
        Referral.owner_id == contact.owner_id, Referral.contact_id == contact.id))


def _parents(owner_id: int) -> dict[int, int]:
    """contact id -> referrer id, for every referral of the owner (a few rows)."""
    return dict(db.session.execute(select(Referral.contact_id, Referral.referrer_id).where(
        Referral.owner_id == owner_id)).all())


def loop_error(contact: Contact, referrer: Contact) -> str | None:
    """Why `referrer` can't have introduced `contact`, or None."""
    if referrer.id == contact.id:
        return f"{contact.name} can't have introduced themselves."
    parents = _parents(contact.owner_id)
    path, current = [referrer.id], referrer.id
    while current in parents and len(path) <= len(parents):
        current = parents[current]
        path.append(current)
        if current == contact.id:
            names = dict(db.session.execute(select(Contact.id, Contact.name).where(
                Contact.owner_id == contact.owner_id, Contact.id.in_(path))).all())
            chain = " → ".join(names[i] for i in reversed(path))
            return (f"That would make a loop: {contact.name} already led you to "
                    f"{referrer.name} ({chain}). Change one of them first.")
    return None


def set_referrer(contact: Contact, referrer: Contact | None) -> str | None:
    """Link (or unlink, with None) who introduced me to `contact`. Error text, or None. No commit."""
    row = db.session.scalar(select(Referral).where(
        Referral.owner_id == contact.owner_id, Referral.contact_id == contact.id))
    if referrer is None:
        if row is not None:
            db.session.delete(row)
        return None
    if referrer.owner_id != contact.owner_id:
        raise ValueError("a referrer from another account")
    if referrer.deleted_at is not None:
        return f"{referrer.name} is in the trash. Restore them first."
    error = loop_error(contact, referrer)
    if error:
        return error
    if row is None:
        db.session.add(Referral(owner_id=contact.owner_id, contact_id=contact.id,
                                referrer_id=referrer.id))
    elif row.referrer_id != referrer.id:
        row.referrer_id = referrer.id
        # A new referrer gets their own "tell them how it went".
        db.session.execute(ReferralUpdate.__table__.delete().where(
            ReferralUpdate.contact_id == contact.id))
    return None


def referrer_names(owner_id: int) -> dict[int, str]:
    """contact id -> the name of who introduced me to them (the export's "Introduced by")."""
    return dict(db.session.execute(select(Referral.contact_id, Contact.name).join(
        Contact, Contact.id == Referral.referrer_id).where(
        Referral.owner_id == owner_id, Contact.owner_id == owner_id)).all())


def introduced_to(contact: Contact) -> list[Contact]:
    """Whom this contact introduced me to (live ones), by name."""
    return list(db.session.scalars(select(Contact).join(
        Referral, Referral.contact_id == Contact.id).where(
        _live(contact.owner_id), Referral.referrer_id == contact.id)
        .order_by(Contact.name, Contact.id)))


@dataclass
class Node:
    contact: Contact
    children: list["Node"] = field(default_factory=list)
    # People this one introduced me to who are left out of the page (see chains()).
    more: int = 0


@dataclass
class Chains:
    """The biggest chains, as trees from the first referrer down, and how many there are."""

    roots: list[Node]
    total: int

    def __bool__(self) -> bool:
        return bool(self.roots)

    def __iter__(self):
        return iter(self.roots)


# The Referrals page shows the biggest chains and at most this many people in them: a page of
# thousands of names helps nobody, and everyone stays one tap away on their contact page.
MAX_CHAINS = 20
MAX_PEOPLE = 200


def chains(owner_id: int) -> Chains:
    """Referral chains as trees from the first referrer down, biggest first; a trashed person
    drops out and whom they introduced starts a chain of their own.

    The trees are shaped from ids and names alone; whole contacts are loaded only for the
    people shown (breadth first, up to MAX_PEOPLE in the MAX_CHAINS biggest chains), so
    thousands of referrals cost a few ms."""
    parents = _parents(owner_id)
    ids = set(parents) | set(parents.values())
    names = dict(db.session.execute(select(Contact.id, Contact.name).where(
        _live(owner_id), Contact.id.in_(ids))).all()) if ids else {}
    children: dict[int, list[int]] = {}
    roots = []
    for contact_id in names:
        parent = parents.get(contact_id)
        if parent in names:
            children.setdefault(parent, []).append(contact_id)
        else:
            roots.append(contact_id)

    def order(contact_id: int):
        return names[contact_id].lower(), contact_id

    sizes: dict[int, int] = {}
    for root in roots:
        stack, seen = [root], []
        while stack:  # iteratively: a chain can be thousands deep
            current = stack.pop()
            seen.append(current)
            stack.extend(children.get(current, ()))
        for current in reversed(seen):
            sizes[current] = 1 + sum(sizes[child] for child in children.get(current, ()))
    roots = sorted((root for root in roots if children.get(root)),
                   key=lambda root: (-sizes[root], *order(root)))
    shown, queue = [], list(roots[:MAX_CHAINS])
    while queue and len(shown) < MAX_PEOPLE:
        current = queue.pop(0)
        shown.append(current)
        queue.extend(sorted(children.get(current, ()), key=order))
    people = {c.id: c for c in db.session.scalars(select(Contact).where(
        _live(owner_id), Contact.id.in_(shown)))} if shown else {}
    # Someone trashed between the two reads (PostgreSQL reads each statement afresh) is left out.
    nodes = {contact_id: Node(people[contact_id]) for contact_id in shown if contact_id in people}
    for contact_id, node in nodes.items():
        kids = sorted(children.get(contact_id, ()), key=order)
        node.children = [nodes[kid] for kid in kids if kid in nodes]
        node.more = len(kids) - len(node.children)
    return Chains([nodes[root] for root in roots[:MAX_CHAINS] if root in nodes], len(roots))


def introduced_nobody(owner_id: int, limit: int = 30) -> tuple[list[Contact], int]:
    """People who haven't introduced me to anyone yet (most recently in touch first): the
    ones to ask "who else should I talk to?". Returns a page and the total."""
    referred = aliased(Contact)
    # No owner test inside: the referrer is the outer, owned contact, so its referrals are the
    # owner's; with one, SQLite read all the owner's referrals for each contact (1.4 s at 10,000).
    nobody = ~exists().where(and_(Referral.referrer_id == Contact.id,
                                  referred.id == Referral.contact_id,
                                  referred.deleted_at.is_(None)))
    total = db.session.scalar(select(func.count()).select_from(Contact).where(
        _live(owner_id), nobody))
    rows = db.session.scalars(select(Contact).where(_live(owner_id), nobody).order_by(
        Contact.last_contacted_at.desc().nulls_last(), Contact.met_at.desc(), Contact.id.desc())
        .limit(limit)).all()
    return list(rows), total or 0


@dataclass(frozen=True)
class HowItWent:
    """A reminder on `referrer`: tell them how meeting `contact` went."""

    referrer: Contact
    contact: Contact
    since: date
    snoozed_until: date | None = None


@dataclass(frozen=True)
class Pending:
    """A referrer to tell how it went, by ids: `contact_id` is the person they introduced me
    to, `since` the latest day I met or talked to that person."""

    contact_id: int
    referrer_id: int
    since: date
    snoozed_until: date | None


def how_it_went_pending(owner_id: int, referrer_id: int | None = None) -> list[Pending]:
    """Referrers to tell how it went, in one query and without loading a contact (the due
    count on every home screen reads this): I have met or talked to the person they referred
    me to, and haven't said "Told them" yet. By referred contact id."""
    referred, referrer = aliased(Contact), aliased(Contact)
    since = timeline.latest_spoken_on(owner_id, Referral.contact_id)
    query = (select(Referral.contact_id, Referral.referrer_id, since,
                    ReferralUpdate.snoozed_until)
             .join(referred, referred.id == Referral.contact_id)
             .join(referrer, referrer.id == Referral.referrer_id)
             .outerjoin(ReferralUpdate, ReferralUpdate.contact_id == Referral.contact_id)
             .where(Referral.owner_id == owner_id, _live(owner_id, referred),
                    referrer.deleted_at.is_(None), ReferralUpdate.told_on.is_(None)))
    if referrer_id is not None:
        query = query.where(Referral.referrer_id == referrer_id)
    rows = db.session.execute(query.order_by(Referral.contact_id)).all()
    return [Pending(contact_id, ref_id, day, snoozed)
            for contact_id, ref_id, day, snoozed in rows if day is not None]


def with_people(owner_id: int, pending: list[Pending]) -> list[HowItWent]:
    """The reminders for these, with both people loaded (one query); one whose person was
    deleted since `pending` was read is left out."""
    ids = {p.contact_id for p in pending} | {p.referrer_id for p in pending}
    people = {c.id: c for c in db.session.scalars(select(Contact).where(
        Contact.owner_id == owner_id, Contact.id.in_(ids)))} if ids else {}
    return [HowItWent(people[p.referrer_id], people[p.contact_id], p.since, p.snoozed_until)
            for p in pending if p.referrer_id in people and p.contact_id in people]


def how_it_went_due(owner_id: int, referrer_id: int | None = None) -> list[HowItWent]:
    """Referrers to tell how it went, people loaded."""
    return with_people(owner_id, how_it_went_pending(owner_id, referrer_id))


def mark_told(owner_id: int, contact: Contact, today: date, *, kind: str = "message",
              text: str = "") -> Contact | None:
    """I told the referrer how it went: log it on their timeline, end the reminder.
    Returns the referrer (None if there was nothing to do). No commit."""
    referrer = referrer_of(contact)
    if referrer is None or referrer.deleted_at is not None:
        return None
    row = db.session.scalar(select(ReferralUpdate).where(
        ReferralUpdate.owner_id == owner_id, ReferralUpdate.contact_id == contact.id))
    if row is not None and row.told_on is not None:
        return None
    if row is None:
        row = ReferralUpdate(owner_id=owner_id, contact_id=contact.id)
        db.session.add(row)
    row.told_on = today
    timeline.log(owner_id, referrer, kind,
                 text or f"Told them how it went with {contact.name}")
    return referrer
