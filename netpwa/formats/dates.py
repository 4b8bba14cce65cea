"""Dates and times as forms, the sync API and spreadsheets send them, and chat lengths as m:ss."""

import re
from datetime import UTC, date, datetime

CHAT_RE = re.compile(r"^\s*(\d{1,4})\s*:\s*([0-5]?\d)\s*$")
DAY_RE = re.compile(r"\d{4}-\d{2}-\d{2}")


def parse_date(raw) -> date | None:
    """A date, or the date part of an ISO date-time; None for empty. ValueError otherwise."""
    if raw in (None, ""):
        return None
    if isinstance(raw, date):
        return raw
    return date.fromisoformat(str(raw).strip()[:10])


def parse_day(raw: str) -> date | None:
    """Exactly YYYY-MM-DD as a date input sends it; None for empty. ValueError otherwise."""
    raw = raw.strip()
    if not raw:
        return None
    if not DAY_RE.fullmatch(raw):
        raise ValueError(raw)
    return date.fromisoformat(raw)


def parse_datetime(raw) -> datetime | None:
    """An ISO date-time ("Z" allowed) as an aware datetime, UTC when it names no zone; None for
    empty. ValueError otherwise."""
    if raw in (None, ""):
        return None
    value = raw if isinstance(raw, datetime) else datetime.fromisoformat(
        str(raw).strip().replace("Z", "+00:00"))
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def format_mss(seconds: float | None, empty: str = "") -> str:
    """A chat length as minutes:seconds ("2:05"); `empty` when there is none."""
    if seconds is None:
        return empty
    seconds = int(round(seconds))
    return f"{seconds // 60}:{seconds % 60:02d}"


def parse_mss(raw: str) -> int | None:
    """"2:30" -> 150; None when raw isn't minutes:seconds."""
    match = CHAT_RE.match(raw)
    return int(match[1]) * 60 + int(match[2]) if match else None


# Spreadsheets write dates every which way. These read the common ones; parse_sheet_date is
# told the day/month order when a file's slashed dates could be read both ways.
MONTHS = {name: number for number, names in enumerate((
    ("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may",),
    ("jun", "june"), ("jul", "july"), ("aug", "august"), ("sep", "sept", "september"),
    ("oct", "october"), ("nov", "november"), ("dec", "december")), start=1) for name in names}
ISO_START_RE = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[T ].*)?$")
NUMERIC_RE = re.compile(r"^(\d{1,2})([./-])(\d{1,2})\2(\d{2}|\d{4})$")
DAY_NAMED_RE = re.compile(r"^(\d{1,2})(?:st|nd|rd|th)?[\s./-]*([^\W\d_]{3,9})\.?,?[\s./-]*(\d{2}|\d{4})$")
NAMED_DAY_RE = re.compile(r"^([^\W\d_]{3,9})\.?[\s./-]*(\d{1,2})(?:st|nd|rd|th)?,?[\s./-]+(\d{4})$")


def _year(text: str, today: date | None = None) -> int:
    """A two-digit year is this century unless that puts it over 20 years ahead ("7-Feb-22")."""
    year = int(text)
    if len(text) == 2:
        this = (today or date.today()).year
        year += 2000 if 2000 + year <= this + 20 else 1900
    return year


def slashed_order(raw: str) -> str | None:
    """How a numeric date like 11/14/2026 must be read: "dmy", "mdy", "either" (both parts could
    be the month and they differ) or None (not such a date, or both readings agree).

    Dotted dates (14.11.2026) are day first wherever they are written, so they never ask."""
    match = NUMERIC_RE.match(str(raw).strip())
    if not match or match[2] == ".":
        return None
    first, second = int(match[1]), int(match[3])
    if first > 12 >= second:
        return "dmy"
    if second > 12 >= first:
        return "mdy"
    if first != second and first <= 12 and second <= 12:
        return "either"
    return None


def parse_sheet_date(raw, *, day_first: bool = True, today: date | None = None) -> date | None:
    """A date as people type it in spreadsheets: 2026-11-14, 14.11.2026, 11/14/2026 (order by
    day_first when both could be the month), 12 Mar 2024, 7-Feb-22, Mar 12, 2024, or an ISO
    date-time. None for empty; ValueError for anything else."""
    if raw in (None, ""):
        return None
    if isinstance(raw, datetime):
        return raw.date()
    if isinstance(raw, date):
        return raw
    text = " ".join(str(raw).split())
    if not text:
        return None
    if match := ISO_START_RE.match(text):
        return date(int(match[1]), int(match[2]), int(match[3]))
    if match := NUMERIC_RE.match(text):
        first, second, year = int(match[1]), int(match[3]), _year(match[4], today)
        order = slashed_order(text)
        if match[2] == "." or order == "dmy" or (order != "mdy" and day_first):
            return date(year, second, first)
        return date(year, first, second)
    if match := DAY_NAMED_RE.match(text):
        month = MONTHS.get(match[2].casefold())
        if month:
            return date(_year(match[3], today), month, int(match[1]))
    if match := NAMED_DAY_RE.match(text):
        month = MONTHS.get(match[1].casefold())
        if month:
            return date(int(match[3]), month, int(match[2]))
    raise ValueError(text)


def day_first_needed(values) -> tuple[bool, bool]:
    """Over a file's date cells: (must the person say which comes first, the best guess).

    A single 14/11/2026 settles the order for the whole file; a file whose slashed dates could
    all be read both ways (or that holds both orders) asks."""
    orders = {slashed_order(value) for value in values if isinstance(value, str)}
    orders.discard(None)
    if orders == {"dmy"} or orders == {"dmy", "either"}:
        return False, True
    if orders == {"mdy"} or orders == {"mdy", "either"}:
        return False, False
    if not orders:
        return False, True
    return True, True
