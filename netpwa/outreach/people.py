"""Picking one of my contacts by the name typed into a form (referrer, intro sides)."""

from dataclasses import dataclass, field

from sqlalchemy import func, select

from netpwa.contacts.vcard import squash
from netpwa.contacts.models import Contact
from netpwa.extensions import db

MAX_CHOICES = 10


@dataclass
class Picked:
    contact: Contact | None = None
    error: str | None = None
    typed: str = ""
    choices: list[Contact] = field(default_factory=list)


def live(owner_id: int, contact_id: int) -> Contact | None:
    return db.session.scalar(select(Contact).where(
        Contact.owner_id == owner_id, Contact.id == contact_id, Contact.deleted_at.is_(None)))


def pick(owner_id: int, form, name: str, *, required: bool = True) -> Picked:
    """The contact chosen in field `name`: by `<name>_id` (a choice offered earlier), else by
    the typed name, matched whole and ignoring case; several matches come back as choices."""
    typed = squash(str(form.get(name, "") or ""))[:200]
    raw_id = str(form.get(f"{name}_id", "") or "")
    if raw_id.isascii() and raw_id.isdigit() and len(raw_id) < 19:
        contact = db.session.scalar(select(Contact).where(
            Contact.owner_id == owner_id, Contact.id == int(raw_id)))
        if contact is None:
            return Picked(error="Pick someone from your contacts.", typed=typed)
        if contact.deleted_at is not None:
            return Picked(error=f"{contact.name} is in the trash. Restore them first.",
                          typed=contact.name)
        return Picked(contact=contact, typed=contact.name)
    if not typed:
        return Picked(error="Type the name of one of your contacts." if required else None)
    matches = db.session.scalars(select(Contact).where(
        Contact.owner_id == owner_id, Contact.deleted_at.is_(None),
        func.lower(Contact.name) == typed.lower()).order_by(Contact.id).limit(MAX_CHOICES)).all()
    if len(matches) == 1:
        return Picked(contact=matches[0], typed=typed)
    if matches:
        return Picked(error=f"Several contacts are called “{typed}”. Pick one.", typed=typed,
                      choices=list(matches))
    trashed = db.session.scalar(select(Contact.id).where(
        Contact.owner_id == owner_id, Contact.deleted_at.is_not(None),
        func.lower(Contact.name) == typed.lower()).limit(1))
    if trashed is not None:
        return Picked(error=f"“{typed}” is in the trash. Restore them first.", typed=typed)
    return Picked(error=f"No contact is called “{typed}”. Check the spelling, or add them "
                        "first.", typed=typed)


def suggestions(owner_id: int, text: str, limit: int = 8) -> list[str]:
    """Names starting with what is typed, for the input's datalist."""
    text = squash(text)[:200]
    if not text:
        return []
    escaped = text.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return list(db.session.scalars(select(Contact.name).where(
        Contact.owner_id == owner_id, Contact.deleted_at.is_(None),
        func.lower(Contact.name).like(escaped + "%", escape="\\"))
        .order_by(func.lower(Contact.name)).distinct().limit(limit)))
