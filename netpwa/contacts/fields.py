"""Validation and normalisation of contact fields, shared by capture, edit, sync and scan.

Plain functions over dicts so the HTML forms and the JSON API give the same messages.
"""

import re

from netpwa.contacts.models import Contact
from netpwa.formats.dates import parse_date, parse_datetime
from netpwa.formats.links import with_scheme
from netpwa.formats.text import strip_controls

LIMITS = {"name": 200, "headline": 200, "company": 200, "mnemonic": 200, "email": 254,
          "phone": 50, "link": 500, "tags": 1000, "notes": 20_000}
TEXT_FIELDS = tuple(LIMITS)
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
PHONE_RE = re.compile(r"^[+0-9 ()./-]{3,50}$")
MAX_TAGS = 20


def normalise_tags(raw) -> str:
    """"AI, python ,ai" -> ",ai,python,"; a list works too."""
    items = raw if isinstance(raw, list | tuple) else str(raw or "").split(",")
    tags = []
    for item in items:
        # Stripped again after "#" and the cut, so normalising a stored tag gives it back
        # unchanged (the list's tag filter normalises what it is given the same way).
        tag = re.sub(r"\s+", " ", str(item)).strip().lower().lstrip("#").strip()[:40].rstrip()
        if tag and tag not in tags:
            tags.append(tag)
    return "," + ",".join(tags[:MAX_TAGS]) + "," if tags else ""


def _parse_bool(raw) -> bool:
    if isinstance(raw, bool):
        return raw
    return str(raw).strip().lower() in {"1", "true", "on", "yes", "y"}


def clean_contact_fields(data, *, partial: bool) -> tuple[dict, dict[str, str]]:
    """Clean the known fields present in data; returns (values, errors by field name).

    With partial=False a name is required (a capture); with partial=True only the fields
    present are checked (an inline edit or a sync patch).
    """
    values: dict = {}
    errors: dict[str, str] = {}
    for field in TEXT_FIELDS:
        if field not in data:
            continue
        raw = data.get(field)
        text = "" if raw is None else str(raw)
        text = text.replace("\r\n", "\n")
        if field != "notes":
            text = re.sub(r"\s+", " ", text)
        # Control characters would corrupt a vCard or a label; newlines only in notes.
        text = strip_controls(text).strip()
        if field == "tags":
            text = normalise_tags(text)
        if len(text) > LIMITS[field]:
            errors[field] = f"Keep this under {LIMITS[field]:,} characters (it has {len(text):,})."
            continue
        values[field] = text
    if "name" in values or not partial:
        if not values.get("name") and "name" not in errors:
            errors["name"] = "Enter a name, even just a first name."
    # An email keeps its case as written (people write "Ana.Silva@…"); matching duplicates
    # and searching ignore case (duplicates.email_key, the list's LIKE).
    if values.get("email"):
        if not EMAIL_RE.match(values["email"]):
            errors["email"] = "That email doesn't look right, e.g. ana@example.com."
    if values.get("phone") and not PHONE_RE.match(values["phone"]):
        errors["phone"] = "Use digits, spaces and + ( ) - only."
    if values.get("link"):
        values["link"] = with_scheme(values["link"])
        if " " in values["link"]:
            errors["link"] = "A link can't contain spaces."
    if "follow_up" in data:
        values["follow_up"] = _parse_bool(data.get("follow_up"))
    for field, parse, message in (
            ("follow_up_by", parse_date, "Use a date like 2026-12-31."),
            ("last_contacted_at", parse_datetime, "Use a date and time like 2026-12-31T18:00."),
            ("met_at", parse_datetime, "Use a date and time like 2026-12-31T18:00.")):
        if field in data:
            try:
                values[field] = parse(data.get(field))
            except (TypeError, ValueError):
                errors[field] = message
    if "chat_seconds" in data:
        raw = data.get("chat_seconds")
        if raw in (None, ""):
            values["chat_seconds"] = None
        else:
            try:
                seconds = int(float(raw))
                if not 0 <= seconds <= 24 * 3600:
                    raise ValueError
                values["chat_seconds"] = seconds
            except (TypeError, ValueError, OverflowError):  # "1e309" is float("inf")
                errors["chat_seconds"] = "The chat length must be a number of seconds."
    return values, errors


def contact_as_form(contact: Contact) -> dict:
    """A contact's fields as the strings a form shows."""
    return {
        "name": contact.name, "headline": contact.headline, "company": contact.company,
        "mnemonic": contact.mnemonic, "email": contact.email, "phone": contact.phone,
        "link": contact.link, "tags": ", ".join(contact.tag_list), "notes": contact.notes,
        "follow_up": contact.follow_up,
        "follow_up_by": contact.follow_up_by.isoformat() if contact.follow_up_by else "",
    }
