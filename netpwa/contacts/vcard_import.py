"""Import .vcf files into contacts: all or nothing, duplicates merged instead of doubled."""

import re
from dataclasses import dataclass, field

from sqlalchemy import select

from netpwa.contacts.duplicates import DuplicateIndex, email_key, fill_blanks, phone_key
from netpwa.contacts.fields import EMAIL_RE, LIMITS, PHONE_RE, clean_contact_fields
from netpwa.contacts.models import Contact, ContactChannel
from netpwa.contacts.prefill import card_prefill
from netpwa.contacts.vcard import Channel, VCardError, read_vcards
from netpwa.extensions import db

MAX_IMPORT_BYTES = 10 * 1024 * 1024
MAX_CHANNELS = 20
TYPE_RE = re.compile(r"^[a-z0-9-]{1,20}$")
FLUSH_EVERY = 500


@dataclass
class ImportReport:
    cards: int = 0
    created: int = 0
    merged: list[str] = field(default_factory=list)
    skipped: int = 0


def _usable_channels(channels, kind: str) -> list[Channel]:
    pattern = EMAIL_RE if kind == "email" else PHONE_RE
    usable = []
    for channel in channels:
        value = channel.value.strip().lower() if kind == "email" else channel.value.strip()
        if pattern.match(value) and len(value) <= LIMITS["email" if kind == "email" else "phone"]:
            types = tuple(t for t in channel.types if TYPE_RE.match(t))[:5]
            usable.append(Channel(value, types))
    return usable[:MAX_CHANNELS]


def store_channels(owner_id: int, contact_id: int, phones, emails) -> None:
    """Keep a contact's typed phones and emails (new values only). No commit."""
    existing = db.session.execute(
        select(ContactChannel.kind, ContactChannel.value)
        .where(ContactChannel.owner_id == owner_id, ContactChannel.contact_id == contact_id)).all()
    seen = {(kind, email_key(v) if kind == "email" else phone_key(v)) for kind, v in existing}
    position = len(existing)
    for kind, channels, key in (("tel", _usable_channels(phones, "tel"), phone_key),
                                ("email", _usable_channels(emails, "email"), email_key)):
        for channel in channels:
            if (kind, key(channel.value)) in seen:
                continue
            seen.add((kind, key(channel.value)))
            db.session.add(ContactChannel(owner_id=owner_id, contact_id=contact_id, kind=kind,
                                          value=channel.value, types=",".join(channel.types),
                                          position=position))
            position += 1


def import_cards_values(prefill: dict) -> dict | None:
    """A card's prefill cleaned for storing; fields that don't validate are dropped."""
    values, errors = clean_contact_fields(prefill, partial=False)
    if "name" in errors:
        return None
    for name in errors:
        values.pop(name, None)
    return values


def import_vcf(owner_id: int, data: bytes) -> ImportReport:
    """Read every card first, then store them in one transaction; VCardError leaves the
    contacts exactly as they were."""
    if len(data) > MAX_IMPORT_BYTES:
        raise VCardError(f"That file is over {MAX_IMPORT_BYTES // (1024 * 1024)} MB. "
                         "Split it into smaller files. Nothing was imported.")
    cards = read_vcards(data)
    report = ImportReport(cards=len(cards))
    index = DuplicateIndex(owner_id)
    pending: list[tuple[Contact, list, list]] = []
    try:
        for card in cards:
            values = import_cards_values(card_prefill(card))
            if values is None:
                report.skipped += 1
                continue
            emails = [c.value for c in card.emails]
            phones = [c.value for c in card.phones]
            match = index.match(values, emails, phones, phone_needs_same_name=True)
            if match is not None:
                existing = db.session.get(Contact, match)
                fill_blanks(existing, values)
                store_channels(owner_id, existing.id, card.phones, card.emails)
                report.merged.append(existing.name)
                continue
            contact = Contact(owner_id=owner_id, source="import", **values)
            db.session.add(contact)
            db.session.flush()
            index.add(contact.id, values, emails, phones)
            pending.append((contact, card.phones, card.emails))
            report.created += 1
            if len(pending) >= FLUSH_EVERY:
                _store_pending(owner_id, pending)
        _store_pending(owner_id, pending)
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return report


def _store_pending(owner_id: int, pending: list) -> None:
    for contact, phones, emails in pending:
        seen_tel, seen_email = set(), set()
        position = 0
        for kind, channels, key, seen in (("tel", _usable_channels(phones, "tel"), phone_key,
                                           seen_tel),
                                          ("email", _usable_channels(emails, "email"), email_key,
                                           seen_email)):
            for channel in channels:
                if key(channel.value) in seen:
                    continue
                seen.add(key(channel.value))
                db.session.add(ContactChannel(owner_id=owner_id, contact_id=contact.id,
                                              kind=kind, value=channel.value,
                                              types=",".join(channel.types), position=position))
                position += 1
    pending.clear()
    db.session.flush()
