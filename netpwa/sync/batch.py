"""Push: apply a batch of outbox operations in order, idempotently by UUID; a bad item is
reported with its field and the others still commit."""

import json
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from netpwa.contacts import inline, service
from netpwa.contacts.fields import clean_contact_fields
from netpwa.contacts.models import EDITABLE_FIELDS, Contact
from netpwa.events.models import Event
from netpwa.extensions import db, now_utc
from netpwa.formats.dates import parse_datetime
from netpwa.recall import answers as recall_answers
from netpwa.recall.clock import today as recall_today
from netpwa.sync import merge
from netpwa.sync.changes import contact_payload
from netpwa.sync.interactions import InteractionOps
from netpwa.sync.models import SyncReceipt

MAX_BYTES = 1024 * 1024
MAX_ITEMS = 500
# "recall" is a name-practice answer (netpwa.recall): it rides the same outbox, once per op_id.
OPS = ("create", "update", "delete", "recall")
CREATE_FIELDS = frozenset(EDITABLE_FIELDS) | {"met_at"}
# An edit carries what an inline edit form posts, read by the same rules (contacts.inline).
EDIT_FIELDS = frozenset(inline.FIELDS)
# A replayed operation older than this is long settled; its receipt can go.
RECEIPTS_KEEP = timedelta(days=90)
# A phone whose clock runs fast must not date a capture in the future.
CLOCK_SKEW = timedelta(minutes=5)
EARLIEST = datetime(2000, 1, 1, tzinfo=UTC)


class SyncError(Exception):
    """A batch or one of its items is unusable: (status, message, field) for the JSON error."""

    def __init__(self, status: int, message: str, field: str | None = None):
        super().__init__(message)
        self.status, self.message, self.field = status, message, field


@dataclass(frozen=True)
class Incoming:
    """A parsed batch: its items and, when the client says, the account they were made in."""

    items: list
    user: str | None


def parse_batch(body: bytes) -> Incoming:
    """A JSON batch {"user": "...", "items": [...]}, or a SyncError saying what is wrong."""
    if len(body) > MAX_BYTES:
        raise SyncError(413, f"That batch is {len(body):,} bytes; send at most {MAX_BYTES:,} "
                              "bytes (1 MB) per request, in smaller batches.")
    try:
        payload = json.loads(body or b"null")
    except (ValueError, UnicodeDecodeError, RecursionError):
        raise SyncError(400, "The body must be JSON like {\"items\": [...]}.") from None
    if not isinstance(payload, dict) or not isinstance(payload.get("items"), list):
        raise SyncError(400, "The body must be JSON like {\"items\": [...]}.", "items")
    items = payload["items"]
    if len(items) > MAX_ITEMS:
        raise SyncError(413, f"That batch has {len(items):,} changes; send at most "
                              f"{MAX_ITEMS} per request.", "items")
    user = payload.get("user")
    return Incoming(items, str(user) if user is not None else None)


def _uuid_field(item: dict, key: str, *, required: bool) -> str | None:
    value = item.get(key)
    if value in (None, "") and not required:
        return None
    if not isinstance(value, str) or not service.UUID_RE.match(value):
        raise SyncError(422, f"Each change needs a valid {key}.", key)
    return value.lower()


def _fields(item: dict, allowed: frozenset, *, strict: bool) -> dict:
    """The item's fields; strict refuses unknown names (an edit that would silently be lost),
    otherwise they are left out, as the capture form's own request leaves them out."""
    fields = item.get("fields")
    if not isinstance(fields, dict):
        raise SyncError(422, "The change has no fields.", "fields")
    unknown = [str(name)[:40] for name in fields if name not in allowed]
    if unknown and strict:
        raise SyncError(422, f"“{unknown[0]}” isn't a field that can be changed.", unknown[0])
    return {name: value for name, value in fields.items() if name in allowed}


def _cleaned(fields: dict, *, partial: bool) -> dict:
    values, errors = clean_contact_fields(fields, partial=partial)
    if errors:
        field = next(iter(errors))
        raise SyncError(422, errors[field], field)
    return values


def _plausible(value: datetime) -> bool:
    """A time a capture can have happened at (and that date arithmetic can't overflow)."""
    try:
        return EARLIEST <= value.astimezone(UTC) <= now_utc() + CLOCK_SKEW
    except OverflowError:
        return False


def _client_time(item: dict) -> datetime | None:
    raw = item.get("client_time")
    if not isinstance(raw, str):
        return None
    try:
        value = parse_datetime(raw)
    except ValueError:
        return None
    return value if value is not None and _plausible(value) else None


class Batch:
    """One user's batch, applied in order in one transaction; a bad item is reported and
    changes nothing, the others commit.

    Everything the items refer to (contacts by UUID, receipts, events) is loaded up front, so
    500 captures cost a few queries and one commit. If that commit fails because a concurrent
    request stored one of the same UUIDs or operations first, the batch is rolled back and
    applied again one item at a time, each committed on its own: still exactly once.
    """

    def __init__(self, owner_id: int, current_event_id: int | None):
        self.owner_id = owner_id
        self.current_event_id = current_event_id
        self._contacts: dict[str, Contact | None] = {}
        self._receipts: set[str] = set()
        self._events: set[int] | None = None
        self._preloaded = False

    def apply(self, items: list) -> list[dict]:
        """A result per item, in order (status "ok" or "error" with code, message and field)."""
        try:
            results = self._apply_together(items)
        except SQLAlchemyError:
            db.session.rollback()
            results = self._apply_one_by_one(items)
        self._prune_receipts()
        return results

    def _apply_together(self, items: list) -> list[dict]:
        self._preload(items)
        results = [self._run(index, item) for index, item in enumerate(items)]
        db.session.flush()
        self._serialise(results)
        db.session.commit()
        return results

    def _apply_one_by_one(self, items: list) -> list[dict]:
        self._contacts, self._receipts, self._preloaded = {}, set(), False
        results = []
        for index, item in enumerate(items):
            try:
                result = self._run(index, item)
                db.session.commit()
            except IntegrityError:
                # Stored by a concurrent request in the meantime: running it again finds it.
                db.session.rollback()
                self._contacts, self._receipts = {}, set()
                result = self._run(index, item)
                db.session.commit()
            except SQLAlchemyError:
                db.session.rollback()
                self._contacts, self._receipts = {}, set()
                result = {"index": index, "status": "error", "code": 409, "field": None,
                          "error": "The server couldn't store this change. Nothing else was lost."}
            self._serialise([result])
            results.append(result)
        return results

    def _preload(self, items: list) -> None:
        uuids, op_ids = set(), set()
        for item in items:
            if isinstance(item, dict):
                for key, found in (("uuid", uuids), ("op_id", op_ids)):
                    value = item.get(key)
                    if isinstance(value, str) and service.UUID_RE.match(value):
                        found.add(value.lower())
        self._contacts = dict.fromkeys(uuids)
        if uuids:
            self._contacts.update({contact.uuid: contact for contact in db.session.scalars(
                select(Contact).where(Contact.owner_id == self.owner_id,
                                      Contact.uuid.in_(uuids)))})
        if op_ids:
            self._receipts = set(db.session.scalars(select(SyncReceipt.op_id).where(
                SyncReceipt.owner_id == self.owner_id, SyncReceipt.op_id.in_(op_ids))))
        self._event_ids()
        self._preloaded = True

    @staticmethod
    def _serialise(results: list[dict]) -> None:
        for result in results:
            if isinstance(result.get("contact"), Contact):
                result["contact"] = contact_payload(result["contact"])

    def _run(self, index: int, item) -> dict:
        """One item's changes, in the session and not committed; validation happens before
        any change, so an item that fails leaves nothing behind."""
        result = {"index": index}
        try:
            if not isinstance(item, dict):
                raise SyncError(422, "Each change must be a JSON object.", "items")
            result["op"] = op = item.get("op")
            result["uuid"] = item.get("uuid") if isinstance(item.get("uuid"), str) else None
            result["op_id"] = item.get("op_id") if isinstance(item.get("op_id"), str) else None
            if op not in OPS:
                raise SyncError(422, "The change must be a create, an update, a delete or a "
                                     "recall answer.", "op")
            uuid = _uuid_field(item, "uuid", required=True)
            if item.get("type", "contact") == "interaction":
                result["type"] = "interaction"
                result.update(self._interaction(op, uuid, item))
                result["status"] = "ok"
                return result
            if item.get("type", "contact") != "contact":
                raise SyncError(422, "A change is to a contact or an interaction.", "type")
            handler = {"create": self._create, "update": self._update, "delete": self._delete,
                       "recall": self._recall}[op]
            result.update(handler(uuid, item))
            result["status"] = "ok"
        except SyncError as error:
            result.update(status="error", code=error.status, error=error.message, field=error.field)
        return result

    def _interaction(self, op: str, uuid: str, item: dict) -> dict:
        """Interactions (the notebook's timeline) ride in the same batch and transaction."""
        ops = InteractionOps(self.owner_id, SyncError, self._find_contact, self._replayed,
                             self._receipt)
        if op not in ("create", "update", "delete"):
            raise SyncError(422, "An interaction change is a create, an update or a delete.", "op")
        if op == "create":
            return ops.create(uuid, item)
        op_id = _uuid_field(item, "op_id", required=False)
        return ops.update(uuid, item, op_id) if op == "update" else ops.delete(uuid, item, op_id)

    def _find_contact(self, uuid: str) -> Contact | None:
        """A contact by UUID for an interaction: made earlier in this batch, or stored."""
        found = self._contacts.get(uuid)
        return found if found is not None else service.find_by_uuid(self.owner_id, uuid)

    def _find(self, uuid: str) -> Contact | None:
        if uuid not in self._contacts and not self._preloaded:
            self._contacts[uuid] = service.find_by_uuid(self.owner_id, uuid)
        return self._contacts.get(uuid)

    def _replayed(self, op_id: str | None) -> bool:
        if op_id is None:
            return False
        if op_id not in self._receipts and not self._preloaded:
            if db.session.scalar(select(SyncReceipt.id).where(
                    SyncReceipt.owner_id == self.owner_id, SyncReceipt.op_id == op_id)):
                self._receipts.add(op_id)
        return op_id in self._receipts

    def _receipt(self, op: str, op_id: str | None, uuid: str) -> None:
        if op_id is not None:
            db.session.add(SyncReceipt(owner_id=self.owner_id, op_id=op_id, op=op,
                                       contact_uuid=uuid))
            self._receipts.add(op_id)

    def _event_ids(self) -> set[int]:
        if self._events is None:
            self._events = set(db.session.scalars(
                select(Event.id).where(Event.owner_id == self.owner_id)))
        return self._events

    def _event_id(self, item: dict) -> int | None:
        if "event_id" not in item:
            return self.current_event_id
        event_id = item.get("event_id")
        # An event deleted (or never ours) since the capture: keep the person, drop the link.
        if isinstance(event_id, int) and not isinstance(event_id, bool) \
                and event_id in self._event_ids():
            return event_id
        return None

    def _create(self, uuid: str, item: dict) -> dict:
        values = _cleaned(_fields(item, CREATE_FIELDS, strict=False), partial=False)
        met_at = values.get("met_at")
        if met_at is not None and not _plausible(met_at):
            raise SyncError(422, "Use a date and time between 2000 and now.", "met_at")
        existing = self._find(uuid)
        if existing is not None:
            return {"code": 200, "created": False, "contact": existing}
        if values.get("met_at") is None:
            values["met_at"] = _client_time(item) or now_utc()
        contact = service.new_contact(self.owner_id, values, uuid=uuid,
                                      event_id=self._event_id(item))
        db.session.add(contact)
        self._contacts[uuid] = contact
        return {"code": 201, "created": True, "contact": contact}

    def _edit_values(self, contact: Contact, fields: dict) -> dict:
        """Read an edit exactly as the inline edit form's own request would be read."""
        values = {}
        for name, raw in fields.items():
            cleaned, errors, _typed = inline.clean_inline(
                contact, inline.FIELDS[name], {name: "" if raw is None else raw},
                self._event_ids())
            if errors:
                field = next(iter(errors))
                raise SyncError(422, errors[field], field)
            values.update(cleaned)
        return values

    def _update(self, uuid: str, item: dict) -> dict:
        fields = _fields(item, EDIT_FIELDS, strict=True)
        if not fields:
            raise SyncError(422, "The change has no fields.", "fields")
        op_id = _uuid_field(item, "op_id", required=False)
        contact = self._find(uuid)
        if contact is None:
            raise SyncError(404, "That contact no longer exists, so the edit couldn't be kept.",
                            "uuid")
        if self._replayed(op_id):
            return {"code": 200, "duplicate": True, "contact": contact}
        values = self._edit_values(contact, fields)
        if contact.id is None:
            db.session.flush()  # created earlier in this batch: its history needs its id
        merged = merge.merge_edit(contact, values)
        self._receipt("update", op_id, uuid)
        return {"code": 200, "duplicate": False, "changed": list(merged.changed),
                "in_trash": merged.in_trash, "contact": contact}

    def _delete(self, uuid: str, item: dict) -> dict:
        op_id = _uuid_field(item, "op_id", required=False)
        contact = self._find(uuid)
        if contact is None:
            return {"code": 200, "gone": True, "contact": None}
        if self._replayed(op_id):
            return {"code": 200, "duplicate": True, "contact": contact}
        merge.merge_delete(contact)
        self._receipt("delete", op_id, uuid)
        return {"code": 200, "duplicate": False, "contact": contact}

    def _recall(self, uuid: str, item: dict) -> dict:
        """A practice answer: moves the person's Leitner box once per op_id. An answer about
        someone trashed since is confirmed and dropped: they have left the drill."""
        op_id = _uuid_field(item, "op_id", required=True)
        fields = item.get("fields")
        if not isinstance(fields, dict):
            raise SyncError(422, "The change has no fields.", "fields")
        contact = self._find(uuid)
        if contact is None or contact.deleted_at is not None:
            return {"code": 200, "gone": True, "contact": None}
        if contact.id is None:
            db.session.flush()
        today = recall_today()
        answered = _client_time(item)
        answered_on = min(answered.date(), today) if answered else today
        try:
            outcome = recall_answers.record(self.owner_id, contact, fields, op_id, answered_on)
        except recall_answers.AnswerError as error:
            raise SyncError(422, error.message, error.field) from None
        return {"code": 200, "duplicate": outcome.duplicate, "correct": outcome.correct,
                "box": outcome.box, "due_on": outcome.due_on.isoformat(), "contact": None}

    def _prune_receipts(self) -> None:
        db.session.execute(delete(SyncReceipt).where(
            SyncReceipt.owner_id == self.owner_id,
            SyncReceipt.applied_at < now_utc() - RECEIPTS_KEEP))
        db.session.commit()
