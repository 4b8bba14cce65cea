"""How often to check in with a person (the notebook's cadences), and the date arithmetic."""

import calendar
from datetime import date, timedelta

DEFAULT = "2m"
# Key -> (label, days, months). Months are calendar months: 31 Jan + 1 month is 28/29 Feb.
CADENCES = {
    "2w": ("Every 2 weeks", 14, 0),
    "1m": ("Every month", 0, 1),
    "2m": ("Every 2 months", 0, 2),
    "3m": ("Every 3 months", 0, 3),
    "6m": ("Every 6 months", 0, 6),
    "12m": ("Every year", 0, 12),
    "none": ("No reminders", 0, 0),
}


def label(key: str) -> str:
    return CADENCES.get(key, CADENCES[DEFAULT])[0]


def add_months(day: date, months: int) -> date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def next_due(day: date, key: str) -> date | None:
    """The next check-in after talking on `day`; None when the cadence is "none"."""
    _label, days, months = CADENCES.get(key, CADENCES[DEFAULT])
    if days:
        return day + timedelta(days=days)
    if months:
        return add_months(day, months)
    return None
