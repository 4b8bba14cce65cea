"""The events a contact can be met at, as the contacts pages need them: the choices of the
event field and filter, and event names in a contact's earlier values.

`contacts` sits below `events` in the layering (an event page counts and lists its contacts),
so it cannot import the events package. It asks for what it needs through this one function,
which `create_app` wires to the events package (`register`). Without it (a bare app in a test)
there are no events to choose from.
"""

from collections.abc import Callable, Sequence
from datetime import date
from typing import Protocol

from flask import current_app

EXTENSION_KEY = "contacts.owner_events"


class EventChoice(Protocol):
    """What the contacts pages read of an event."""

    id: int
    name: str
    held_on: date


OwnerEvents = Callable[[int], Sequence[EventChoice]]


def register(app, owner_events: OwnerEvents) -> None:
    """Tell the contacts pages how to list an owner's events, newest first."""
    app.extensions[EXTENSION_KEY] = owner_events


def owner_events(owner_id: int) -> list[EventChoice]:
    """The owner's events, newest first."""
    lookup = current_app.extensions.get(EXTENSION_KEY)
    return list(lookup(owner_id)) if lookup else []


def event_names(owner_id: int, event_ids: set[int]) -> dict[int, str]:
    """Names of the owner's events among event_ids (others' and deleted ones are left out)."""
    if not event_ids:
        return {}
    return {event.id: event.name for event in owner_events(owner_id) if event.id in event_ids}
