"""The contact list as CSV or XLSX, request-free: rows in, bytes out.

The columns are a classic networking contact list's, so other tools (and netpwa's own import)
read them by name. Who introduced whom lives in outreach, above contacts in the layering: the
export asks through `referrer_names`, which `create_app` wires (`register_referrers`).
"""

import csv
import io
from collections.abc import Callable, Iterable
from datetime import date

from flask import current_app
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from netpwa.contacts.models import Contact
from netpwa.formats.cadence import label as cadence_label
from netpwa.formats.cells import safe_cell
from netpwa.formats.names import name_parts

COLUMNS = ("Name", "First name", "Last name", "Company", "Role", "Email", "Phone", "LinkedIn",
           "Where met", "Date met", "Last contacted", "Next follow-up", "Cadence",
           "Introduced by", "Notes", "Tags")
DATE_COLUMNS = frozenset({"Date met", "Last contacted", "Next follow-up"})
# Widths in characters: wide enough for most values, capped so Notes doesn't push the rest away.
MIN_WIDTH, MAX_WIDTH = 10, 50
EXTENSION_KEY = "contacts.referrer_names"

ReferrerNames = Callable[[int], dict[int, str]]


def register_referrers(app, lookup: ReferrerNames) -> None:
    """Tell the export how to find, for an owner, contact id -> the name of who introduced them."""
    app.extensions[EXTENSION_KEY] = lookup


def referrer_names(owner_id: int) -> dict[int, str]:
    lookup = current_app.extensions.get(EXTENSION_KEY)
    return lookup(owner_id) if lookup else {}


def _day(value) -> date | None:
    if value is None:
        return None
    return value.date() if hasattr(value, "date") else value


def contact_values(contact: Contact, introduced_by: str = "") -> list:
    """One contact's values in COLUMNS order: text as stored, dates as dates (or None)."""
    given, family, suffix = name_parts(contact.name)
    return [
        contact.name, given, " ".join(part for part in (family, suffix) if part),
        contact.company, contact.headline, contact.email, contact.phone, contact.link,
        contact.event.name if contact.event else "", _day(contact.met_at),
        _day(contact.last_contacted_at), contact.follow_up_by, cadence_label(contact.cadence),
        introduced_by, contact.notes, ", ".join(contact.tag_list)]


def contact_row(contact: Contact, introduced_by: str = "") -> list:
    """One contact as CSV cells: dates as YYYY-MM-DD, every text cell neutralised."""
    return [safe_cell(value.isoformat() if isinstance(value, date) else
                      "" if value is None else value)
            for value in contact_values(contact, introduced_by)]


def to_csv(contacts: Iterable[Contact], referrers: dict[int, str] | None = None) -> str:
    """CSV text with a header row; starts with a BOM so Excel reads it as UTF-8, not ANSI."""
    referrers = referrers or {}
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    for contact in contacts:
        writer.writerow(contact_row(contact, referrers.get(contact.id, "")))
    return out.getvalue()


def _xlsx_cell(value):
    if isinstance(value, str):
        # Rows written by other entry points (sync, scan) might still hold control characters,
        # which openpyxl refuses outright; drop them rather than fail the whole export.
        return ILLEGAL_CHARACTERS_RE.sub("", safe_cell(value))
    return value


def to_xlsx(contacts: Iterable[Contact], referrers: dict[int, str] | None = None) -> bytes:
    """One sheet: a bold frozen header with an autofilter, real date cells, fitted widths."""
    referrers = referrers or {}
    book = Workbook()
    sheet = book.active
    sheet.title = "Contacts"
    sheet.append(COLUMNS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    widths = [len(title) + 2 for title in COLUMNS]
    for contact in contacts:
        row = [_xlsx_cell(value) for value in contact_values(contact,
                                                             referrers.get(contact.id, ""))]
        sheet.append(row)
        for index, value in enumerate(row):
            if isinstance(value, str):
                longest = max((len(line) for line in value.splitlines()), default=0)
                widths[index] = max(widths[index], longest + 2)
    for index, title in enumerate(COLUMNS, start=1):
        letter = get_column_letter(index)
        if title in DATE_COLUMNS:
            for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
                cell.number_format = "yyyy-mm-dd"
            widths[index - 1] = max(widths[index - 1], 12)
        sheet.column_dimensions[letter].width = min(MAX_WIDTH, max(MIN_WIDTH, widths[index - 1]))
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(COLUMNS))}{sheet.max_row}"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
