"""Reading an uploaded CSV or XLSX into a header and rows, as people's files really are.

Request-free and database-free: bytes in, a `Sheet` out, or `ImportFileError` with a message
for the person. CSV: UTF-8 with or without BOM, UTF-16, Windows-1252; comma, semicolon or tab.
XLSX: the first sheet with data, title rows or notes above the header skipped, merged cells
filled, real date cells kept as dates, empty rows dropped.
"""

import csv
import io
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime, time

from netpwa.imports.columns import field_for

MAX_BYTES = 10 * 1024 * 1024
MAX_ROWS = 50_000
MAX_COLUMNS = 200
# Preambles (LinkedIn's notes, a sheet's title and notes) sit in the first few rows.
HEADER_SEARCH_ROWS = 30
DELIMITERS = (",", ";", "\t")
SAMPLE_CHARS = 64 * 1024


class ImportFileError(ValueError):
    """A file that can't be imported; the message says why and what to do."""


@dataclass
class Sheet:
    header: list[str]
    # (row number as a spreadsheet shows it, cells as text; dates as YYYY-MM-DD)
    rows: list[tuple[int, list[str]]]
    header_row: int
    # Lines that can't be used whatever the mapping: (row number, reason).
    problems: list[tuple[int, str]] = field(default_factory=list)


def read_file(filename: str, data: bytes) -> Sheet:
    """The header and rows of an uploaded file; ImportFileError when there is nothing usable."""
    name = (filename or "").lower()
    if not data:
        raise ImportFileError("That file is empty. Export again and choose the new file.")
    if len(data) > MAX_BYTES:
        raise ImportFileError(f"That file is over {MAX_BYTES // (1024 * 1024)} MB. "
                              "Split it into smaller files.")
    if data.startswith(b"PK\x03\x04"):
        if name.endswith((".numbers", ".ods")):
            raise ImportFileError("Save that spreadsheet as .xlsx or CSV first, then upload it.")
        return _read_xlsx(data)
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise ImportFileError("That is an old Excel .xls file (or a protected workbook). "
                              "Open it and save it as .xlsx or CSV, then upload that.")
    if name.endswith((".vcf", ".vcard")) or data.lstrip(b"\xef\xbb\xbf").upper().startswith(
            b"BEGIN:VCARD"):
        raise ImportFileError("That is a vCard file: import it under Contacts → Import a .vcf.")
    if name.endswith((".xlsx", ".xls", ".pdf", ".numbers", ".ods", ".zip", ".png", ".jpg")):
        raise ImportFileError("Choose a CSV or an Excel .xlsx file.")
    return _read_csv(_decode(data))


def _decode(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    head = data[:4000]
    # UTF-16 without a BOM: every other byte of ASCII text is NUL.
    if head.count(b"\x00") > len(head) // 4:
        even_nuls = head[0::2].count(0)
        return data.decode("utf-16-be" if even_nuls > head[1::2].count(0) else "utf-16-le",
                           errors="replace")
    if b"\x00" in head:
        raise ImportFileError("That doesn't look like a CSV or Excel file. "
                              "Choose a CSV or an .xlsx file.")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        # Excel's "CSV" on Windows is the ANSI code page; 1252 covers Western Europe.
        return data.decode("cp1252", errors="replace")


def _delimiter(text: str) -> str:
    """The delimiter that splits the most lines into the same number of cells."""
    sample = text[:SAMPLE_CHARS]
    if len(text) > SAMPLE_CHARS:
        sample = sample[:sample.rfind("\n") + 1] or sample
    best, best_score = ",", (0, 0)
    for delimiter in DELIMITERS:
        widths: dict[int, int] = {}
        try:
            for row in csv.reader(io.StringIO(sample), delimiter=delimiter):
                if len(row) > 1:
                    widths[len(row)] = widths.get(len(row), 0) + 1
        except csv.Error:
            continue
        if not widths:
            continue
        width, count = max(widths.items(), key=lambda item: (item[1], item[0]))
        if (count, width) > best_score:
            best, best_score = delimiter, (count, width)
    return best


def _read_csv(text: str) -> Sheet:
    text = text.lstrip("\ufeff")
    delimiter = _delimiter(text)
    try:
        records = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as error:
        raise ImportFileError(f"That CSV can't be read ({error}).") from None
    if len(records) > MAX_ROWS + HEADER_SEARCH_ROWS:
        raise ImportFileError(f"That file has over {MAX_ROWS:,} rows. Split it into smaller "
                              "files.")
    rows = [(number, [cell.strip() for cell in record])
            for number, record in enumerate(records, start=1)]
    return _sheet(rows, extra_cells_allowed=False)


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time(0) else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return "yes" if value else ""
    if isinstance(value, float) and value.is_integer():
        # A phone number typed into Excel is a number: 46701234567.0 is "46701234567".
        return str(int(value))
    return " ".join(str(value).split()) if "\n" not in str(value) else str(value).strip()


def _read_xlsx(data: bytes) -> Sheet:
    from openpyxl import load_workbook  # only here: most uploads are CSV
    try:
        book = load_workbook(io.BytesIO(data), data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError) as error:
        raise ImportFileError("That Excel file can't be opened (is it password-protected "
                              f"or damaged?). Save it again as .xlsx or CSV. ({error})"
                              ) from None
    for sheet in [book.active, *book.worksheets]:
        if sheet is None or sheet.max_row < 1:
            continue
        if sheet.max_row > MAX_ROWS + HEADER_SEARCH_ROWS:
            raise ImportFileError(f"That sheet has over {MAX_ROWS:,} rows. Split it into "
                                  "smaller files.")
        # A merged range shows its value in every cell it covers.
        fills = {}
        for merged in sheet.merged_cells.ranges:
            value = sheet.cell(merged.min_row, merged.min_col).value
            for row in range(merged.min_row, merged.max_row + 1):
                for column in range(merged.min_col, merged.max_col + 1):
                    fills[(row, column)] = value
        rows = []
        for number, cells in enumerate(sheet.iter_rows(values_only=True), start=1):
            cells = list(cells[:MAX_COLUMNS])
            for index in range(len(cells)):
                if (number, index + 1) in fills:
                    cells[index] = fills[(number, index + 1)]
            rows.append((number, [_cell_text(cell) for cell in cells]))
        if any(any(cells) for _number, cells in rows):
            return _sheet(rows, extra_cells_allowed=True, merged=bool(fills))
    raise ImportFileError("That workbook has no data in it.")


def _filled(cells) -> int:
    return sum(1 for cell in cells if cell)


def _header_index(rows) -> int:
    """Which of the first rows is the header: the first with two or more cells we recognise,
    else the first filled about as wide as the widest row near the top."""
    top = rows[:HEADER_SEARCH_ROWS]
    for index, (_number, cells) in enumerate(top):
        if _filled(cells) >= 2 and sum(1 for cell in cells if cell and field_for(cell)) >= 2:
            return index
    widest = max((_filled(cells) for _number, cells in top), default=0)
    if widest < 1:
        raise ImportFileError("No header row found: the first row should name the columns "
                              "(Name, Email, ...).")
    for index, (_number, cells) in enumerate(top):
        if _filled(cells) >= max(1, (widest + 1) // 2):
            return index
    raise ImportFileError("No header row found.")


def _sheet(rows, *, extra_cells_allowed: bool, merged: bool = False) -> Sheet:
    rows = [(number, cells) for number, cells in rows if _filled(cells)]
    if not rows:
        raise ImportFileError("That file has no rows in it.")
    index = _header_index(rows)
    header_number, header = rows[index]
    while header and not header[-1]:
        header = header[:-1]
    if len(header) > MAX_COLUMNS:
        raise ImportFileError(f"That file has over {MAX_COLUMNS} columns.")
    if _filled(header) < 1:
        raise ImportFileError("No header row found.")
    header = [cell or f"Column {i + 1}" for i, cell in enumerate(header)]
    body, problems = [], []
    for number, cells in rows[index + 1:]:
        extra = cells[len(header):]
        if any(extra) and not extra_cells_allowed:
            problems.append((number, f"{len(cells)} cells but the header has {len(header)}: "
                                     "a comma or semicolon inside a value without quotes?"))
            continue
        cells = (cells + [""] * len(header))[:len(header)]
        if merged and cells == header:
            continue
        body.append((number, cells))
    if not body and not problems:
        raise ImportFileError("That file has a header but no rows under it.")
    return Sheet(header=header, rows=body, header_row=header_number, problems=problems)
