"""Interviews: prep list, notes from interview mode, finishing, and what comes after.
Request-free; callers commit."""

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select

from netpwa.contacts import service as contacts_service
from netpwa.contacts.models import Contact
from netpwa.extensions import db, now_utc
from netpwa.forms import strip_controls
from netpwa.interviews import timeline
from netpwa.interviews.models import (QUESTION_MAX, CareerPath, ContactPath, Interview,
                                      InterviewQuestion, InterviewReferral, Question)

NOTES_MAX = 20_000
# The advice: thank them within a day; tell them later how their advice worked out.
THANKS_WITHIN = timedelta(days=1)
TELL_BACK_AFTER = timedelta(days=30)
NAME_MAX = 200
REFERRALS_MAX = 20


class NotesError(Exception):
    """Notes that can't be stored as sent: (status, message, field) for the JSON answer."""

    def __init__(self, status: int, message: str, field: str):
        super().__init__(message)
        self.status, self.message, self.field = status, message, field


def live_interview(owner_id: int, interview_id: int) -> Interview | None:
    return db.session.scalar(select(Interview).where(
        Interview.owner_id == owner_id, Interview.id == interview_id))


def picked(interview: Interview) -> list[InterviewQuestion]:
    return db.session.scalars(select(InterviewQuestion).where(
        InterviewQuestion.interview_id == interview.id)
        .order_by(InterviewQuestion.position, InterviewQuestion.id)).all()


def pick_questions(interview: Interview, question_ids: list[int]) -> int:
    """Copy bank questions onto the prep list, in bank order, skipping ones already there."""
    have = {q.question_id for q in picked(interview)}
    wanted = [i for i in question_ids if i not in have]
    if not wanted:
        return 0
    rows = db.session.scalars(select(Question).where(
        Question.owner_id == interview.owner_id, Question.id.in_(wanted))
        .order_by(Question.position, Question.id)).all()
    last = db.session.scalar(select(func.max(InterviewQuestion.position)).where(
        InterviewQuestion.interview_id == interview.id)) or 0
    for index, question in enumerate(rows, start=1):
        db.session.add(InterviewQuestion(
            owner_id=interview.owner_id, interview_id=interview.id, question_id=question.id,
            category=question.category, text=question.text, position=last + index * 10))
    return len(rows)


def add_own_question(interview: Interview, text: str) -> InterviewQuestion:
    last = db.session.scalar(select(func.max(InterviewQuestion.position)).where(
        InterviewQuestion.interview_id == interview.id)) or 0
    row = InterviewQuestion(owner_id=interview.owner_id, interview_id=interview.id,
                            text=text[:QUESTION_MAX], position=last + 10)
    db.session.add(row)
    return row


def _client_time(raw, now: datetime) -> datetime:
    """When the box was typed in, by the phone's clock, never later than now."""
    try:
        value = datetime.fromisoformat(str(raw).replace("Z", "+00:00"))
    except ValueError:
        return now
    value = value if value.tzinfo else value.replace(tzinfo=UTC)
    return min(value.astimezone(UTC), now)


def _later(stored: datetime | None, incoming: datetime) -> bool:
    return stored is None or incoming >= stored


def apply_notes(interview: Interview, boxes: dict, *, now: datetime | None = None) -> int:
    """Notes from interview mode, box by box: "general" or a picked question's id mapped to
    {"text", "at"}. A box keeps the latest text by the time it was typed, so an older copy
    replayed from a second phone doesn't overwrite a newer one. Returns boxes changed."""
    now = now or now_utc()
    if not isinstance(boxes, dict):
        raise NotesError(400, "Notes must be a JSON object of boxes.", "notes")
    rows = {str(row.id): row for row in picked(interview)}
    changed = 0
    for key, box in boxes.items():
        if not isinstance(box, dict) or not isinstance(box.get("text"), str):
            raise NotesError(422, "Each notes box needs its text.", str(key)[:40])
        text = strip_controls(box["text"])
        if len(text) > NOTES_MAX:
            raise NotesError(422, f"Keep one notes box under {NOTES_MAX:,} characters "
                                  f"(this has {len(text):,}).", str(key)[:40])
        at = _client_time(box.get("at", ""), now)
        target = interview if key == "general" else rows.get(str(key))
        if target is None:
            # The question was taken off the prep list elsewhere: keep its notes in general.
            question = box.get("question") if isinstance(box.get("question"), str) else ""
            if text.strip() and text not in interview.notes:
                interview.notes = (interview.notes + f"\n\n{question[:QUESTION_MAX]}\n{text}"
                                   ).strip()
                changed += 1
            continue
        if target.notes != text and _later(target.notes_at, at):
            target.notes, target.notes_at = text, at
            changed += 1
    if changed:
        interview.updated_at = now
    return changed


def notes_text(interview: Interview) -> str:
    """The interview's notes as one text for the timeline: each question with its notes."""
    parts = []
    for row in picked(interview):
        if row.notes.strip():
            parts.append(f"{row.text}\n{row.notes.strip()}")
    if interview.notes.strip():
        parts.append(interview.notes.strip())
    return "\n\n".join(parts)


def finish(interview: Interview, contact: Contact, *, now: datetime | None = None) -> bool:
    """Held: the notes go on the contact's timeline, a thank-you falls due within a day and a
    reminder to tell them later how it went. Finishing twice changes nothing."""
    if interview.held_at is not None:
        return False
    now = now or now_utc()
    interview.held_at = now
    interview.thanks_due_on = (now + THANKS_WITHIN).date()
    interview.tell_back_on = (now + TELL_BACK_AFTER).date()
    text = notes_text(interview) or "Informational interview (no notes taken)."
    timeline.log(interview.owner_id, contact.id, "interview", occurred_on=now.date(), text=text,
                 helped="; ".join(helped_lines(interview)) or None)
    contacts_service.mark_contacted(contact)
    _tie(interview.owner_id, interview.path_id, contact.id)
    return True


def _tie(owner_id: int, path_id: int | None, contact_id: int) -> None:
    if path_id is None:
        return
    exists = db.session.scalar(select(ContactPath.id).where(
        ContactPath.path_id == path_id, ContactPath.contact_id == contact_id))
    if exists is None:
        db.session.add(ContactPath(owner_id=owner_id, path_id=path_id, contact_id=contact_id))


def tie_contact(owner_id: int, path_id: int | None, contact_id: int) -> None:
    _tie(owner_id, path_id, contact_id)


def helped_lines(interview: Interview, limit: int = 3) -> list[str]:
    """What helped, for the thank-you: the first lines of the advice notes, then any notes."""
    rows = picked(interview)
    ordered = ([r for r in rows if r.category == "advice"]
               + [r for r in rows if r.category != "advice"])
    lines = []
    for row in ordered:
        for line in row.notes.splitlines():
            line = line.strip(" -•*\t")
            if line:
                lines.append(line)
                break
        if len(lines) >= limit:
            break
    if not lines:
        lines = [line.strip() for line in interview.notes.splitlines() if line.strip()][:limit]
    return lines


def thank_you_text(interview: Interview, contact_name: str, my_name: str) -> str:
    first = contact_name.split()[0] if contact_name.split() else contact_name
    helped = helped_lines(interview)
    body = [f"Hi {first},", "",
            "Thank you for taking the time to talk with me. It really helped."]
    if helped:
        body += ["", "What I'm taking away:"] + [f"- {line}" for line in helped]
    body += ["", "I'll let you know how it goes.", "", my_name or ""]
    return "\n".join(body).rstrip() + "\n"


def mark_thanked(interview: Interview, contact: Contact, text: str, now=None) -> None:
    now = now or now_utc()
    interview.thanked_at = now
    timeline.log(interview.owner_id, contact.id, "thanks", occurred_on=now.date(),
                 text=text or "Sent a thank-you.")
    contacts_service.mark_contacted(contact)


def mark_told_back(interview: Interview, contact: Contact, text: str, now=None) -> None:
    now = now or now_utc()
    interview.told_back_at = now
    timeline.log(interview.owner_id, contact.id, "note", occurred_on=now.date(),
                 text=text or "Told them how their advice worked out.")
    contacts_service.mark_contacted(contact)


# ---- "Who else should I talk to?" ----

def split_names(raw: str) -> tuple[list[str], str | None]:
    """Names typed one per line (or separated by commas), cleaned; an error when unusable."""
    names, seen = [], set()
    for part in re.split(r"[\n,;]+", strip_controls(raw or "")):
        name = " ".join(part.split())
        if name and name.casefold() not in seen:
            seen.add(name.casefold())
            names.append(name)
    if not names:
        return [], "Type at least one name, one per line."
    too_long = next((n for n in names if len(n) > NAME_MAX), None)
    if too_long:
        return names, f"Keep each name under {NAME_MAX} characters."
    if len(names) > REFERRALS_MAX:
        return names, f"Add up to {REFERRALS_MAX} names at a time."
    return names, None


@dataclass
class ReferralName:
    name: str
    matches: list[Contact] = field(default_factory=list)


def match_names(owner_id: int, names: list[str]) -> list[ReferralName]:
    """Each name with the live contacts already called that (any case, any spacing)."""
    folded = {name.casefold(): ReferralName(name) for name in names}
    rows = db.session.scalars(select(Contact).where(
        Contact.owner_id == owner_id, Contact.deleted_at.is_(None),
        func.lower(Contact.name).in_([name.lower() for name in names]))).all()
    for row in rows:
        key = " ".join(row.name.split()).casefold()
        if key in folded:
            folded[key].matches.append(row)
    return list(folded.values())


def add_referrals(interview: Interview, introducer: Contact,
                  choices: list[tuple[str, int | None]]) -> list[Contact]:
    """(name, existing contact id or None) pairs: link the existing contact, or create a new one
    introduced by this person. Returns the contacts referred."""
    referred = []
    for name, existing_id in choices:
        contact = None
        if existing_id is not None:
            contact = db.session.scalar(select(Contact).where(
                Contact.owner_id == interview.owner_id, Contact.id == existing_id,
                Contact.deleted_at.is_(None)))
        if contact is None:
            contact = contacts_service.new_contact(
                interview.owner_id, {"name": name, "notes": f"Introduced by {introducer.name}."},
                source="referral")
            db.session.add(contact)
            db.session.flush()
        already = db.session.scalar(select(InterviewReferral.id).where(
            InterviewReferral.interview_id == interview.id,
            InterviewReferral.contact_id == contact.id))
        if already is None:
            db.session.add(InterviewReferral(owner_id=interview.owner_id,
                                             interview_id=interview.id, contact_id=contact.id))
        _tie(interview.owner_id, interview.path_id, contact.id)
        if contact.id != introducer.id:
            timeline.introduced(contact, introducer)
        referred.append(contact)
    if referred:
        timeline.log(interview.owner_id, introducer.id, "referral", occurred_on=now_utc().date(),
                     text="Suggested I talk to " + ", ".join(c.name for c in referred) + ".")
    return referred


def referrals(interview: Interview) -> list[Contact]:
    return db.session.scalars(
        select(Contact).join(InterviewReferral, InterviewReferral.contact_id == Contact.id)
        .where(InterviewReferral.interview_id == interview.id)
        .order_by(InterviewReferral.id)).all()


# ---- paths ----

def paths(owner_id: int) -> list[CareerPath]:
    return db.session.scalars(select(CareerPath).where(CareerPath.owner_id == owner_id)
                              .order_by(func.lower(CareerPath.name))).all()


@dataclass(frozen=True)
class PathSummary:
    path: CareerPath
    interviews_held: int
    people_spoken: int
    contacts: int


def path_summaries(owner_id: int) -> list[PathSummary]:
    """Each path with its held interviews and how many different people I've spoken with
    (held an interview with, or been in touch with), the advice being more than one view."""
    held = dict(db.session.execute(
        select(Interview.path_id, func.count(Interview.id))
        .where(Interview.owner_id == owner_id, Interview.deleted_at.is_(None),
               Interview.held_at.is_not(None), Interview.path_id.is_not(None))
        .group_by(Interview.path_id)).all())
    interviewed = select(Interview.path_id.label("path_id"),
                         Interview.contact_id.label("contact_id")).where(
        Interview.owner_id == owner_id, Interview.deleted_at.is_(None),
        Interview.held_at.is_not(None), Interview.path_id.is_not(None))
    contacted = (select(ContactPath.path_id.label("path_id"),
                        ContactPath.contact_id.label("contact_id"))
                 .join(Contact, Contact.id == ContactPath.contact_id)
                 .where(ContactPath.owner_id == owner_id, Contact.deleted_at.is_(None),
                        Contact.last_contacted_at.is_not(None)))
    spoken_rows = db.session.execute(interviewed.union(contacted)).all()
    spoken: dict[int, int] = {}
    for path_id, _contact_id in spoken_rows:
        spoken[path_id] = spoken.get(path_id, 0) + 1
    tied = dict(db.session.execute(
        select(ContactPath.path_id, func.count(ContactPath.id))
        .join(Contact, Contact.id == ContactPath.contact_id)
        .where(ContactPath.owner_id == owner_id, Contact.deleted_at.is_(None))
        .group_by(ContactPath.path_id)).all())
    return [PathSummary(p, held.get(p.id, 0), spoken.get(p.id, 0), tied.get(p.id, 0))
            for p in paths(owner_id)]


def clean_path_name(raw) -> tuple[str, str | None]:
    name = " ".join(strip_controls(raw or "").split())
    if not name:
        return name, "Name the path, like “UX research”."
    if len(name) > 80:
        return name, "Keep a path's name under 80 characters."
    return name, None
