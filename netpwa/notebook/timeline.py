"""Writing the timeline: log, edit, trash and restore interactions, and keep the contact's
derived fields ("last contacted", next follow-up, thank-you owed) true after each write.

Request-free: views, sync and the other packages call these with an owner id.
"""

import re
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import case, func, select
from sqlalchemy.exc import IntegrityError
from werkzeug.exceptions import NotFound

from netpwa.contacts.models import Contact
from netpwa.extensions import db, now_utc
from netpwa.notebook import cadence as cadences
from netpwa.notebook.errors import NotebookError
from netpwa.notebook.models import CHANNELS, KINDS, Interaction, InteractionHistory

UUID_RE = re.compile(r"^[0-9a-fA-F-]{8,36}$")
TEXT_LIMIT = 2000
HELPED_LIMIT = 5000
EARLIEST = date(1900, 1, 1)
# Logging ahead is for a meeting already agreed; further out is a typo.
AHEAD = timedelta(days=366)
# Meeting someone (or an informational interview) asks for a thank-you the next day ...
ASKS_FOR_THANKS = ("met", "interview")
THANKS_DELAY = timedelta(days=1)
# ... unless it was logged long after the fact: an old meeting typed in today asks nothing.
THANKS_WINDOW = timedelta(days=7)
TRASH_KEEPS = timedelta(days=30)
# "Last contacted" is when you last reached them after meeting: meeting itself and a note to
# self don't count (the list's "never contacted" stays meaningful). Every kind, though, moves
# the next follow-up: the cadence counts from the last thing that happened.
NOT_CONTACT = ("met", "note")
# A day is stored in "last contacted" (a timestamp) at noon UTC: the same day from UTC-11 to +11.
NOON = time(12, 0, tzinfo=UTC)
EDITABLE = ("kind", "channel", "occurred_on", "text", "helped")


def today_utc() -> date:
    return now_utc().date()


def live_contact(owner_id: int, contact_id: int, *, allow_trashed: bool = False) -> Contact:
    """The owner's contact, or NotFound; a trashed one is refused with a message."""
    contact = db.session.scalar(
        select(Contact).where(Contact.id == contact_id, Contact.owner_id == owner_id))
    if contact is None:
        raise NotFound()
    if contact.deleted_at is not None and not allow_trashed:
        raise NotebookError("contact", f"{contact.name} is in the trash: restore them first.")
    return contact


def get_interaction(owner_id: int, interaction_id: int) -> Interaction:
    row = db.session.scalar(select(Interaction).where(
        Interaction.id == interaction_id, Interaction.owner_id == owner_id))
    if row is None:
        raise NotFound()
    return row


def find_by_uuid(owner_id: int, uuid: str) -> Interaction | None:
    return db.session.scalar(select(Interaction).where(
        Interaction.owner_id == owner_id, Interaction.uuid == uuid.lower()))


def clean_day(value, today: date) -> date:
    """A date (or ISO text) within reason: not before 1900, at most a year ahead."""
    if value is None or value == "":
        return today
    if isinstance(value, datetime):
        value = value.date()
    if not isinstance(value, date):
        try:
            value = date.fromisoformat(str(value).strip())
        except ValueError:
            raise NotebookError("occurred_on", "Use a date like 2026-12-31.") from None
    if value < EARLIEST:
        raise NotebookError("occurred_on", "That date is too far back: use 1900 or later.")
    if value > today + AHEAD:
        raise NotebookError("occurred_on", "That date is more than a year ahead.")
    return value


def clean_values(values: dict, today: date) -> dict:
    """Check the editable fields present in `values`; NotebookError names the first bad one."""
    cleaned = {}
    if "kind" in values:
        kind = (values["kind"] or "").strip().lower()
        if kind not in KINDS:
            raise NotebookError("kind", "Pick what happened: " + ", ".join(KINDS.values()) + ".")
        cleaned["kind"] = kind
    if "channel" in values:
        channel = (values["channel"] or "").strip().lower()
        if channel and channel not in CHANNELS:
            raise NotebookError("channel", "A message goes by email, LinkedIn or text.")
        cleaned["channel"] = channel
    if "occurred_on" in values:
        cleaned["occurred_on"] = clean_day(values["occurred_on"], today)
    for field, limit in (("text", TEXT_LIMIT), ("helped", HELPED_LIMIT)):
        if field in values:
            text = (values[field] or "").replace("\x00", "").strip()
            if len(text) > limit:
                raise NotebookError(field, f"Keep it under {limit} characters.")
            cleaned[field] = text
    if cleaned.get("kind", "message") != "message":
        cleaned["channel"] = ""
    return cleaned


def log_interaction(owner_id: int, contact_id: int, kind: str, *, occurred_on=None,
                    text: str | None = None, helped: str | None = None,
                    interaction_id: str | None = None, channel: str | None = None,
                    event_id: int | None = None, today: date | None = None,
                    commit: bool = True, allow_trashed_contact: bool = False) -> Interaction:
    """Add one interaction to a contact's timeline and move their next follow-up.

    `interaction_id` is the client's UUID (form or offline outbox): a replay returns the stored
    row unchanged. Raises NotFound for an unknown or another user's contact, NotebookError
    (with the field) for bad input or a trashed contact (the sync's outbox passes
    allow_trashed_contact: what was typed offline is kept, with the contact, in the trash).
    """
    today = today or today_utc()
    uuid = (interaction_id or "").strip().lower() or None
    if uuid is not None:
        if not UUID_RE.match(uuid):
            raise NotebookError("interaction_id", "That id is not a UUID.")
        existing = find_by_uuid(owner_id, uuid)
        if existing is not None:
            if existing.contact_id != contact_id:
                raise NotFound()
            return existing
    contact = live_contact(owner_id, contact_id, allow_trashed=allow_trashed_contact)
    values = clean_values({"kind": kind, "channel": channel, "occurred_on": occurred_on,
                           "text": text, "helped": helped}, today)
    interaction = Interaction(owner_id=owner_id, contact=contact, event_id=event_id, **values)
    if uuid:
        interaction.uuid = uuid
    db.session.add(interaction)
    refresh_contact(contact, today, reset_follow_up=True)
    if not commit:
        return interaction
    try:
        db.session.commit()
    except IntegrityError:
        # Two identical requests raced past the lookup: the other one stored it.
        db.session.rollback()
        existing = find_by_uuid(owner_id, uuid) if uuid else None
        if existing is None:
            raise
        return existing
    return interaction


def _as_text(value) -> str | None:
    return value.isoformat() if isinstance(value, date) else value


def edit_interaction(owner_id: int, interaction_id: int, values: dict, *,
                     today: date | None = None, commit: bool = True,
                     allow_trashed: bool = False) -> list[str]:
    """Change some fields, keeping each overwritten value; returns the changed field names.

    allow_trashed (the sync's merge rule): an edit meeting a tombstone is applied in the trash.
    """
    today = today or today_utc()
    interaction = get_interaction(owner_id, interaction_id)
    trashed_row = interaction.deleted_at is not None or interaction.contact.deleted_at is not None
    if trashed_row and not allow_trashed:
        raise NotebookError("interaction", "That interaction is in the trash: restore it first.")
    cleaned = clean_values({k: v for k, v in values.items() if k in EDITABLE}, today)
    changed = []
    for field, value in cleaned.items():
        old = getattr(interaction, field)
        if old == value:
            continue
        db.session.add(InteractionHistory(
            owner_id=owner_id, interaction_id=interaction.id, field=field,
            old_value=_as_text(old), new_value=_as_text(value)))
        setattr(interaction, field, value)
        changed.append(field)
    if changed:
        interaction.updated_at = now_utc()
        refresh_contact(interaction.contact, today,
                        reset_follow_up=bool({"kind", "occurred_on"} & set(changed)))
    if commit:
        db.session.commit()
    return changed


def trash_interaction(owner_id: int, interaction_id: int, *, today: date | None = None,
                      commit: bool = True) -> Interaction:
    interaction = get_interaction(owner_id, interaction_id)
    if interaction.deleted_at is None:
        interaction.deleted_at = now_utc()
        interaction.updated_at = interaction.deleted_at
        refresh_contact(interaction.contact, today or today_utc(), reset_follow_up=True)
    if commit:
        db.session.commit()
    return interaction


def restore_interaction(owner_id: int, interaction_id: int, *, today: date | None = None,
                        commit: bool = True) -> Interaction:
    interaction = get_interaction(owner_id, interaction_id)
    if interaction.contact.deleted_at is not None:
        raise NotebookError("contact", f"{interaction.contact.name} is in the trash: "
                                       "restore them first.")
    if interaction.deleted_at is not None:
        interaction.deleted_at = None
        interaction.updated_at = now_utc()
        refresh_contact(interaction.contact, today or today_utc(), reset_follow_up=True)
    if commit:
        db.session.commit()
    return interaction


def set_cadence(owner_id: int, contact_id: int, key: str, *, today: date | None = None,
                commit: bool = True) -> Contact:
    """A new rhythm: the next follow-up counts from the last interaction again."""
    if key not in cadences.CADENCES:
        raise NotebookError("cadence", "Pick how often to check in.")
    contact = live_contact(owner_id, contact_id)
    if contact.cadence != key:
        contact.cadence = key
        contact.updated_at = now_utc()
        refresh_contact(contact, today or today_utc(), reset_follow_up=True)
    if commit:
        db.session.commit()
    return contact


def timeline(owner_id: int, contact_id: int, *, limit: int = 200) -> list[Interaction]:
    """The contact's live interactions, newest first (same day: latest logged first)."""
    return list(db.session.scalars(select(Interaction).where(
        Interaction.owner_id == owner_id, Interaction.contact_id == contact_id,
        Interaction.deleted_at.is_(None))
        .order_by(Interaction.occurred_on.desc(), Interaction.id.desc()).limit(limit)))


# How the timeline names each field in "earlier values".
FIELD_LABELS = {"kind": "What", "channel": "Sent by", "occurred_on": "When",
                "text": "What happened", "helped": "What helped"}


def earlier_values(owner_id: int, interaction_ids: list[int]) -> dict[int, list[dict]]:
    """The overwritten values of these interactions, newest change first, worded for people:
    interaction id -> [{"label", "old", "changed_at"}]. One query for a whole timeline."""
    if not interaction_ids:
        return {}
    rows = db.session.scalars(select(InteractionHistory).where(
        InteractionHistory.owner_id == owner_id,
        InteractionHistory.interaction_id.in_(interaction_ids))
        .order_by(InteractionHistory.changed_at.desc(), InteractionHistory.id.desc())).all()
    found: dict[int, list[dict]] = {}
    for row in rows:
        old = row.old_value or ""
        if row.field == "kind":
            old = KINDS.get(old, old)
        elif row.field == "channel":
            old = CHANNELS.get(old, old) or "none"
        elif row.field == "occurred_on" and old:
            day = date.fromisoformat(old)
            old = f"{day.day} {day.strftime('%b %Y')}"
        found.setdefault(row.interaction_id, []).append(
            {"label": FIELD_LABELS.get(row.field, row.field), "old": old or "(empty)",
             "changed_at": row.changed_at})
    return found


def trashed(owner_id: int, contact_id: int) -> list[Interaction]:
    """The contact's interactions in the trash (restorable for TRASH_KEEPS), newest first."""
    cutoff = now_utc() - TRASH_KEEPS
    return list(db.session.scalars(select(Interaction).where(
        Interaction.owner_id == owner_id, Interaction.contact_id == contact_id,
        Interaction.deleted_at.is_not(None), Interaction.deleted_at >= cutoff)
        .order_by(Interaction.deleted_at.desc())))


def purge_expired_trash(owner_id: int) -> int:
    cutoff = now_utc() - TRASH_KEEPS
    rows = db.session.scalars(select(Interaction).where(
        Interaction.owner_id == owner_id, Interaction.deleted_at.is_not(None),
        Interaction.deleted_at < cutoff)).all()
    for row in rows:
        db.session.delete(row)
    return len(rows)


def last_contacted_day(contact: Contact) -> date | None:
    return contact.last_contacted_at.date() if contact.last_contacted_at else None


def refresh_contact(contact: Contact, today: date, *, reset_follow_up: bool = False) -> None:
    """Derive "last contacted", the next follow-up and the thank-you owed from the timeline.

    One aggregate over the contact's live interactions (a handful of rows, by index). The next
    follow-up moves only when asked (an interaction logged, trashed, restored or re-dated, a new
    cadence); otherwise a snooze stands.
    """
    last_day, last_contact, last_meeting, last_thanks = db.session.execute(select(
        func.max(Interaction.occurred_on),
        func.max(case((Interaction.kind.not_in(NOT_CONTACT), Interaction.occurred_on))),
        func.max(case((Interaction.kind.in_(ASKS_FOR_THANKS), Interaction.occurred_on))),
        func.max(case((Interaction.kind == "thanks", Interaction.occurred_on))),
    ).where(Interaction.contact_id == contact.id, Interaction.deleted_at.is_(None))).one()
    _derive(contact, today, reset_follow_up, last_day, last_contact, last_meeting, last_thanks)


def _derive(contact: Contact, today: date, reset_follow_up: bool, last_day, last_contact,
            last_meeting, last_thanks) -> None:
    """Set the contact's derived fields from its timeline's latest days (refresh_contact)."""
    contact.last_contacted_at = datetime.combine(last_contact, NOON) if last_contact else None
    if reset_follow_up:
        start = last_day or (contact.met_at.date() if contact.met_at else today)
        contact.follow_up_by = cadences.next_due(start, contact.cadence)
    owed = last_meeting is not None and (last_thanks is None or last_thanks < last_meeting)
    if not owed:
        contact.thank_by = None
    else:
        wanted = last_meeting + THANKS_DELAY
        if contact.thank_by is not None:
            contact.thank_by = max(contact.thank_by, wanted)
        elif last_meeting >= today - THANKS_WINDOW:
            contact.thank_by = wanted
    contact.updated_at = now_utc()


def start_timelines(owner_id: int, entries, *, today: date | None = None
                    ) -> tuple[list[Interaction], list[tuple[int, NotebookError]]]:
    """Log the first interactions of contacts whose timeline is empty (an import's new
    contacts, flushed or not) in one go: `entries` are (contact, kind, occurred_on, text).

    Each entry is checked as log_interaction checks it; the contacts' derived fields are set as
    refresh_contact would, without a query per contact. Returns the interactions and the
    (entry index, NotebookError) of entries refused. No commit.
    """
    today = today or today_utc()
    made, refused = [], []
    days: dict[int, tuple[Contact, list[tuple[str, date]]]] = {}
    for index, (contact, kind, occurred_on, text) in enumerate(entries):
        if contact.owner_id != owner_id:
            raise NotFound()
        try:
            values = clean_values({"kind": kind, "channel": None, "occurred_on": occurred_on,
                                   "text": text, "helped": None}, today)
        except NotebookError as error:
            refused.append((index, error))
            continue
        interaction = Interaction(owner_id=owner_id, contact=contact, **values)
        db.session.add(interaction)
        made.append(interaction)
        days.setdefault(id(contact), (contact, []))[1].append(
            (values["kind"], values["occurred_on"]))
    for contact, logged in days.values():
        def latest(wanted, logged=logged):
            return max((day for kind, day in logged if wanted(kind)), default=None)
        _derive(contact, today, True, latest(lambda _kind: True),
                latest(lambda kind: kind not in NOT_CONTACT),
                latest(lambda kind: kind in ASKS_FOR_THANKS),
                latest(lambda kind: kind == "thanks"))
    return made, refused
