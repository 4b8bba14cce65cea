"""The two-device merge rule (docs/SYNC.md), as plain functions over one contact. No commit.

Devices send patches (only the fields a person edited) and the server applies them in the
order they arrive, so "later by the server's clock" is arrival order:
- edits to different fields touch different columns, so both survive;
- for the same field the later arrival wins and the value it overwrote goes to ContactHistory;
- a delete is a tombstone (deleted_at), never a row removal, and an edit meeting a tombstone is
  applied to the contact in the trash: restorable with every device's edits in it.
"""

from dataclasses import dataclass
from datetime import datetime

from netpwa.contacts import service
from netpwa.contacts.models import Contact


@dataclass(frozen=True)
class Merged:
    """What a merge did: the fields whose stored value changed, and whether it sits in the trash."""

    changed: tuple[str, ...]
    in_trash: bool


def merge_edit(contact: Contact, patch: dict, *, origin: str = "sync") -> Merged:
    """Apply one device's edit on top of whatever is stored (the later arrival wins per field)."""
    changed = service.apply_changes(contact, dict(patch), origin=origin)
    return Merged(tuple(changed), contact.deleted_at is not None)


def merge_delete(contact: Contact, *, at: datetime | None = None) -> Merged:
    """Turn the contact into a tombstone; deleting a tombstone again keeps the first deletion."""
    if contact.deleted_at is not None:
        return Merged((), True)
    service.trash(contact, at)
    return Merged(("deleted_at",), True)


def is_tombstone(contact: Contact) -> bool:
    """A deleted contact still travels to other devices, so they drop it from their lists."""
    return contact.deleted_at is not None
