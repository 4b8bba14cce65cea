"""One spreadsheet row → the values a contact will be stored with, and what else it carries
(met date, event, a last contact for the timeline, next follow-up, who introduced them).

Request-free and database-free. Nothing typed is dropped: a value that doesn't fit its field
(an email that isn't one, a date we can't read) goes into the notes with its column's title.
"""

import re
from dataclasses import dataclass, field
from datetime import date

from netpwa.contacts.fields import EMAIL_RE, LIMITS, PHONE_RE, clean_contact_fields
from netpwa.formats.cells import starts_formula
from netpwa.formats.dates import parse_sheet_date
from netpwa.formats.names import is_cjk
from netpwa.imports.columns import DATE_FIELDS
from netpwa.notebook.cadence import CADENCES

# Google joins several values in one cell with " ::: ".
MULTI_RE = re.compile(r"\s*:::\s*")
TAG_SPLIT_RE = re.compile(r"\s*(?::::|[,;])\s*")
CADENCE_WORDS = {**{key: key for key in CADENCES},
                 **{label.casefold(): key for key, (label, _d, _m) in CADENCES.items()},
                 "every 2 weeks": "2w", "fortnightly": "2w", "monthly": "1m",
                 "every 2 months": "2m", "quarterly": "3m", "every 3 months": "3m",
                 "every 6 months": "6m", "yearly": "12m", "every year": "12m",
                 "annually": "12m", "never": "none", "no reminders": "none"}
YES = {"yes", "y", "true", "1", "x", "ja", "oui", "sí", "si"}


@dataclass
class RowPlan:
    row: int
    values: dict = field(default_factory=dict)
    met_on: date | None = None
    where_met: str = ""
    last_contact: date | None = None
    follow_up_by: date | None = None
    cadence: str | None = None
    introduced_by: str = ""
    extra_emails: list[str] = field(default_factory=list)
    extra_phones: list[str] = field(default_factory=list)
    # Why the row can't be imported ("" when it can) ...
    problem: str = ""
    # ... and what was moved or left out on the way, for the report.
    remarks: list[str] = field(default_factory=list)


def unprotected(cell: str) -> str:
    """A cell as typed before an export guarded it against running as a formula ("'=x" was
    "=x"; earlier exports guarded phone numbers too, "'+44 …"): the apostrophe is the
    guard's, not the person's."""
    return cell[1:] if cell.startswith("'") and starts_formula(cell[1:]) else cell


def written_family_first(name: str) -> bool:
    """A Chinese, Japanese or Korean name written in its script: family name first, no space."""
    name = "".join(name.split())
    return bool(name) and all(is_cjk(char) for char in name)


def join_name(first: str, middle: str, last: str) -> str:
    """First and last name as one: "Ana Lima"; "山田" + "太郎" stays family first: "山田太郎"."""
    if last and first and not middle and written_family_first(last) and written_family_first(
            first):
        return last + first
    return " ".join(part for part in (first, middle, last) if part)


def _link(cells: list[str]) -> str:
    """The LinkedIn profile when one column holds it, else the first link."""
    for cell in cells:
        if "linkedin.com/" in cell.casefold():
            return cell
    return cells[0] if cells else ""


def _tags(cells: list[str]) -> list[str]:
    tags = []
    for cell in cells:
        for tag in TAG_SPLIT_RE.split(cell):
            # Google's own groups ("* myContacts", "* starred") are not the person's tags.
            if tag and not tag.startswith("*"):
                tags.append(tag)
    return tags


def plan_row(row: int, header: list[str], cells: list[str], mapping: list[str], *,
             day_first: bool, today: date) -> RowPlan:
    plan = RowPlan(row=row)
    found: dict[str, list[tuple[str, str]]] = {}
    for title, cell, key in zip(header, cells, mapping, strict=False):
        if key and cell and cell.strip():
            found.setdefault(key, []).append((title, unprotected(cell.strip())))
    extra_notes: list[str] = []

    def first(key: str) -> str:
        return found[key][0][1] if key in found else ""

    def kept_in_notes(title: str, value: str, why: str) -> None:
        extra_notes.append(f"{title}: {value}")
        plan.remarks.append(f"{title} “{value}” {why}: kept in the notes.")

    name = first("name") or join_name(first("first_name"), first("middle_name"),
                                      first("last_name"))
    emails = [value for _t, cell in found.get("email", []) for value in MULTI_RE.split(cell)
              if value]
    phones = [value for _t, cell in found.get("phone", []) for value in MULTI_RE.split(cell)
              if value]
    values = {"name": name, "headline": first("headline"), "company": first("company"),
              "mnemonic": first("mnemonic"), "link": _link([c for _t, c in found.get("link", [])]),
              "tags": ", ".join(_tags([c for _t, c in found.get("tags", [])]))}
    for kind, items, pattern, limit in (("email", emails, EMAIL_RE, LIMITS["email"]),
                                        ("phone", phones, PHONE_RE, LIMITS["phone"])):
        usable = []
        for item in items:
            text = item.strip().lower() if kind == "email" else item.strip()
            if pattern.match(text) and len(text) <= limit:
                usable.append(item.strip())
            else:
                kept_in_notes(kind.capitalize(), item, "doesn't look right")
        values[kind] = usable[0] if usable else ""
        setattr(plan, f"extra_{kind}s", usable[1:])
    notes = []
    if "how_met" in found:
        notes.append("How we met: " + "; ".join(cell for _t, cell in found["how_met"]))
    note_cells = found.get("notes", [])
    for title, cell in note_cells:
        notes.append(cell if len(note_cells) == 1 else f"{title}: {cell}")
    if first("follow_up"):
        values["follow_up"] = first("follow_up").casefold() in YES
    if "chat_seconds" in found:
        try:
            values["chat_seconds"] = int(float(first("chat_seconds")))
        except ValueError:
            kept_in_notes(found["chat_seconds"][0][0], first("chat_seconds"), "isn't a number")
    for key in DATE_FIELDS:
        if key not in found:
            continue
        title, raw = found[key][0]
        try:
            setattr(plan, key, parse_sheet_date(raw, day_first=day_first, today=today))
        except ValueError:
            kept_in_notes(title, raw, "isn't a date we can read")
    if "cadence" in found:
        raw = first("cadence")
        plan.cadence = CADENCE_WORDS.get(" ".join(raw.casefold().split()))
        if plan.cadence is None:
            kept_in_notes(found["cadence"][0][0], raw, "isn't a cadence we know")
    plan.where_met = " ".join(first("where_met").split())[:200]
    plan.introduced_by = " ".join(first("introduced_by").split())[:200]

    cleaned, errors = clean_contact_fields(values, partial=False)
    if "name" in errors:
        plan.problem = ("No name: the row needs a name, or a first or last name."
                        if not name else errors["name"])
        return plan
    for key, message in errors.items():
        cleaned.pop(key, None)
        kept_in_notes(key.capitalize(), str(values.get(key, "")), f"doesn't fit ({message})")
    notes.extend(extra_notes)
    text, _errors = clean_contact_fields({"notes": "\n\n".join(notes)}, partial=True)
    if _errors:
        plan.problem = "The notes are over 20,000 characters."
        return plan
    cleaned["notes"] = text.get("notes", "")
    plan.values = cleaned
    return plan
