"""An interview's when, where and why, typed into a form: cleaned, with a message per field."""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from netpwa.forms import strip_controls

LENGTHS = range(5, 241)
DEFAULT_LENGTH = 20
# A time typed a few minutes ago is "now" (the form was slow to fill in), not "in the past".
PAST_GRACE = timedelta(minutes=10)
TEXT_MAX = 5000
FIELDS = ("starts_at", "timezone", "length_minutes", "place", "video_link", "goal", "homework",
          "path_id")


@dataclass
class Cleaned:
    values: dict
    errors: dict
    typed: dict


def zone(name: str | None) -> ZoneInfo:
    try:
        return ZoneInfo(name or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def local_input_value(starts_at: datetime, tz_name: str) -> str:
    """The value of a datetime-local input showing the stored time in its own zone."""
    return starts_at.astimezone(zone(tz_name)).strftime("%Y-%m-%dT%H:%M")


def _text(form, name: str, limit: int, label: str, errors: dict) -> str:
    value = strip_controls(form.get(name) or "").strip()
    if len(value) > limit:
        errors[name] = f"Keep {label} under {limit:,} characters (this has {len(value):,})."
    return value


def clean(form, *, now: datetime, path_ids: set[int], check_past: bool = True) -> Cleaned:
    """The form's values for an Interview, or messages keyed by field; typed keeps the text."""
    typed = {name: strip_controls(form.get(name) or "") for name in FIELDS}
    errors: dict[str, str] = {}
    values: dict = {}
    tz_name = typed["timezone"].strip() or "UTC"
    tz = zone(tz_name)
    values["timezone"] = tz.key
    raw = typed["starts_at"].strip()
    if not raw:
        errors["starts_at"] = "Pick the date and time you'll talk."
    else:
        try:
            local = datetime.fromisoformat(raw)
        except ValueError:
            errors["starts_at"] = "Use a date and time like 2026-12-31 14:30."
        else:
            starts = (local if local.tzinfo else local.replace(tzinfo=tz)).astimezone(UTC)
            if not datetime(2000, 1, 1, tzinfo=UTC) <= starts <= datetime(2200, 1, 1, tzinfo=UTC):
                errors["starts_at"] = "Use a date and time like 2026-12-31 14:30."
            elif check_past and starts < now - PAST_GRACE:
                errors["starts_at"] = ("That time has already passed. Pick a time from now on "
                                       "(to note a chat that already happened, log it on the "
                                       "contact's timeline).")
            else:
                values["starts_at"] = starts
    length = typed["length_minutes"].strip() or str(DEFAULT_LENGTH)
    if not length.isdigit() or int(length) not in LENGTHS:
        errors["length_minutes"] = "Agree a length between 5 and 240 minutes (15-20 is typical)."
    else:
        values["length_minutes"] = int(length)
    values["place"] = _text(form, "place", 200, "the place", errors)
    link = _text(form, "video_link", 500, "the link", errors)
    if link and "video_link" not in errors:
        if "://" not in link:
            link = "https://" + link
        parts = urlsplit(link)
        if parts.scheme not in ("http", "https") or "." not in parts.netloc:
            errors["video_link"] = "Paste the meeting link, like https://meet.example.com/abc."
    values["video_link"] = link
    values["goal"] = _text(form, "goal", TEXT_MAX, "the goal", errors)
    values["homework"] = _text(form, "homework", TEXT_MAX, "the homework notes", errors)
    path = typed["path_id"].strip()
    if path and (not path.isdigit() or int(path) not in path_ids):
        errors["path_id"] = "Pick one of your paths."
    values["path_id"] = int(path) if path and "path_id" not in errors else None
    return Cleaned(values, errors, typed)
