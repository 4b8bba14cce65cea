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

    @property
    def size(self) -> int:
        return 1 + sum(child.size for child in self.children)


def chains(owner_id: int) -> list[Node]:
    """Every referral chain as a tree from the first referrer down, biggest first.

    Reads only the contacts that take part in a referral (a few, even among 10,000); a
    trashed person drops out and whom they introduced starts a chain of their own."""
    parents = _parents(owner_id)
    ids = set(parents) | set(parents.values())
    people = {c.id: c for c in db.session.scalars(select(Contact).where(
        _live(owner_id), Contact.id.in_(ids)))} if ids else {}
    nodes = {contact_id: Node(contact) for contact_id, contact in people.items()}
    roots = []
    for contact_id, node in nodes.items():
        parent = nodes.get(parents.get(contact_id))
        (parent.children if parent is not None else roots).append(node)
    for node in nodes.values():
        node.children.sort(key=lambda n: (n.contact.name.lower(), n.contact.id))
    roots = [root for root in roots if root.children]
    roots.sort(key=lambda n: (-n.size, n.contact.name.lower(), n.contact.id))
    return roots


def introduced_nobody(owner_id: int, limit: int = 30) -> tuple[list[Contact], int]:
    """People who haven't introduced me to anyone yet (most recently in touch first): the
    ones to ask "who else should I talk to?". Returns a page and the total."""
    referred = aliased(Contact)
    nobody = ~exists().where(and_(Referral.referrer_id == Contact.id,
                                  Referral.owner_id == owner_id,
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


def how_it_went_due(owner_id: int, referrer_id: int | None = None) -> list[HowItWent]:
    """Referrers to tell how it went: I have met or talked to the person they referred me to,
    and haven't said "Told them" yet."""
    referrer = aliased(Contact)
    query = (select(Contact, referrer, ReferralUpdate.snoozed_until)
             .join(Referral, Referral.contact_id == Contact.id)
             .join(referrer, referrer.id == Referral.referrer_id)
             .outerjoin(ReferralUpdate, ReferralUpdate.contact_id == Contact.id)
             .where(_live(owner_id), referrer.deleted_at.is_(None),
                    ReferralUpdate.told_on.is_(None)))
    if referrer_id is not None:
        query = query.where(Referral.referrer_id == referrer_id)
    rows = db.session.execute(query.order_by(Contact.id)).all()
    spoken = timeline.spoken(owner_id, [contact.id for contact, _, _ in rows])
    return [HowItWent(ref, contact, spoken[contact.id], snoozed)
            for contact, ref, snoozed in rows if contact.id in spoken]


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
