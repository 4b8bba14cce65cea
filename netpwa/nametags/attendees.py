"""Attendee lists from CSV: forgiving about columns, encodings and separators, strict about what
ends up printed. Bad rows get a numbered message; good rows still make tags."""

import csv
import io
import re
import unicodedata
from dataclasses import asdict, dataclass, field

from netpwa.formats.cells import starts_formula
from netpwa.nametags import fonts
from netpwa.nametags.names import family_sort_key

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 5000
MAX_NAME = 100
LIMITS = {"pronouns": 40, "company": 120, "ask_me_about": 120}
FIELDS = ("name", "pronouns", "company", "ask_me_about")

# Header words, folded (lower case, no accents, letters and digits only).
HEADERS = {
    "name": {"name", "fullname", "names", "attendee", "attendeename", "participant", "person",
             "displayname", "badgename", "nametag", "nom", "nombre", "nome", "namn"},
    "given": {"firstname", "givenname", "first", "forename", "prenom", "vorname"},
    "family": {"lastname", "surname", "familyname", "last", "nachname", "apellido"},
    "pronouns": {"pronouns", "pronoun", "pronomen", "pronoms", "pronombres"},
    "company": {"company", "organisation", "organization", "org", "employer", "affiliation",
                "companyname", "firm", "institution", "team", "role", "jobtitle", "title",
                "companyrole", "position"},
    "ask_me_about": {"askmeabout", "askme", "askmeaboutsomething", "topic", "topics",
                     "interests", "interest", "talktomeabout", "askabout", "expertise"},
}
# Files that are plainly something else, by their first bytes.
SIGNATURES = {
    b"PK\x03\x04": "a ZIP file (an Excel .xlsx or Numbers file?)",
    b"\xd0\xcf\x11\xe0": "an old Excel .xls file",
    b"%PDF": "a PDF",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"{\\rtf": "a Rich Text document",
}
# Bidi overrides and isolates can make a printed name read differently from the file.
BIDI_CONTROLS = dict.fromkeys(map(ord, "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"))


class NotCsvError(ValueError):
    """The upload is not a CSV we can read at all."""


@dataclass(frozen=True)
class Attendee:
    name: str
    pronouns: str = ""
    company: str = ""
    ask_me_about: str = ""
    row: int = 0  # the line in the file, for messages about this person later

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass
class AttendeeList:
    attendees: list[Attendee] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return re.sub(r"[^a-z0-9]", "", "".join(
        c for c in decomposed if not unicodedata.combining(c)).casefold())


def match_columns(header: list[str]) -> dict[str, int]:
    """Which column holds which field: exact header words first, then words that contain one
    ("Attendee full name", "Ask me about…?")."""
    folded = [_fold(cell) for cell in header]
    found: dict[str, int] = {}
    for target, words in HEADERS.items():
        for index, cell in enumerate(folded):
            if cell in words and index not in found.values():
                found.setdefault(target, index)
    for target, words in HEADERS.items():
        if target in found:
            continue
        for index, cell in enumerate(folded):
            if index in found.values() or not cell:
                continue
            if target == "ask_me_about" and "ask" in cell:
                found[target] = index
            elif target == "pronouns" and "pronoun" in cell:
                found[target] = index
            elif target == "name" and cell.endswith("name") and not any(
                    cell.startswith(prefix) for prefix in ("first", "last", "given", "family",
                                                            "sur", "company", "org", "user")):
                found[target] = index
            if target in found:
                break
    return found


def _decode(data: bytes) -> tuple[str, set[int]]:
    """The text, and the physical line numbers that were not UTF-8 (read as Windows-1252)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), set()
        except UnicodeDecodeError:
            raise NotCsvError("That file says it is UTF-16 but isn't: save it as CSV UTF-8."
                              ) from None
    data = data.removeprefix(b"\xef\xbb\xbf")
    try:
        return data.decode("utf-8"), set()
    except UnicodeDecodeError:
        pass
    lines, guessed = [], set()
    for number, raw in enumerate(data.split(b"\n"), start=1):
        try:
            lines.append(raw.decode("utf-8"))
        except UnicodeDecodeError:
            lines.append(raw.decode("cp1252", errors="replace"))
            guessed.add(number)
    return "\n".join(lines), guessed


def _delimiter(text: str) -> str:
    sample = "\n".join(text.splitlines()[:20])
    try:
        return csv.Sniffer().sniff(sample, delimiters=",;\t").delimiter
    except csv.Error:
        first = text.splitlines()[0] if text else ""
        return max(",;\t", key=first.count)


def _looks_binary(data: bytes) -> str | None:
    for signature, what in SIGNATURES.items():
        if data.startswith(signature):
            return what
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "a binary file"
    return None


def clean_text(value: str) -> tuple[str, bool]:
    """Control characters and bidi overrides removed, white space folded; True if any went."""
    without = value.translate(BIDI_CONTROLS)
    without = "".join(" " if unicodedata.category(c) == "Cc" else c for c in without)
    cleaned = " ".join(without.split())
    return cleaned, without != value


def describe_characters(chars: list[str], limit: int = 5) -> str:
    """“★ (BLACK STAR), 𓀀 (EGYPTIAN HIEROGLYPH A001)”, for a message."""
    named = [f"{char} ({unicodedata.name(char, f'U+{ord(char):04X}')})" for char in chars[:limit]]
    more = f" and {len(chars) - limit} more" if len(chars) > limit else ""
    return ", ".join(named) + more


def parse_attendees(data: bytes) -> AttendeeList:
    """Attendees from a CSV upload, sorted by family name, with a message per problem row.

    Raises NotCsvError when the file can't be read as a table of people at all.
    """
    if not data.strip():
        raise NotCsvError("That file is empty: export the attendee list again and upload it.")
    if len(data) > MAX_BYTES:
        raise NotCsvError("That file is larger than 2 MB: is it really a list of attendees?")
    binary = _looks_binary(data)
    if binary:
        raise NotCsvError(f"That file isn't a CSV (it looks like {binary}). In your spreadsheet "
                          "choose File → Save as / Export → CSV, then upload that.")
    text, guessed_lines = _decode(data)
    try:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
        header = next(reader, [])
        columns = match_columns(header)
        single_column = not columns and len(header) == 1
        if "name" not in columns and not ("given" in columns or "family" in columns):
            if not single_column:
                raise NotCsvError(
                    "We couldn't find a name column. The first row should name the columns, "
                    "for example: Name, Pronouns, Company, Ask me about.")
            columns = {"name": 0}
        result = AttendeeList()
        if guessed_lines:
            result.messages.append(
                "The file isn't UTF-8, so some rows were read as Windows-1252 (Western "
                "European). Check their accents, or save as “CSV UTF-8” and upload again.")
        if single_column:
            _row(header, 1, columns, result, guessed_lines, reader_line=1)
        for row in reader:
            if reader.line_num > MAX_ROWS + 1:
                result.messages.append(f"Only the first {MAX_ROWS:,} rows were read.")
                break
            _row(row, reader.line_num, columns, result, guessed_lines, reader.line_num)
    except csv.Error as error:
        raise NotCsvError(f"That file isn't a readable CSV ({error}).") from None
    if not result.attendees and not result.messages:
        result.messages.append("The file has a header row but no attendees under it.")
    result.attendees.sort(key=lambda attendee: family_sort_key(attendee.name))
    return result


def _row(row: list[str], number: int, columns: dict[str, int], result: AttendeeList,
         guessed_lines: set[int], reader_line: int) -> None:
    def cell(target: str) -> str:
        index = columns.get(target)
        return row[index] if index is not None and index < len(row) else ""

    if not any(value.strip() for value in row):
        # An empty line or a spreadsheet's empty row (",,,") is nothing; spaces are something
        # someone typed.
        if any(row):
            result.messages.append(f"Row {number}: only spaces; skipped.")
        return
    notes: list[str] = []
    raw_name = cell("name") or " ".join(part for part in (cell("given"), cell("family")) if part)
    values = {"name": raw_name, "pronouns": cell("pronouns"), "company": cell("company"),
              "ask_me_about": cell("ask_me_about")}
    label = f"Row {number}"
    if reader_line in guessed_lines:
        notes.append("not UTF-8; read as Windows-1252, check the accents")
    for target, value in list(values.items()):
        if starts_formula(value.lstrip(" ")):
            if target == "name":
                result.messages.append(
                    f"{label}: the name “{value[:40]}” is a spreadsheet formula, not a name; "
                    "skipped.")
                return
            notes.append(f"{target.replace('_', ' ')} was a spreadsheet formula; left blank")
            values[target] = ""
            continue
        cleaned, changed = clean_text(value)
        if changed and cleaned:
            notes.append(f"removed control characters from the {target.replace('_', ' ')}")
        values[target] = cleaned
    name = values["name"]
    if not name:
        result.messages.append(f"{label}: no name; skipped.")
        return
    if len(name) > MAX_NAME:
        result.messages.append(
            f"{label}: the name is {len(name)} characters long, more than a tag holds "
            f"({MAX_NAME}); skipped. Shorten it and upload again.")
        return
    missing = fonts.undrawable(name)
    if missing:
        described = describe_characters(missing)
        name = " ".join("".join(char for char in name if char not in missing).split())
        if not fonts.prints_something(name):
            result.messages.append(
                f"{label}: the name “{values['name'][:40]}” has nothing the tag fonts can print "
                f"({described}); skipped.")
            return
        values["name"] = name
        notes.append(f"left out {described}: no tag font can print "
                     f"{'it' if len(missing) == 1 else 'them'}")
    elif not fonts.prints_something(name):
        result.messages.append(f"{label}: the name would print blank; skipped.")
        return
    for target, limit in LIMITS.items():
        if len(values[target]) > limit:
            values[target] = values[target][:limit - 1].rstrip() + "…"
            notes.append(f"{target.replace('_', ' ')} shortened to {limit} characters")
    result.attendees.append(Attendee(**values, row=number))
    if notes:
        result.messages.append(f"{label} ({name[:40]}): " + "; ".join(notes) + ".")
