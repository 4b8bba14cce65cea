"""Export contacts as vCard 3.0, with the phone and email types their cards came with."""

from collections import defaultdict

from sqlalchemy import select

from netpwa.contacts.duplicates import email_key, phone_key
from netpwa.contacts.models import Contact, ContactChannel, ContactPhoto
from netpwa.contacts.vcard import REMEMBER_NOTE, Channel, VCardEntry, write_vcard
from netpwa.contacts.vcard_import import url_key
from netpwa.extensions import db


def _channels(primary: str, stored: list[ContactChannel], key) -> list[Channel]:
    """The contact's own value first, typed as stored; then the other stored values."""
    out = []
    if primary:
        typed = next((c for c in stored if key(c.value) == key(primary)), None)
        out.append(Channel(primary, typed.type_list if typed else ()))
    seen = {key(primary)} if primary else set()
    for channel in stored:
        if key(channel.value) not in seen:
            seen.add(key(channel.value))
            out.append(Channel(channel.value, channel.type_list))
    return out


def contact_entry(contact: Contact, stored: list[ContactChannel],
                  photo: bytes | None = None) -> VCardEntry:
    """One contact as a vCard entry: its own phone, email and link first, then the others."""
    return VCardEntry(
        name=contact.name, org=contact.company, title=contact.headline,
        phones=_channels(contact.phone, [c for c in stored if c.kind == "tel"], phone_key),
        emails=_channels(contact.email, [c for c in stored if c.kind == "email"], email_key),
        urls=_channels(contact.link, [c for c in stored if c.kind == "url"], url_key),
        photo=photo,
        note="\n\n".join(part for part in (
            contact.mnemonic and f"{REMEMBER_NOTE}{contact.mnemonic}", contact.notes) if part),
        mnemonic=contact.mnemonic,
        categories=contact.tag_list)


def export_contacts(owner_id: int) -> str:
    """Every live contact of the owner, oldest first, in one .vcf text."""
    contacts = db.session.scalars(
        select(Contact).where(Contact.owner_id == owner_id, Contact.deleted_at.is_(None))
        .order_by(Contact.met_at, Contact.id)).all()
    by_contact: dict[int, list[ContactChannel]] = defaultdict(list)
    for channel in db.session.scalars(
            select(ContactChannel).where(ContactChannel.owner_id == owner_id)
            .order_by(ContactChannel.contact_id, ContactChannel.position)):
        by_contact[channel.contact_id].append(channel)
    with_photo = set(db.session.scalars(select(ContactPhoto.contact_id).where(
        ContactPhoto.owner_id == owner_id)))
    out = []
    for contact in contacts:
        # One photo at a time, so a thousand photos never sit in memory together.
        photo = db.session.scalar(select(ContactPhoto.jpeg).where(
            ContactPhoto.owner_id == owner_id, ContactPhoto.contact_id == contact.id)
        ) if contact.id in with_photo else None
        out.append(write_vcard(contact_entry(contact, by_contact[contact.id], photo)))
    return "".join(out)
