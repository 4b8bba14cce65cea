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
