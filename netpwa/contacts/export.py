"""The contact list as CSV or XLSX, request-free: rows in, bytes out."""

import csv
import io
from collections.abc import Iterable

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from netpwa.contacts.models import Contact
from netpwa.formats.cells import safe_cell

COLUMNS = ("Name", "What they do", "Company", "Remember them by", "Email", "Phone", "Link",
           "Tags", "Notes", "Must follow up", "Event", "Met on", "Chat seconds",
           "Last contacted", "Follow up by")
XLSX_WIDTHS = {"Notes": 60, "Name": 24, "What they do": 30, "Email": 28, "Link": 32}


def contact_row(contact: Contact) -> list:
    """One contact as the export's cells, every text cell neutralised."""
    return [safe_cell(cell) for cell in (
        contact.name, contact.headline, contact.company, contact.mnemonic, contact.email,
        contact.phone, contact.link, ", ".join(contact.tag_list), contact.notes,
        "yes" if contact.follow_up else "", contact.event.name if contact.event else "",
        contact.met_at.date().isoformat(),
        contact.chat_seconds if contact.chat_seconds is not None else "",
        contact.last_contacted_at.date().isoformat() if contact.last_contacted_at else "",
        contact.follow_up_by.isoformat() if contact.follow_up_by else "")]


def to_csv(contacts: Iterable[Contact]) -> str:
    """CSV text with a header row; starts with a BOM so Excel reads it as UTF-8, not ANSI."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    for contact in contacts:
        writer.writerow(contact_row(contact))
    return out.getvalue()


def to_xlsx(contacts: Iterable[Contact]) -> bytes:
    """An XLSX workbook with one sheet, a bold frozen header and readable column widths."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Contacts"
    sheet.append(COLUMNS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    for contact in contacts:
        # Rows written by other entry points (sync, scan) might still hold control characters,
        # which openpyxl refuses outright; drop them rather than fail the whole export.
        sheet.append([ILLEGAL_CHARACTERS_RE.sub("", cell) if isinstance(cell, str) else cell
                      for cell in contact_row(contact)])
    for index, title in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = XLSX_WIDTHS.get(title, 16)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
