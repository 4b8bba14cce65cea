"""Is this person already a contact? Matched by email, phone or profile URL; merged, not doubled."""

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from sqlalchemy import select

from netpwa.contacts import service
from netpwa.contacts.models import Contact, ContactChannel
from netpwa.extensions import db
from netpwa.formats.links import with_scheme

MERGE_FIELDS = ("name", "headline", "company", "email", "phone", "link", "notes")
# Phone numbers match on their last digits, so "+44 7700 900123" finds "07700 900123".
PHONE_TAIL = 9


def email_key(value: str | None) -> str:
    return (value or "").strip().lower()


def phone_key(value: str | None) -> str:
    digits = re.sub(r"\D", "", value or "")
    if len(digits) < 6:
        return ""
    return digits[-PHONE_TAIL:]


def link_key(value: str | None) -> str:
    """A profile URL without scheme, www, query or trailing slash; "" for a bare homepage,
    which colleagues share and so proves nothing about who someone is."""
    text = with_scheme(value or "")
    if not text:
        return ""
    parts = urlsplit(text)
    host = (parts.hostname or "").lower().removeprefix("www.")
    path = parts.path.rstrip("/")
    if not host or not path:
        return ""
    return f"{host}{path.lower() if 'linkedin.com' in host else path}"


def _keys(email="", phone="", link="") -> list[str]:
    keys = []
    if email_key(email):
        keys.append("e:" + email_key(email))
    if phone_key(phone):
        keys.append("p:" + phone_key(phone))
    if link_key(link):
        keys.append("l:" + link_key(link))
    return keys


def name_key(value: str | None) -> str:
    return " ".join((value or "").casefold().split())


class DuplicateIndex:
    """Every match key of one owner's live contacts, loaded in two queries (for imports of
    thousands of cards); add() makes a just-imported card findable by the next one."""

    def __init__(self, owner_id: int):
        self._by_key: dict[str, tuple[int, str]] = {}
        rows = db.session.execute(
            select(Contact.id, Contact.name, Contact.email, Contact.phone, Contact.link)
            .where(Contact.owner_id == owner_id, Contact.deleted_at.is_(None))
            .order_by(Contact.id)).all()
        names = {}
        for contact_id, name, email, phone, link in rows:
            names[contact_id] = name
            self._remember(contact_id, name, _keys(email, phone, link))
        channels = db.session.execute(
            select(ContactChannel.contact_id, ContactChannel.kind, ContactChannel.value)
            .where(ContactChannel.owner_id == owner_id)).all()
        for contact_id, kind, value in channels:
            # Extra links (a company homepage, a blog) are shared by colleagues: not a match.
            if contact_id in names and kind in ("email", "tel"):
                self._remember(contact_id, names[contact_id], _keys(
                    **{"email" if kind == "email" else "phone": value}))

    def _remember(self, contact_id: int, name: str, keys: list[str]) -> None:
        for key in keys:
            self._by_key.setdefault(key, (contact_id, name_key(name)))

    def match(self, values: dict, extra_emails=(), extra_phones=(), *,
              phone_needs_same_name: bool = False) -> int | None:
        """The id of the first contact sharing an email, phone or profile URL.

        With phone_needs_same_name a shared phone counts only under the same name: address
        books hold family members and colleagues behind one landline or switchboard.
        """
        keys = _keys(values.get("email"), values.get("phone"), values.get("link"))
        keys += [k for e in extra_emails for k in _keys(email=e)]
        keys += [k for p in extra_phones for k in _keys(phone=p)]
        for key in keys:
            if key not in self._by_key:
                continue
            contact_id, stored_name = self._by_key[key]
            if key.startswith("p:") and phone_needs_same_name and stored_name != name_key(
                    values.get("name")):
                continue
            return contact_id
        return None

    def add(self, contact_id: int, values: dict, extra_emails=(), extra_phones=()) -> None:
        name = values.get("name", "")
        self._remember(contact_id, name, _keys(values.get("email"), values.get("phone"),
                                               values.get("link")))
        for email in extra_emails:
            self._remember(contact_id, name, _keys(email=email))
        for phone in extra_phones:
            self._remember(contact_id, name, _keys(phone=phone))


def find_duplicate(owner_id: int, values: dict, extra_emails=(), extra_phones=()
                   ) -> Contact | None:
    """The owner's live contact this person already is, if any."""
    contact_id = DuplicateIndex(owner_id).match(values, extra_emails, extra_phones)
    return db.session.get(Contact, contact_id) if contact_id else None


def matched_by(contact: Contact, values: dict) -> list[str]:
    """Which of email, phone, profile link made the match (for the merge offer)."""
    reasons = []
    if email_key(values.get("email")) and email_key(values.get("email")) == email_key(
            contact.email):
        reasons.append("email")
    if phone_key(values.get("phone")) and phone_key(values.get("phone")) == phone_key(
            contact.phone):
        reasons.append("phone")
    if link_key(values.get("link")) and link_key(values.get("link")) == link_key(contact.link):
        reasons.append("profile link")
    return reasons or ["another email or phone on their card"]


@dataclass(frozen=True)
class FieldChange:
    field: str
    old: str
    new: str

    @property
    def fills_blank(self) -> bool:
        return not self.old


def merge_plan(contact: Contact, values: dict) -> list[FieldChange]:
    """The fields where the scanned values differ from the stored contact."""
    changes = []
    for field in MERGE_FIELDS:
        new = (values.get(field) or "").strip()
        old = getattr(contact, field) or ""
        if new and new != old and not (field == "notes" and new in old):
            changes.append(FieldChange(field, old, new))
    return changes


def apply_merge(contact: Contact, values: dict, fields) -> list[str]:
    """Take the chosen fields from the scan; notes are appended, never replaced. No commit.

    Every overwritten value is kept in the contact's history (service.apply_changes).
    """
    chosen = {}
    for change in merge_plan(contact, values):
        if change.field not in fields:
            continue
        if change.field == "notes" and change.old:
            chosen["notes"] = f"{change.old}\n\n{change.new}"
        else:
            chosen[change.field] = change.new
    return service.apply_changes(contact, chosen, origin="scan")


def fill_blanks(contact: Contact, values: dict) -> list[str]:
    """Merge without asking: only empty fields are filled, notes appended. No commit."""
    return apply_merge(contact, values, [c.field for c in merge_plan(contact, values)
                                         if c.fills_blank or c.field == "notes"])
