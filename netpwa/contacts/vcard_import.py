"""Import .vcf files into contacts: all or nothing, duplicates merged instead of doubled."""

import re
from dataclasses import dataclass, field

from sqlalchemy import select

from netpwa.contacts.duplicates import DuplicateIndex, email_key, fill_blanks, phone_key
from netpwa.contacts.fields import EMAIL_RE, LIMITS, PHONE_RE, clean_contact_fields
from netpwa.contacts.models import Contact, ContactChannel
from netpwa.contacts.photos import Photo, downscale, photo_of, set_photo
from netpwa.contacts.prefill import card_prefill, web_url
from netpwa.contacts.vcard import REMEMBER_NOTE, Channel, ParsedCard, VCardError, read_vcards
from netpwa.extensions import db

MAX_IMPORT_BYTES = 10 * 1024 * 1024
MAX_CHANNELS = 20
URL_LIMIT = 254  # contact_channels.value
TYPE_RE = re.compile(r"^[a-z0-9-]{1,20}$")
FLUSH_EVERY = 500


@dataclass
class ImportReport:
    cards: int = 0
    created: int = 0
    merged: list[str] = field(default_factory=list)
    skipped: int = 0
    # KIND:group cards (a list of people, not a person): named, and not imported.
    groups: list[str] = field(default_factory=list)
    photos: int = 0


def _usable_channels(channels, kind: str) -> list[Channel]:
    pattern = EMAIL_RE if kind == "email" else PHONE_RE
    usable = []
    for channel in channels:
        value = channel.value.strip()
        if pattern.match(value) and len(value) <= LIMITS["email" if kind == "email" else "phone"]:
            types = tuple(t for t in channel.types if TYPE_RE.match(t))[:5]
            usable.append(Channel(value, types))
    return usable[:MAX_CHANNELS]


def _usable_urls(urls) -> list[Channel]:
    """The card's http(s) links that fit a channel, typed as the card typed them."""
    usable = []
    for channel in urls:
        link = web_url(channel.value)
        if link and len(link) <= URL_LIMIT:
            usable.append(Channel(link, tuple(t for t in channel.types if TYPE_RE.match(t))[:5]))
    return usable[:MAX_CHANNELS]


def url_key(value: str) -> str:
    return value.strip().rstrip("/").lower()


def _key(kind: str, value: str) -> str:
    return {"email": email_key, "tel": phone_key}.get(kind, url_key)(value)


def store_channels(owner_id: int, contact_id: int, phones, emails, urls=()) -> None:
    """Keep a contact's typed phones, emails and links (new values only). No commit."""
    existing = db.session.execute(
        select(ContactChannel.kind, ContactChannel.value)
        .where(ContactChannel.owner_id == owner_id, ContactChannel.contact_id == contact_id)).all()
    _add_channels(owner_id, contact_id, phones, emails, existing, urls)


def _add_channels(owner_id: int, contact_id: int, phones, emails, existing=(), urls=()) -> None:
    """Add the usable phones, emails and links that aren't among existing (kind, value) pairs.
    Every link of a card is kept here (the contact's own `link` holds the best one)."""
    seen = {(kind, _key(kind, v)) for kind, v in existing}
    position = len(existing)
    for kind, channels, key in (("tel", _usable_channels(phones, "tel"), phone_key),
                                ("email", _usable_channels(emails, "email"), email_key),
                                ("url", _usable_urls(urls), url_key)):
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


def card_values(card: ParsedCard) -> dict | None:
    """What an imported card stores on the contact, its CATEGORIES as tags."""
    prefill = card_prefill(card)
    if card.categories:
        prefill["tags"] = ", ".join(card.categories)
    if card.mnemonic:
        # Our own export: "remember them by" has its own field again, not a line in the notes.
        prefill["mnemonic"] = card.mnemonic[:LIMITS["mnemonic"]]
        written = f"{REMEMBER_NOTE}{card.mnemonic}"
        if prefill["notes"].startswith(written):
            prefill["notes"] = prefill["notes"][len(written):].lstrip("\n")
    return import_cards_values(prefill)


def import_vcf(owner_id: int, data: bytes) -> ImportReport:
    """Read every card first, then store them in one transaction; VCardError leaves the
    contacts exactly as they were."""
    if len(data) > MAX_IMPORT_BYTES:
        raise VCardError(f"That file is over {MAX_IMPORT_BYTES // (1024 * 1024)} MB. "
                         "Split it into smaller files. Nothing was imported.")
    cards = read_vcards(data)
    report = ImportReport(cards=len(cards))
    people = []
    for card in cards:
        if card.is_group:
            report.groups.append(card.name or "A group without a name")
        else:
            people.append(card)
    # Photos are scaled down before the write transaction: decoding them is the slow part.
    photos: dict[int, Photo] = {}
    for position, card in enumerate(people):
        photo = downscale(card.photo) if card.photo else None
        if photo is not None:
            photos[position] = photo
    index = DuplicateIndex(owner_id)
    pending: list[tuple[Contact, list, list, list]] = []
    try:
        for position, card in enumerate(people):
            values = card_values(card)
            if values is None:
                report.skipped += 1
                continue
            emails = [c.value for c in card.emails]
            phones = [c.value for c in card.phones]
            match = index.match(values, emails, phones, phone_needs_same_name=True)
            if match is not None:
                existing = db.session.get(Contact, match)
                fill_blanks(existing, values)
                store_channels(owner_id, existing.id, card.phones, card.emails, card.urls)
                if position in photos and photo_of(owner_id, existing.id) is None:
                    set_photo(owner_id, existing.id, photos[position])
                    report.photos += 1
                report.merged.append(existing.name)
                continue
            contact = Contact(owner_id=owner_id, source="import", **values)
            db.session.add(contact)
            db.session.flush()
            index.add(contact.id, values, emails, phones)
            pending.append((contact, card.phones, card.emails, card.urls))
            if position in photos:
                set_photo(owner_id, contact.id, photos[position])
                report.photos += 1
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
    for contact, phones, emails, urls in pending:
        _add_channels(owner_id, contact.id, phones, emails, urls=urls)
    pending.clear()
    db.session.flush()
