"""Plans and targets typed into forms: cleaned, with a message per field. Request-free."""

from datetime import date, timedelta

from sqlalchemy import select

from netpwa.extensions import db
from netpwa.forms import strip_controls
from netpwa.plan.models import KINDS, HabitTick, PlanTarget

TARGET_MAX = 10_000
HABIT_MAX = 14  # twice a day, every day
LONGEST = timedelta(days=5 * 366)
DEFAULT_MONTHS = 6


def add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return day.replace(year=year, month=month, day=min(day.day, last))
        except ValueError:
            continue
    raise ValueError(day)


def default_period(today: date) -> tuple[date, date]:
    """The advice: a plan for the next six months."""
    return today, add_months(today, DEFAULT_MONTHS) - timedelta(days=1)


def _day(raw: str, label: str, errors: dict, name: str) -> date | None:
    raw = (raw or "").strip()
    if not raw:
        errors[name] = f"Pick the {label} day."
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        errors[name] = "Use a date like 2026-12-31."
        return None


def clean_period(form, today: date | None = None) -> tuple[dict, dict]:
    errors: dict[str, str] = {}
    today = today or date.today()
    starts = _day(form.get("starts_on"), "first", errors, "starts_on")
    ends = _day(form.get("ends_on"), "last", errors, "ends_on")
    # A start in year 0001 or 9999 is a slipped thumb on the year, not a plan.
    if starts and abs(starts - today) > LONGEST:
        errors["starts_on"] = "Check the year: a plan starts within five years of today."
        starts = None
    if starts and ends:
        if ends < starts:
            errors["ends_on"] = "The end comes before the start. Pick an end after " \
                                f"{starts.isoformat()}."
        elif ends - starts > LONGEST:
            errors["ends_on"] = "Plan at most five years ahead (six months is the advice)."
    return {"starts_on": starts, "ends_on": ends}, errors


def clean_target(form, path_ids: set[int]) -> tuple[dict, dict]:
    errors: dict[str, str] = {}
    kind = form.get("kind", "")
    if kind not in KINDS:
        errors["kind"] = "Pick what to count."
    limit = HABIT_MAX if kind == "habit" else TARGET_MAX
    raw = (form.get("target") or "").strip()
    target = int(raw) if raw.isdigit() and len(raw) < 12 else None
    if target is None or not 1 <= target <= limit:
        errors["target"] = (f"Pick a number between 1 and {limit} times a week." if kind == "habit"
                            else f"Pick a target between 1 and {limit:,}.")
    label = " ".join(strip_controls(form.get("label") or "").split())
    if kind == "habit" and not label:
        errors["label"] = "Name the habit, like “Take part in online groups”."
    elif len(label) > 120:
        errors["label"] = "Keep the habit's name under 120 characters."
    path = (form.get("path_id") or "").strip()
    path_id = None
    if path:
        if kind != "interviews":
            errors["path_id"] = "Only interview targets are counted per path."
        elif not path.isdigit() or int(path) not in path_ids:
            errors["path_id"] = "Pick one of your paths."
        else:
            path_id = int(path)
    return ({"kind": kind, "target": target, "label": label if kind == "habit" else "",
             "path_id": path_id}, errors)


def toggle_tick(target: PlanTarget, day: date) -> bool:
    """Tick the habit for that day, or untick it; True when it is now ticked. No commit."""
    tick = db.session.scalar(select(HabitTick).where(
        HabitTick.target_id == target.id, HabitTick.ticked_on == day))
    if tick is not None:
        db.session.delete(tick)
        return False
    db.session.add(HabitTick(owner_id=target.owner_id, target_id=target.id, ticked_on=day))
    return True
