"""Interactions through the outbox: create, update and delete by the client's UUID, with the
contacts' merge rule (docs/SYNC.md): per field the later arrival wins and the overwritten value
is kept (interaction_history); a delete is a tombstone; nothing typed offline is lost, so a
chat logged on a contact trashed meanwhile is kept with it (restorable), not refused."""

from sqlalchemy import and_, or_, select
from werkzeug.exceptions import NotFound

from netpwa.contacts import service as contacts
from netpwa.extensions import db
from netpwa.notebook import service as notebook
from netpwa.notebook.errors import NotebookError
from netpwa.notebook.models import Interaction

FIELDS = frozenset({"kind", "channel", "occurred_on", "text", "helped"})


def _iso(value) -> str | None:
    return value.isoformat() if value is not None else None


def interaction_payload(row: Interaction) -> dict:
    """One interaction as JSON; a tombstone is the same shape with deleted_at set."""
    return {"id": row.id, "uuid": row.uuid, "contact_id": row.contact_id,
            "contact_uuid": row.contact.uuid, "event_id": row.event_id, "kind": row.kind,
            "channel": row.channel, "occurred_on": _iso(row.occurred_on), "text": row.text,
            "helped": row.helped, "updated_at": _iso(row.updated_at),
            "deleted_at": _iso(row.deleted_at), "revision": row.revision}


class InteractionOps:
    """The interaction half of a batch; `error(status, message, field)` raises the batch's
    SyncError, `find_contact(uuid)` sees contacts created earlier in the same batch."""

    def __init__(self, owner_id: int, error, find_contact, replayed, receipt):
        self.owner_id = owner_id
        self._error, self._find_contact = error, find_contact
        self._replayed, self._receipt = replayed, receipt

    def _fields(self, item: dict, *, strict: bool) -> dict:
        fields = item.get("fields")
        if not isinstance(fields, dict):
            raise self._error(422, "The change has no fields.", "fields")
        unknown = [str(name)[:40] for name in fields if name not in FIELDS]
        if unknown and strict:
            raise self._error(422, f"“{unknown[0]}” isn't a field that can be changed.",
                              unknown[0])
        values = {name: value for name, value in fields.items() if name in FIELDS}
        for name, value in values.items():
            if value is not None and not isinstance(value, str):
                raise self._error(422, "Send this field as text.", name)
        return values

    def create(self, uuid: str, item: dict) -> dict:
        existing = notebook.find_by_uuid(self.owner_id, uuid)
        if existing is not None:
            return {"code": 200, "created": False, "interaction": interaction_payload(existing)}
        contact_uuid = item.get("contact_uuid")
        contact = None
        if isinstance(contact_uuid, str) and contacts.UUID_RE.match(contact_uuid):
            contact = self._find_contact(contact_uuid.lower())
        if contact is None:
            raise self._error(404, "That contact no longer exists, so this couldn't be kept.",
                              "contact_uuid")
        if contact.id is None:
            db.session.flush()  # created earlier in this batch
        values = self._fields(item, strict=False)
        try:
            row = notebook.log_interaction(
                self.owner_id, contact.id, values.get("kind") or "", interaction_id=uuid,
                occurred_on=values.get("occurred_on"), text=values.get("text"),
                helped=values.get("helped"), channel=values.get("channel"),
                event_id=None, commit=False, allow_trashed_contact=True)
        except NotebookError as error:
            raise self._error(422, error.message, error.field) from None
        db.session.flush()
        return {"code": 201, "created": True, "in_trash": contact.deleted_at is not None,
                "interaction": interaction_payload(row)}

    def update(self, uuid: str, item: dict, op_id: str | None) -> dict:
        fields = self._fields(item, strict=True)
        if not fields:
            raise self._error(422, "The change has no fields.", "fields")
        row = notebook.find_by_uuid(self.owner_id, uuid)
        if row is None:
            raise self._error(404, "That interaction no longer exists, so the edit couldn't "
                                   "be kept.", "uuid")
        if self._replayed(op_id):
            return {"code": 200, "duplicate": True, "interaction": interaction_payload(row)}
        try:
            changed = notebook.edit_interaction(self.owner_id, row.id, fields, commit=False,
                                                allow_trashed=True)
        except NotebookError as error:
            raise self._error(422, error.message, error.field) from None
        except NotFound:
            raise self._error(404, "That interaction no longer exists.", "uuid") from None
        self._receipt("update", op_id, uuid)
        db.session.flush()
        return {"code": 200, "duplicate": False, "changed": changed,
                "in_trash": row.deleted_at is not None, "interaction": interaction_payload(row)}

    def delete(self, uuid: str, item: dict, op_id: str | None) -> dict:
        row = notebook.find_by_uuid(self.owner_id, uuid)
        if row is None:
            return {"code": 200, "gone": True, "interaction": None}
        if self._replayed(op_id):
            return {"code": 200, "duplicate": True, "interaction": interaction_payload(row)}
        notebook.trash_interaction(self.owner_id, row.id, commit=False)
        self._receipt("delete", op_id, uuid)
        db.session.flush()
        return {"code": 200, "duplicate": False, "interaction": interaction_payload(row)}


def interactions_since(owner_id: int, revision: int, last_id: int, limit: int) -> list:
    """Interactions (tombstones included) written after (revision, id), oldest write first."""
    return db.session.scalars(
        select(Interaction).where(
            Interaction.owner_id == owner_id,
            or_(Interaction.revision > revision,
                and_(Interaction.revision == revision, Interaction.id > last_id)))
        .order_by(Interaction.revision, Interaction.id).limit(limit + 1)).all()

