"""Who gets a tag and on what stock: the database side of name tags, every query scoped by owner."""

import json
import math
from collections.abc import Callable, Iterator

from sqlalchemy import select

from netpwa.auth.models import User
from netpwa.cards.models import CardProfile
from netpwa.contacts.models import Contact
from netpwa.extensions import db
from netpwa.nametags.attendees import AttendeeList
from netpwa.nametags.layout import TagData
from netpwa.nametags.models import TagBatch, TagCalibration, TagStock
from netpwa.nametags.names import family_sort_key
from netpwa.nametags.stock import LabelStock, StockError, catalogue

MAX_OFFSET_MM = 20.0


def stock_for(owner_id: int, key: str) -> LabelStock | None:
    """A built-in stock, or one this user uploaded; None for anything else."""
    if key in catalogue():
        return catalogue()[key]
    if key.startswith("custom-") and key[7:].isdigit():
        row = db.session.scalar(select(TagStock).where(
            TagStock.id == int(key[7:]), TagStock.owner_id == owner_id))
        if row is not None:
            from_row = LabelStock.from_dict(json.loads(row.geometry_json))
            return LabelStock.from_dict({**from_row.to_dict(), "key": row.key})
    return None


def stocks_for(owner_id: int) -> list[LabelStock]:
    """Every stock this user can print on: the built-in ones, then their uploads."""
    rows = db.session.scalars(select(TagStock).where(TagStock.owner_id == owner_id)
                              .order_by(TagStock.created_at)).all()
    uploaded = [stock for stock in (stock_for(owner_id, row.key) for row in rows) if stock]
    return list(catalogue().values()) + uploaded


def save_stock(owner_id: int, stock: LabelStock) -> TagStock:
    """Keep an uploaded template's geometry. No commit."""
    row = TagStock(owner_id=owner_id, brand=stock.brand, part=stock.part,
                   geometry_json=json.dumps(stock.to_dict()))
    db.session.add(row)
    return row


def offset_for(owner_id: int, stock_key: str) -> tuple[float, float]:
    """The printer offset saved for this stock, (0, 0) until calibrated."""
    row = db.session.scalar(select(TagCalibration).where(
        TagCalibration.owner_id == owner_id, TagCalibration.stock_key == stock_key))
    return (row.offset_x_mm, row.offset_y_mm) if row else (0.0, 0.0)


def parse_offset(raw: str) -> float:
    """A typed offset in mm ("1.5", "-0,5"); StockError with a message when it isn't one."""
    text = (raw or "0").strip().replace(",", ".").replace("−", "-") or "0"
    try:
        value = float(text)
    except ValueError:
        raise StockError("Enter a number of millimetres, like 1.5 or -0.5.") from None
    if not math.isfinite(value) or abs(value) > MAX_OFFSET_MM:
        raise StockError(f"Keep it between -{MAX_OFFSET_MM:g} and {MAX_OFFSET_MM:g} mm: a bigger "
                         "shift means the printer is set to scale the page.")
    return round(value, 2)


def save_offset(owner_id: int, stock_key: str, x: float, y: float) -> None:
    """Remember how far to move tags on this stock. No commit."""
    row = db.session.scalar(select(TagCalibration).where(
        TagCalibration.owner_id == owner_id, TagCalibration.stock_key == stock_key))
    if row is None:
        row = TagCalibration(owner_id=owner_id, stock_key=stock_key)
        db.session.add(row)
    row.offset_x_mm, row.offset_y_mm = x, y


def my_tag_data(user: User, *, company: bool, qr_url_for: Callable[[str], str] | None) -> TagData:
    """My tag from my card profile; just my account name when I haven't made a card."""
    profile = db.session.scalar(select(CardProfile).where(CardProfile.owner_id == user.id))
    if profile is None:
        return TagData(name=user.display_name or user.email.split("@")[0])
    detail = " · ".join(part for part in (profile.headline, profile.company) if part.strip())
    return TagData(name=profile.name.strip() or user.display_name or user.email.split("@")[0],
                   pronouns=profile.pronouns, company=detail if company else "",
                   ask_me_about=profile.ask_me_about, given=profile.preferred_name,
                   qr_url=qr_url_for(profile.slug) if qr_url_for and profile.slug else "")


def contact_tag_data(contact: Contact, *, company: bool) -> TagData:
    detail = " · ".join(part for part in (contact.headline, contact.company) if part.strip())
    return TagData(name=contact.name, company=detail if company else "")


def event_contacts(owner_id: int, event_id: int) -> list[Contact]:
    """The event's own attendee list: the people met there, not deleted, by family name."""
    contacts = db.session.scalars(select(Contact).where(
        Contact.owner_id == owner_id, Contact.event_id == event_id,
        Contact.deleted_at.is_(None))).all()
    return sorted(contacts, key=lambda contact: family_sort_key(contact.name))


def event_tag_data(owner_id: int, event_id: int, *, company: bool) -> Iterator[TagData]:
    for contact in event_contacts(owner_id, event_id):
        yield contact_tag_data(contact, company=company)


def batch_tag_data(batch: TagBatch, *, company: bool) -> Iterator[TagData]:
    for attendee in batch.attendees:
        yield TagData(name=attendee["name"], pronouns=attendee.get("pronouns", ""),
                      company=attendee.get("company", "") if company else "",
                      ask_me_about=attendee.get("ask_me_about", ""), row=attendee.get("row", 0))


def save_batch(owner_id: int, title: str, filename: str, parsed: AttendeeList,
               event_id: int | None) -> TagBatch:
    """Keep an uploaded list. No commit."""
    batch = TagBatch(owner_id=owner_id, event_id=event_id, title=title[:200],
                     filename=filename[:255],
                     attendees_json=json.dumps([a.as_dict() for a in parsed.attendees]),
                     messages_json=json.dumps(parsed.messages))
    db.session.add(batch)
    return batch
