"""My message templates: the defaults (as I edited them) and my own; checking and saving them."""

from dataclasses import dataclass

from sqlalchemy import select

from netpwa.extensions import db
from netpwa.formats.text import multiline, one_line
from netpwa.outreach.defaults import BY_KEY, DEFAULTS
from netpwa.outreach.models import MessageTemplate
from netpwa.outreach.placeholders import problems

LIMITS = {"name": 120, "subject": 200, "body": 5000}
# Kinds "Sent" may log (the notebook's interaction kinds that are about a message).
KINDS = {"message": "Message sent", "thanks": "Thank-you sent", "intro": "Intro made"}


@dataclass(frozen=True)
class Template:
    """A template as used: `ref` is the default's key or the row id of one of mine."""

    ref: str
    name: str
    subject: str
    body: str
    kind: str
    default_key: str | None
    edited: bool

    @property
    def is_default(self) -> bool:
        return self.default_key is not None


def _from_row(row: MessageTemplate) -> Template:
    return Template(ref=row.key or str(row.id), name=row.name, subject=row.subject,
                    body=row.body, kind=row.kind, default_key=row.key, edited=True)


def all_templates(owner_id: int) -> list[Template]:
    """The defaults in their order (my edited copy where I have one), then mine by name."""
    rows = db.session.scalars(select(MessageTemplate).where(
        MessageTemplate.owner_id == owner_id)).all()
    edited = {row.key: row for row in rows if row.key}
    found = [(_from_row(edited[d.key]) if d.key in edited else
              Template(d.key, d.name, d.subject, d.body, d.kind, d.key, False))
             for d in DEFAULTS]
    mine = sorted((row for row in rows if not row.key), key=lambda r: (r.name.lower(), r.id))
    return found + [_from_row(row) for row in mine]


def find(owner_id: int, ref: str) -> Template | None:
    """A template by reference; None for unknown refs and other people's templates."""
    return next((t for t in all_templates(owner_id) if t.ref == ref), None)


def row_for(owner_id: int, ref: str) -> MessageTemplate | None:
    if ref in BY_KEY:
        return db.session.scalar(select(MessageTemplate).where(
            MessageTemplate.owner_id == owner_id, MessageTemplate.key == ref))
    if not (ref.isascii() and ref.isdigit()) or len(ref) > 18:
        return None
    return db.session.scalar(select(MessageTemplate).where(
        MessageTemplate.owner_id == owner_id, MessageTemplate.id == int(ref),
        MessageTemplate.key.is_(None)))


def clean_template(form) -> tuple[dict[str, str], dict[str, str]]:
    """Name, subject, body and kind from a form, with a message per field that is wrong."""
    values = {"name": one_line(str(form.get("name", "") or "")),
              "subject": one_line(str(form.get("subject", "") or "")),
              "body": multiline(str(form.get("body", "") or "")),
              "kind": str(form.get("kind", "") or "message")}
    errors: dict[str, str] = {}
    for field, limit in LIMITS.items():
        if len(values[field]) > limit:
            errors[field] = f"Keep this under {limit:,} characters (it has {len(values[field]):,})."
    if not values["name"] and "name" not in errors:
        errors["name"] = "Give the template a name, e.g. “Thanks after coffee”."
    if not values["body"] and "body" not in errors:
        errors["body"] = "Write the message; placeholders like {first_name} fill themselves in."
    for field in ("subject", "body"):
        if field not in errors:
            found = problems(values[field])
            if found:
                errors[field] = " ".join(found)
    if values["kind"] not in KINDS:
        values["kind"] = "message"
    return values, errors


def save(owner_id: int, ref: str | None, values: dict[str, str]) -> MessageTemplate:
    """Create one of mine (ref None), or update mine / my copy of a default. No commit."""
    row = row_for(owner_id, ref) if ref else None
    if row is None:
        row = MessageTemplate(owner_id=owner_id, key=ref if ref in BY_KEY else None)
        db.session.add(row)
    row.name, row.subject, row.body, row.kind = (
        values["name"], values["subject"], values["body"], values["kind"])
    return row
