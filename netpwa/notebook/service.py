"""The notebook's public API: what other packages (capture, sync, outreach, interviews) call.

Signatures here stay stable (new keyword arguments only); docs/ARCHITECTURE.md lists them.
The work is in `timeline` (writes and reads of interactions), `due` (the due-item registry)
and `followups` (the notebook's own due items).
"""

from datetime import date, timedelta

from netpwa.extensions import db
from netpwa.notebook import followups  # noqa: F401 (registers follow-up and thank-you items)
from netpwa.notebook.due import (DueItem, DueSource, due_count, due_items,  # noqa: F401
                                 register_due_source, source)
from netpwa.notebook.errors import NotebookError
from netpwa.notebook.timeline import (earlier_values, edit_interaction,  # noqa: F401
                                      find_by_uuid,
                                      get_interaction, log_interaction, restore_interaction,
                                      set_cadence, start_timelines, timeline,
                                      trash_interaction, trashed)
from werkzeug.exceptions import NotFound

SNOOZES = {"week": timedelta(days=7), "month": timedelta(days=30)}


def complete_item(owner_id: int, kind: str, ref: str, today: date, *,
                  interaction_kind: str | None = None, text: str = "") -> None:
    """Done on a due item: the source logs the interaction and schedules the next. Commits."""
    due_source = source(kind)
    if due_source is None:
        raise NotFound()
    due_source.done(owner_id, ref, today, interaction_kind, text)
    db.session.commit()


def snooze_item(owner_id: int, kind: str, ref: str, today: date, how_long: str) -> date:
    """Snooze a due item for a week or a month; returns the new due day. Commits."""
    due_source = source(kind)
    if due_source is None:
        raise NotFound()
    if how_long not in SNOOZES:
        raise NotebookError("snooze", "Snooze for a week or a month.")
    until = today + SNOOZES[how_long]
    due_source.snooze(owner_id, ref, until)
    db.session.commit()
    return until
