"""Import batches before anything is written: read the upload, pick or remember the mapping,
and preview every row as it will be stored (which rows merge into whom, which can't be used).

Request-free. `create_batch` parses the file before its one short write; callers on SQLite end
any read transaction first (netpwa.extensions.end_read), so no lock is held while parsing.
"""

import json
from dataclasses import dataclass, field
from datetime import timedelta

from sqlalchemy import delete, select

from netpwa.contacts.duplicates import DuplicateIndex
from netpwa.contacts.models import Contact
from netpwa.extensions import db, now_utc
from netpwa.formats.dates import day_first_needed
from netpwa.imports.columns import (
    DATE_FIELDS,
    FIELDS,
    FORMATS,
    Format,
    clean_mapping,
    guess_mapping,
    header_key,
    recognise,
)
from netpwa.imports.models import ImportBatch, ImportChange, ImportMapping
from netpwa.imports.read import read_file
from netpwa.imports.rows import RowPlan, plan_row

UNDO_KEEPS = timedelta(days=30)
# A preview nobody imported is dropped after a day (it holds the whole file).
PREVIEW_KEEPS = timedelta(days=1)
SAMPLE_ROWS = 10
PROBLEMS_SHOWN = 200


def known_format(batch: ImportBatch) -> Format | None:
    return next((known for known in FORMATS if known.key == batch.kind), None)


def header(batch: ImportBatch) -> list[str]:
    return json.loads(batch.header_json)


def mapping(batch: ImportBatch) -> list[str]:
    return clean_mapping(json.loads(batch.mapping_json), len(header(batch)))


def rows(batch: ImportBatch) -> list[tuple[int, list[str]]]:
    return [(number, cells) for number, cells in json.loads(batch.rows_json)]


def _remembered(owner_id: int, head: list[str]) -> ImportMapping | None:
    return db.session.scalar(select(ImportMapping).where(
        ImportMapping.owner_id == owner_id, ImportMapping.header_key == header_key(head)))


def create_batch(owner_id: int, filename: str, data: bytes) -> ImportBatch:
    """Read the file (ImportFileError if it can't be used) and store it as a preview. Commits.

    A header seen before gets the mapping the person used last time; a recognised format
    gets its own; anything else our best guess from the column titles."""
    sheet = read_file(filename, data)
    known = recognise(sheet.header)
    # Everything slow (parsing, JSON) before the first query opens the write transaction.
    header_json, rows_json = json.dumps(sheet.header), json.dumps(sheet.rows)
    remembered = _remembered(owner_id, sheet.header)
    if remembered is not None:
        chosen = clean_mapping(json.loads(remembered.mapping_json), len(sheet.header))
    else:
        chosen = guess_mapping(sheet.header, known)
    batch = ImportBatch(
        owner_id=owner_id, filename=(filename or "")[-200:], kind=known.key if known else "",
        header_json=header_json, rows_json=rows_json,
        read_problems_json=json.dumps(sheet.problems), header_row=sheet.header_row,
        mapping_json=json.dumps(chosen), total=len(sheet.rows),
        day_first=remembered.day_first if remembered is not None else None)
    purge_old(owner_id)
    db.session.add(batch)
    db.session.commit()
    return batch


def purge_old(owner_id: int) -> None:
    """Forget previews nobody imported and imports past undoing. No commit."""
    now = now_utc()
    db.session.execute(delete(ImportBatch).where(
        ImportBatch.owner_id == owner_id, ImportBatch.status == "preview",
        ImportBatch.created_at < now - PREVIEW_KEEPS))
    old = select(ImportBatch.id).where(ImportBatch.owner_id == owner_id,
                                       ImportBatch.created_at < now - UNDO_KEEPS)
    db.session.execute(delete(ImportChange).where(ImportChange.owner_id == owner_id,
                                                  ImportChange.batch_id.in_(old)))


def date_question(batch: ImportBatch, chosen: list[str] | None = None) -> tuple[bool, bool]:
    """(must the person say whether dates are day first, the best guess)."""
    chosen = chosen if chosen is not None else mapping(batch)
    columns = [index for index, key in enumerate(chosen) if key in DATE_FIELDS]
    values = [cells[index] for _number, cells in rows(batch) for index in columns
              if index < len(cells)]
    return day_first_needed(values)


def day_first(batch: ImportBatch) -> bool:
    if batch.day_first is not None:
        return batch.day_first
    return date_question(batch)[1]


def set_mapping(batch: ImportBatch, raw: list, day_first_choice: bool | None) -> None:
    """Take the person's mapping (and day/month order) for this preview. No commit."""
    batch.mapping_json = json.dumps(clean_mapping(raw, len(header(batch))))
    batch.day_first = day_first_choice
    batch.updated_at = now_utc()


def remember_mapping(batch: ImportBatch) -> None:
    """The next file with this header row starts from this mapping. No commit."""
    head = header(batch)
    row = _remembered(batch.owner_id, head)
    if row is None:
        row = ImportMapping(owner_id=batch.owner_id, header_key=header_key(head))
        db.session.add(row)
    row.mapping_json = json.dumps(mapping(batch))
    row.day_first = batch.day_first
    row.updated_at = now_utc()


def plan_rows(batch: ImportBatch) -> list[RowPlan]:
    """Every row of the file as it will be stored (pure work: no database)."""
    head, chosen, first = header(batch), mapping(batch), day_first(batch)
    today = now_utc().date()
    return [plan_row(number, head, cells, chosen, day_first=first, today=today)
            for number, cells in rows(batch)]


@dataclass
class Preview:
    batch: ImportBatch
    header: list[str]
    mapping: list[str]
    known: Format | None
    sample: list[RowPlan]
    # row -> "Ana Lima" (a contact you have: id) or a row of this file
    merges: dict[int, tuple[str, int]] = field(default_factory=dict)
    problems: list[tuple[int, str]] = field(default_factory=list)
    new: int = 0
    merged: int = 0
    skipped: int = 0
    ask_day_first: bool = False
    day_first: bool = True
    example_dates: list[str] = field(default_factory=list)
    fields: dict = field(default_factory=lambda: FIELDS)
    # Up to two filled cells of each column, to show what it holds.
    examples: list[list[str]] = field(default_factory=list)
    has_name: bool = True


def preview(batch: ImportBatch) -> Preview:
    """What the import would do, read-only: the first rows as stored, merges, problems."""
    plans = plan_rows(batch)
    chosen = mapping(batch)
    ask, guess = date_question(batch, chosen)
    result = Preview(batch=batch, header=header(batch), mapping=chosen,
                     known=known_format(batch), sample=plans[:SAMPLE_ROWS],
                     ask_day_first=ask, day_first=batch.day_first if batch.day_first
                     is not None else guess,
                     has_name=bool({"name", "first_name", "last_name"} & set(chosen)))
    result.examples = [[] for _title in result.header]
    for _number, cells in rows(batch)[:50]:
        for index, cell in enumerate(cells[:len(result.header)]):
            if cell and len(result.examples[index]) < 2:
                result.examples[index].append(cell)
    result.problems = [(number, reason) for number, reason in json.loads(
        batch.read_problems_json)]
    index = DuplicateIndex(batch.owner_id)
    names: dict[int, str] = {}
    for plan in plans:
        if plan.problem:
            result.problems.append((plan.row, plan.problem))
            continue
        match = index.match(plan.values, plan.extra_emails, plan.extra_phones,
                            phone_needs_same_name=True)
        if match is None:
            # Rows of this file are findable by later rows under their negated row number.
            index.add(-plan.row, plan.values, plan.extra_emails, plan.extra_phones)
            names[-plan.row] = plan.values["name"]
            result.new += 1
        else:
            result.merges[plan.row] = match
            result.merged += 1
    known_ids = [m for m in result.merges.values() if m > 0]
    for start in range(0, len(known_ids), 500):
        names.update(db.session.execute(select(Contact.id, Contact.name).where(
            Contact.owner_id == batch.owner_id,
            Contact.id.in_(known_ids[start:start + 500]))).all())
    result.merges = {row: (names.get(match, ""), match) for row, match in result.merges.items()}
    result.problems.sort()
    result.skipped = len(result.problems)
    if ask:
        columns = [index for index, key in enumerate(chosen) if key in DATE_FIELDS]
        for _number, cells in rows(batch):
            for index in columns:
                if "/" in cells[index] or "-" in cells[index]:
                    result.example_dates.append(cells[index])
            if len(result.example_dates) >= 3:
                break
    return result
