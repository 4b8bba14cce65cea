"""Inline editing, one field at a time: which fields, how a typed value is read and checked.

Request-free: the views hand in the posted form and the owner's event ids, and get back the
values for `service.apply_changes`, the errors, and what to show in the input again.
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime, time

from netpwa.contacts.fields import clean_contact_fields
from netpwa.contacts.models import Contact
from netpwa.formats.dates import format_mss, parse_day, parse_mss

DATE_MESSAGE = "Use a date like 2026-12-31."
CHAT_MESSAGE = "Use minutes:seconds like 2:30, or a number of seconds."
# A date typed for "last contacted" is stored at noon UTC: the same calendar day everywhere
# from UTC-11 to UTC+11, so it never shows as the day before.
NOON = time(12, 0, tzinfo=UTC)


@dataclass(frozen=True)
class InlineField:
    name: str
    label: str
    kind: str
    hint: str = ""
    autocomplete: str = "off"


FIELDS = {field.name: field for field in (
    InlineField("name", "Name", "text", autocomplete="name"),
    InlineField("headline", "What they do / where from", "text"),
    InlineField("company", "Company", "text", autocomplete="organization"),
    InlineField("mnemonic", "Remember them by", "text", "“rhymes with…”, “the one who…”"),
    InlineField("email", "Email", "email", autocomplete="email"),
    InlineField("phone", "Phone", "tel", autocomplete="tel"),
    InlineField("link", "Profile link", "url", autocomplete="url"),
    InlineField("tags", "Tags", "tags", "Comma-separated, e.g. python, hiring"),
    InlineField("notes", "Notes", "textarea"),
    InlineField("event_id", "Event", "event"),
    InlineField("met_at", "Met on", "date"),
    InlineField("chat_seconds", "Chat length", "chat", "Minutes:seconds, e.g. 2:30"),
    InlineField("follow_up", "Must follow up", "star"),
    InlineField("last_contacted_at", "Last contacted", "date"),
    InlineField("follow_up_by", "Follow up by", "date"),
)}
DETAIL_FIELDS = ("name", "headline", "company", "mnemonic", "email", "phone", "link", "tags",
                 "event_id", "met_at", "chat_seconds")
FOLLOW_UP_FIELDS = ("follow_up", "last_contacted_at", "follow_up_by")


def typed_value(contact: Contact, field: InlineField) -> str:
    """What the edit input starts with: the stored value as the person would type it."""
    value = getattr(contact, field.name)
    if field.kind == "tags":
        return ", ".join(contact.tag_list)
    if field.kind == "chat":
        return format_mss(value)
    if field.kind == "event":
        return str(value or "")
    if field.kind == "star":
        return "1" if value else ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return "" if value is None else str(value)


def _clean_chat(raw: str) -> tuple[dict, dict]:
    minutes_seconds = parse_mss(raw)
    seconds = raw if minutes_seconds is None else str(minutes_seconds)
    values, errors = clean_contact_fields({"chat_seconds": seconds}, partial=True)
    return values, {"chat_seconds": CHAT_MESSAGE} if errors else {}


def _clean_day(contact: Contact, field: InlineField, raw: str) -> tuple[dict, dict]:
    try:
        day = parse_day(raw)
    except ValueError:
        return {}, {field.name: DATE_MESSAGE}
    if field.name == "follow_up_by":
        return {"follow_up_by": day}, {}
    if field.name == "met_at":
        if day is None:
            return {}, {"met_at": "Enter the day you met, like 2026-12-31."}
        # Keep the time of day, so people met the same evening stay in the order they were met.
        current = contact.met_at
        if day == current.date():
            return {}, {}
        return {"met_at": datetime.combine(day, current.timetz())}, {}
    current = contact.last_contacted_at
    if day is None:
        return {"last_contacted_at": None}, {}
    if current is not None and current.date() == day:
        return {}, {}
    if day > datetime.now(UTC).date():
        return {}, {field.name: "That day hasn't happened yet."}
    return {"last_contacted_at": datetime.combine(day, NOON)}, {}


def clean_inline(contact: Contact, field: InlineField, form,
                 owned_event_ids: set[int]) -> tuple[dict, dict[str, str], str]:
    """One field from a posted form: (values to apply, errors, the typed text to show again)."""
    raw = str(form.get(field.name, ""))
    if field.kind == "star":
        return {"follow_up": raw.strip().lower() in {"1", "true", "on", "yes"}}, {}, raw
    if field.kind == "event":
        raw = raw.strip()
        if not raw:
            return {"event_id": None}, {}, raw
        if not (raw.isascii() and raw.isdigit()) or int(raw) not in owned_event_ids:
            return {}, {"event_id": "Pick one of your events."}, raw
        return {"event_id": int(raw)}, {}, raw
    if field.kind == "chat":
        return (*_clean_chat(raw), raw)
    if field.kind == "date":
        return (*_clean_day(contact, field, raw), raw)
    values, errors = clean_contact_fields({field.name: raw}, partial=True)
    return values, errors, raw
