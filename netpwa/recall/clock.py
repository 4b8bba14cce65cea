"""Today's date for the drill; the TODAY setting (an ISO date) pins it, so a test can move to
"the next day" without touching the system clock."""

from datetime import date

from flask import current_app

from netpwa.extensions import now_utc


def today() -> date:
    pinned = current_app.config.get("TODAY")
    if pinned:
        return pinned if isinstance(pinned, date) else date.fromisoformat(str(pinned))
    return now_utc().date()
