"""Running an import and undoing it, in chunks that each hold SQLite's write lock briefly.

The file was parsed at upload; here each chunk of CHUNK_ROWS rows is planned outside any
transaction, then written in one short transaction together with the batch's progress (so a
stopped import resumes where its last chunk ended). Everything done is recorded in
`import_changes`, so undo can trash the new contacts, revert merges and trash the timeline
entries the import logged.
"""

import json
import logging
import threading
import time as clock
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import or_, select, update
from werkzeug.exceptions import NotFound

from netpwa.contacts import service as contacts
from netpwa.contacts.duplicates import DuplicateIndex, name_key
from netpwa.contacts.fields import normalise_tags
from netpwa.contacts.models import Contact
from netpwa.contacts.vcard import Channel
from netpwa.contacts.vcard_import import store_channels
from netpwa.events.models import Event
from netpwa.extensions import db, end_read, now_utc
from netpwa.imports import service
from netpwa.imports.models import ImportBatch, ImportChange
from netpwa.imports.rows import RowPlan
from netpwa.notebook import service as notebook
from netpwa.notebook.errors import NotebookError
from netpwa.outreach import service as outreach
from netpwa.outreach.models import Referral

log = logging.getLogger(__name__)

# At most this many rows per transaction, fewer when rows are slow to write: each chunk
# should hold SQLite's write lock for about CHUNK_SECONDS, so other people's writes barely wait.
CHUNK_ROWS = 200
FIRST_CHUNK_ROWS = 50
MIN_CHUNK_ROWS = 5
CHUNK_SECONDS = 0.2
# A running import whose batch hasn't moved for this long lost its worker: it may be resumed.
STALE_AFTER = timedelta(minutes=2)
REPORT_LIMIT = 1000
NOON = time(12, 0, tzinfo=UTC)
MERGE_TEXT_FIELDS = ("headline", "company", "mnemonic", "email", "phone", "link")


def _text(value):
    return value.isoformat() if isinstance(value, date | datetime) else value


def claim(owner_id: int, batch_id: int) -> bool:
    """Mark the batch running if it may start or resume (a preview, a stopped import, or one
    whose worker went away); False when it is already running or finished. Commits."""
    now = now_utc()
    result = db.session.execute(update(ImportBatch).where(
        ImportBatch.id == batch_id, ImportBatch.owner_id == owner_id,
        or_(ImportBatch.status.in_(("preview", "stopped")),
            (ImportBatch.status == "running") & (ImportBatch.updated_at < now - STALE_AFTER)))
        .values(status="running", updated_at=now, error=""))
    db.session.commit()
    return result.rowcount == 1


def start(app, batch_id: int) -> threading.Thread | None:
    """Run a claimed batch on a thread of this process (the request answers at once and the
    page polls the progress); IMPORTS_IN_THREAD=False runs it here and now."""
    if not app.config.get("IMPORTS_IN_THREAD", True):
        run_batch(batch_id)
        return None
    thread = threading.Thread(target=_run_in_app, args=(app, batch_id), daemon=True,
                              name=f"import-{batch_id}")
    thread.start()
    return thread


def _run_in_app(app, batch_id: int) -> None:
    with app.app_context():
        try:
            run_batch(batch_id)
        finally:
            db.session.remove()


class _Run:
    """What one run keeps between chunks: the duplicate index, events by name, the contacts
    this batch created, and who was introduced by whom (linked once every row exists)."""

    def __init__(self, batch: ImportBatch):
        self.rows_per_chunk = FIRST_CHUNK_ROWS
        self.owner_id = batch.owner_id
        self.batch_id = batch.id
        self.filename = batch.filename
        self.today = now_utc().date()
        self.index = DuplicateIndex(batch.owner_id)
        self.events = {name_key(name): event_id for event_id, name in db.session.execute(
            select(Event.id, Event.name).where(Event.owner_id == batch.owner_id))}
        self.created = set(db.session.scalars(select(ImportChange.contact_id).where(
            ImportChange.batch_id == batch.id, ImportChange.action == "created")))
        self.introductions: list[tuple[int, str, int]] = []
        # A new contact's key in the index (its row, negated) -> its id, once flushed.
        self.aliases: dict[int, int] = {}
        self.skipped: list = json.loads(batch.skipped_json)
        self.remarks: list = json.loads(batch.notes_json)

    def pace(self, rows: int, seconds: float) -> None:
        """Size the next chunk so that its transaction takes about CHUNK_SECONDS (merges into
        old contacts cost more per row than new contacts; a busy server is slower)."""
        per_row = seconds / max(rows, 1)
        wanted = int(CHUNK_SECONDS / per_row) if per_row else CHUNK_ROWS
        self.rows_per_chunk = max(MIN_CHUNK_ROWS, min(CHUNK_ROWS, wanted))

    def remark(self, row: int, text: str) -> None:
        if len(self.remarks) < REPORT_LIMIT:
            self.remarks.append([row, text])


def run_batch(batch_id: int) -> None:
    """Write a claimed batch chunk by chunk; on an error the batch stops (resumable) with it."""
    batch = db.session.get(ImportBatch, batch_id)
    if batch is None or batch.status != "running":
        db.session.rollback()
        return
    run = _Run(batch)
    position = batch.done
    if position == 0:
        run.skipped = [[number, reason] for number, reason in json.loads(
            batch.read_problems_json)]
    end_read()  # the transaction ends; loaded rows stay usable without a query
    # The whole file is planned with no transaction open (SQLite's write lock is free).
    plans = service.plan_rows(batch)
    try:
        while position < len(plans):
            chunk = plans[position:position + run.rows_per_chunk]
            started = clock.perf_counter()
            created, merged = _write_chunk(run, chunk)
            position += len(chunk)
            if not _progress(run, position, created, merged):
                return
            run.pace(len(chunk), clock.perf_counter() - started)
        # Referrers can come later in the file than the people they introduced.
        pending = run.introductions
        by_name = _live_names(run.owner_id, {name_key(name) for _c, name, _r in pending})
        end_read()  # the transaction ends; loaded rows stay usable without a query
        for start_at in range(0, len(pending), CHUNK_ROWS):
            _link_introductions(run, pending[start_at:start_at + CHUNK_ROWS], by_name)
            db.session.commit()
        _finish(run)
    except Exception as error:  # the batch says what stopped it; the chunks so far stay
        db.session.rollback()
        log.exception("import %s stopped", batch_id)
        db.session.execute(update(ImportBatch).where(ImportBatch.id == batch_id).values(
            status="stopped", error=f"Stopped at row {position + 1}: {error}"[:500],
            updated_at=now_utc()))
        db.session.commit()


def _progress(run: _Run, position: int, created: int, merged: int) -> bool:
    """Record a chunk's progress in its own transaction; False if the batch was taken away."""
    batch = db.session.get(ImportBatch, run.batch_id)
    if batch is None or batch.status != "running":
        db.session.rollback()
        return False
    batch.done = position
    batch.created_count += created
    batch.merged_count += merged
    batch.skipped_json = json.dumps(run.skipped[:REPORT_LIMIT])
    batch.notes_json = json.dumps(run.remarks)
    batch.updated_at = now_utc()
    db.session.commit()
    return True


def _finish(run: _Run) -> None:
    batch = db.session.get(ImportBatch, run.batch_id)
    batch.status = "done"
    batch.finished_at = now_utc()
    batch.updated_at = batch.finished_at
    batch.skipped_json = json.dumps(run.skipped[:REPORT_LIMIT])
    batch.notes_json = json.dumps(run.remarks)
    # The file itself isn't needed any more; the report and the changes are.
    batch.rows_json = "[]"
    db.session.commit()


def _event_id(run: _Run, plan: RowPlan) -> int | None:
    if not plan.where_met:
        return None
    key = name_key(plan.where_met)
    if key not in run.events:
        event = Event(owner_id=run.owner_id, name=plan.where_met,
                      held_on=plan.met_on or run.today)
        db.session.add(event)
        db.session.flush()
        db.session.add(ImportChange(owner_id=run.owner_id, batch_id=run.batch_id,
                                    action="event", event_id=event.id, row=plan.row))
        run.events[key] = event.id
    return run.events[key]


def _write_chunk(run: _Run, chunk: list[RowPlan]) -> tuple[int, int]:
    """Write one chunk (no commit): new contacts are added together and flushed once (one sync
    revision for all), their timelines started in one go; a row matching an earlier row of the
    file fills that new contact in place, one matching a contact you had is merged."""
    created = merged = 0
    new: dict[int, tuple[Contact, list[RowPlan]]] = {}
    for plan in chunk:
        if plan.problem:
            run.skipped.append([plan.row, plan.problem])
            continue
        for remark in plan.remarks:
            run.remark(plan.row, remark)
        match = run.index.match(plan.values, plan.extra_emails, plan.extra_phones,
                                phone_needs_same_name=True)
        if match is None:
            contact = _new_contact(run, plan)
            # Findable by later rows under the row's negated number (it has no id yet).
            run.index.add(-plan.row, plan.values, plan.extra_emails, plan.extra_phones)
            new[-plan.row] = (contact, [plan])
            created += 1
        elif match in new:
            _fill_new(new[match][0], plan)
            new[match][1].append(plan)
        else:
            contact_id = run.aliases.get(match, match)
            contact = db.session.get(Contact, contact_id)
            if contact_id in run.created:
                _fill_new(contact, plan)
                _log_last_contact(run, contact, plan)
                if plan.introduced_by:
                    run.introductions.append((contact.id, plan.introduced_by, plan.row))
            else:
                _fill(contact, plan, run)
                merged += 1
    db.session.flush()
    entries, rows = [], []
    for key, (contact, plans) in new.items():
        run.aliases[key] = contact.id
        run.created.add(contact.id)
        db.session.add(ImportChange(owner_id=run.owner_id, batch_id=run.batch_id,
                                    action="created", contact_id=contact.id, row=plans[0].row))
        emails = [e for p in plans for e in [p.values.get("email"), *p.extra_emails] if e]
        phones = [t for p in plans for t in [p.values.get("phone"), *p.extra_phones] if t]
        if len(emails) > 1 or len(phones) > 1:
            store_channels(run.owner_id, contact.id, [Channel(v, ()) for v in phones],
                           [Channel(v, ()) for v in emails])
        for p in plans:
            if p.last_contact:
                entries.append((contact, "message", p.last_contact, _last_contact_text(run)))
                rows.append(p.row)
        run.introductions += [(contact.id, p.introduced_by, p.row)
                              for p in plans if p.introduced_by]
    _made, refused = notebook.start_timelines(run.owner_id, entries, today=run.today)
    for index, error in refused:
        run.remark(rows[index], f"Last contact not added to the timeline: {error.message}")
    for contact, plans in new.values():
        # An import doesn't make a backlog of overdue check-ins: the next follow-up is the
        # file's (none if it has none); the cadence takes over from the next interaction.
        contact.follow_up_by = next((p.follow_up_by for p in plans if p.follow_up_by), None)
    db.session.flush()
    return created, merged


def _last_contact_text(run: _Run) -> str:
    return f"Last contact, from the import of {run.filename}"[:200]


def _new_contact(run: _Run, plan: RowPlan) -> Contact:
    values = dict(plan.values)
    met_at = datetime.combine(plan.met_on, NOON) if plan.met_on else now_utc()
    contact = Contact(owner_id=run.owner_id, source="import", met_at=met_at,
                      event_id=_event_id(run, plan), cadence=plan.cadence or "2m", **values)
    db.session.add(contact)
    return contact


def _fill_new(contact: Contact, plan: RowPlan) -> None:
    """A later row of the file about a contact this import made: its blanks filled, notes and
    tags added (no history kept: the contact is new)."""
    for key in MERGE_TEXT_FIELDS:
        if plan.values.get(key) and not getattr(contact, key):
            setattr(contact, key, plan.values[key])
    notes = plan.values.get("notes") or ""
    if notes and notes not in (contact.notes or ""):
        contact.notes = f"{contact.notes}\n\n{notes}" if contact.notes else notes
    contact.tags = normalise_tags((contact.tag_list if contact.tags else []) + [
        t for t in plan.values.get("tags", "").split(",") if t])


def _log_last_contact(run: _Run, contact: Contact, plan: RowPlan) -> int | None:
    if plan.last_contact is None:
        return None
    try:
        interaction = notebook.log_interaction(
            run.owner_id, contact.id, "message", occurred_on=plan.last_contact,
            text=f"Last contact, from the import of {run.filename}"[:200], today=run.today,
            commit=False)
    except NotebookError as error:
        run.remark(plan.row, f"Last contact not added to the timeline: {error.message}")
        return None
    db.session.flush()
    return interaction.id


def _fill(contact: Contact, plan: RowPlan, run: _Run) -> None:
    """Merge a row into a contact: empty fields filled, notes appended, tags added; what it
    overwrote is recorded for undo. No commit."""
    changes: dict = {}
    for key in MERGE_TEXT_FIELDS:
        new = plan.values.get(key) or ""
        if new and not getattr(contact, key):
            changes[key] = new
    notes = plan.values.get("notes") or ""
    if notes and notes not in contact.notes:
        changes["notes"] = f"{contact.notes}\n\n{notes}" if contact.notes else notes
    tags = normalise_tags(contact.tag_list + [t for t in plan.values.get("tags", "").split(",")
                                              if t])
    if tags != contact.tags:
        changes["tags"] = tags
    if contact.event_id is None and plan.where_met:
        changes["event_id"] = _event_id(run, plan)
    before = {key: _text(getattr(contact, key)) for key in changes}
    follow_up_before = contact.follow_up_by
    contacts.apply_changes(contact, changes, origin="import")
    run.index.add(contact.id, {**plan.values, "name": contact.name}, plan.extra_emails,
                  plan.extra_phones)
    interaction_id = _log_last_contact(run, contact, plan)
    # Logging moved the next follow-up by the cadence; the file's date wins where none was set.
    if follow_up_before is None and plan.follow_up_by:
        contact.follow_up_by = plan.follow_up_by
    fields = {key: [before[key], _text(value)] for key, value in changes.items()}
    if contact.follow_up_by != follow_up_before:
        fields["follow_up_by"] = [_text(follow_up_before), _text(contact.follow_up_by)]
    if plan.introduced_by:
        run.introductions.append((contact.id, plan.introduced_by, plan.row))
    db.session.add(ImportChange(
        owner_id=run.owner_id, batch_id=run.batch_id, action="merged", contact_id=contact.id,
        row=plan.row, previous_json=json.dumps({
            "fields": fields, "interactions": [interaction_id] if interaction_id else []})))


def _live_names(owner_id: int, wanted: set[str]) -> dict[str, list[int]]:
    """Live contacts' ids by name, for the names asked about."""
    by_name: dict[str, list[int]] = {}
    if not wanted:
        return by_name
    for contact_id, name in db.session.execute(select(Contact.id, Contact.name).where(
            Contact.owner_id == owner_id, Contact.deleted_at.is_(None))):
        if name_key(name) in wanted:
            by_name.setdefault(name_key(name), []).append(contact_id)
    return by_name


def _link_introductions(run: _Run, pending: list[tuple[int, str, int]],
                        by_name: dict[str, list[int]]) -> None:
    """"Introduced by" becomes a referral when exactly one live contact has that name, and a
    line in the notes otherwise. No commit."""
    for contact_id, name, row in pending:
        contact = db.session.get(Contact, contact_id)
        if contact is None or outreach.referrer_of(contact) is not None:
            continue
        candidates = [i for i in by_name.get(name_key(name), []) if i != contact_id]
        error = "not found"
        if len(candidates) == 1:
            error = outreach.record_referral(run.owner_id, contact_id, candidates[0])
        elif len(candidates) > 1:
            error = "several people have that name"
        merged_here = contact_id not in run.created
        if error is None:
            if merged_here:
                db.session.add(ImportChange(
                    owner_id=run.owner_id, batch_id=run.batch_id, action="merged",
                    contact_id=contact_id, row=row,
                    previous_json=json.dumps({"referral": candidates[0]})))
            continue
        line = f"Introduced by: {name}"
        if line in contact.notes:
            continue
        before = contact.notes
        contacts.apply_changes(contact, {"notes": f"{before}\n\n{line}" if before else line},
                               origin="import")
        if error != "not found":
            run.remark(row, f"Introduced by “{name}”: {error}; kept in the notes.")
        if merged_here:
            db.session.add(ImportChange(
                owner_id=run.owner_id, batch_id=run.batch_id, action="merged",
                contact_id=contact_id, row=row,
                previous_json=json.dumps({"fields": {"notes": [before, contact.notes]}})))


def stalled(batch: ImportBatch) -> bool:
    """A running import whose worker went away (a restart): it may be continued."""
    return batch.status == "running" and batch.updated_at < now_utc() - STALE_AFTER


def can_undo(batch: ImportBatch) -> bool:
    return (batch.status in ("done", "stopped") and batch.done > 0
            and batch.created_at >= now_utc() - service.UNDO_KEEPS)


def undo(owner_id: int, batch_id: int) -> bool:
    """Undo a whole import: its new contacts go to the trash, merged contacts get back the
    values it overwrote (unless changed since), its timeline entries and links go, and the
    events it made go if nobody live was met there. Chunked short transactions; commits.
    False when the batch can't be undone (running, already undone, over 30 days old)."""
    batch = db.session.scalar(select(ImportBatch).where(
        ImportBatch.id == batch_id, ImportBatch.owner_id == owner_id))
    if batch is None or not can_undo(batch):
        db.session.rollback()
        return False
    batch.status = "undoing"
    batch.updated_at = now_utc()
    db.session.commit()
    change_ids = list(db.session.scalars(select(ImportChange.id).where(
        ImportChange.batch_id == batch_id).order_by(ImportChange.id.desc())))
    db.session.commit()
    today = now_utc().date()
    for start_at in range(0, len(change_ids), CHUNK_ROWS):
        chunk = db.session.scalars(select(ImportChange).where(
            ImportChange.id.in_(change_ids[start_at:start_at + CHUNK_ROWS]))
            .order_by(ImportChange.id.desc())).all()
        for change in chunk:
            _undo_change(owner_id, change, today)
        db.session.commit()
    batch = db.session.get(ImportBatch, batch_id)
    batch.status = "undone"
    batch.undone_at = now_utc()
    batch.updated_at = batch.undone_at
    db.session.commit()
    return True


def _undo_change(owner_id: int, change: ImportChange, today: date) -> None:
    if change.action == "event":
        event = db.session.get(Event, change.event_id) if change.event_id else None
        if event is not None and db.session.scalar(select(Contact.id).where(
                Contact.event_id == event.id, Contact.deleted_at.is_(None)).limit(1)) is None:
            db.session.delete(event)
        return
    contact = db.session.get(Contact, change.contact_id) if change.contact_id else None
    if contact is None or contact.owner_id != owner_id:
        return
    if change.action == "created":
        if contact.deleted_at is None:
            contacts.trash(contact)
        return
    previous = json.loads(change.previous_json)
    # Decided before the timeline entries go (trashing them moves the next follow-up again).
    revert = {}
    for key, (before, after) in previous.get("fields", {}).items():
        if _text(getattr(contact, key)) != after:
            continue  # changed since the import: the later edit stands
        if key == "follow_up_by":
            revert[key] = date.fromisoformat(before) if before else None
        else:
            revert[key] = before if before is not None or key == "event_id" else ""
    for interaction_id in previous.get("interactions", []):
        try:
            notebook.trash_interaction(owner_id, interaction_id, today=today, commit=False)
        except NotFound:
            continue  # deleted since: nothing to undo
    if previous.get("referral"):
        db.session.execute(Referral.__table__.delete().where(
            Referral.owner_id == owner_id, Referral.contact_id == contact.id,
            Referral.referrer_id == previous["referral"]))
    contacts.apply_changes(contact, revert, origin="import undo")
    if "follow_up_by" in revert:
        contact.follow_up_by = revert["follow_up_by"]
