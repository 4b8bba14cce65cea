"""What is due: a registry of due-item sources, merged into one list and one count.

The notebook registers two sources (follow-ups from the cadence, thank-yous after meeting
someone). Another package adds its own kind, e.g. outreach's "tell the referrer how it went",
by calling `register_due_source(DueSource(...))` at import time; the Follow-ups page, the home
count, the calendar feed and the digest then show it with no change here.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

# "This week" on the Follow-ups page: today and the six days after it.
WEEK = timedelta(days=6)
# The home count says "1000+" past this; sources may stop counting there (flat cost).
COUNT_CAP = 1000


@dataclass(frozen=True)
class DueItem:
    kind: str            # the source's kind: "follow-up", "thank-you", "tell-referrer", ...
    contact: object      # the Contact the row is about (the Done interaction goes on them)
    due_on: date
    title: str           # what a person reads: "Thank Bea Costa"
    ref: str             # the source's own key for done/snooze (often the contact id)
    detail: str = ""     # an optional second line
    done_kind: str = "message"   # the interaction Done logs unless the person picks another


@dataclass(frozen=True)
class DueSource:
    """One kind of due item. Every callable scopes by owner_id; done/snooze raise werkzeug's
    NotFound for a ref that isn't the owner's, NotebookError for bad input. None commit."""
    kind: str
    # (owner_id, until, limit) -> items due on or before `until`, earliest first, at most limit
    items: Callable[[int, date, int], list[DueItem]]
    # (owner_id, until) -> how many are due on or before `until`
    count: Callable[[int, date], int]
    # (owner_id, ref, today, kind or None, text) -> log what was done and schedule the next
    done: Callable[..., None]
    # (owner_id, ref, new due date) -> not before that day
    snooze: Callable[[int, str, date], None]
    order: int = field(default=50)  # same-day rows: lower first


_SOURCES: dict[str, DueSource] = {}


def register_due_source(source: DueSource) -> None:
    """Add (or replace, by kind) a source of due items."""
    _SOURCES[source.kind] = source


def source(kind: str) -> DueSource | None:
    return _SOURCES.get(kind)


def sources() -> list[DueSource]:
    return sorted(_SOURCES.values(), key=lambda s: (s.order, s.kind))


def due_items(owner_id: int, today: date, *, until: date | None = None,
              limit: int = 200) -> list[DueItem]:
    """Everything due on or before `until` (default: the end of this week), overdue first.

    Each source returns at most `limit` rows from an index, so the cost stays flat however
    many contacts and interactions there are.
    """
    until = until or today + WEEK
    order = {s.kind: s.order for s in sources()}
    merged = [item for s in sources() for item in s.items(owner_id, until, limit)]
    merged.sort(key=lambda i: (i.due_on, order.get(i.kind, 50), i.title.lower(), i.ref))
    return merged[:limit]


def due_count(owner_id: int, today: date, *, until: date | None = None) -> int:
    """How many items are due today or overdue (the home screen's number), at most COUNT_CAP."""
    until = until or today
    return min(COUNT_CAP, sum(s.count(owner_id, until) for s in sources()))


def group(items: list[DueItem], today: date) -> dict[str, list[DueItem]]:
    """The Follow-ups page's sections: overdue, today, this week (empty ones kept)."""
    groups = {"overdue": [], "today": [], "week": []}
    for item in items:
        key = "overdue" if item.due_on < today else "today" if item.due_on == today else "week"
        groups[key].append(item)
    return groups
