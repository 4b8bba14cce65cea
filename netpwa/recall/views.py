"""The recall pages: an overview (progress, what to practise) and the drill.

The drill page carries its whole deck; static/js/recall.js asks one person at a time, checks
the answer on the phone and queues it in the outbox (op "recall"), so a drill keeps going when
the signal drops and every answer reaches the server once. Without JavaScript each answer is a
plain form post to /recall/answer, which answers with the name and the note.
"""

from flask import Blueprint, abort, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy import select

from netpwa.contacts.models import Contact, new_uuid
from netpwa.contacts.photos import contact_ids_with_photos
from netpwa.contacts.service import UUID_RE
from netpwa.events.current import current_event
from netpwa.events.models import Event
from netpwa.extensions import db, now_utc
from netpwa.ownership import owned_or_404
from netpwa.recall import deck, progress
from netpwa.recall.answers import AnswerError, record
from netpwa.recall.clock import today

bp = Blueprint("recall", __name__, url_prefix="/recall")


def _event_arg(name: str = "event") -> Event | None:
    raw = request.values.get(name, "")
    if not raw:
        return None
    if not raw.isdigit():
        abort(404)
    return owned_or_404(Event, int(raw))


def _scope() -> str:
    scope = request.values.get("scope", "due")
    return scope if scope in deck.SCOPES else "due"


def _title(scope: str, event: Event | None) -> str:
    if scope == "event" and event is not None:
        return f"The people I met at {event.name}"
    if scope == "again":
        return f"Everyone I might see again{' at ' + event.name if event else ''}"
    if scope == "last":
        return "Quick recall: the last three"
    return "Names due today"


def _built_at() -> str:
    # When the deck was chosen, in the same UTC text as /api/changes' met_at (see practice.html).
    return now_utc().isoformat()


@bp.get("")
@login_required
def index():
    events = db.session.scalars(select(Event).where(Event.owner_id == current_user.id)
                                .order_by(Event.held_on.desc(), Event.id.desc()).limit(50)).all()
    return render_template("recall/index.html", due=progress.due_count(current_user.id, today()),
                           progress=progress.progress(current_user.id), events=events,
                           current=current_event())


def _photo_ids(prompts) -> set[int]:
    """Whose photo the drill shows beside the clues (a face helps a name come back)."""
    return contact_ids_with_photos(current_user.id, [p.contact_id for p in prompts])


@bp.get("/practice")
@login_required
def practice():
    scope = _scope()
    event = _event_arg()
    if scope == "again" and event is None:
        event = current_event()
    prompts = deck.build(current_user.id, today(), scope, event=event)
    return render_template("recall/practice.html", prompts=prompts, scope=scope, event=event,
                           photo_ids=_photo_ids(prompts),
                           title=_title(scope, event), quick=scope == "last",
                           quick_seconds=deck.QUICK_SECONDS,
                           progress=progress.progress(current_user.id), errors={}, typed={},
                           built_at=_built_at())


@bp.post("/answer")
@login_required
def answer():
    """One answer without JavaScript: store it, then show the name with the note."""
    raw_id = request.form.get("contact", "")
    if not raw_id.isdigit():
        abort(404)
    contact = owned_or_404(Contact, int(raw_id))
    if contact.deleted_at is not None:
        abort(404)
    answer_id = request.form.get("answer_id", "")
    if not UUID_RE.match(answer_id):
        answer_id = new_uuid()
    fields = {"answer": request.form.get("answer", ""), "choice": request.form.get("choice")}
    scope, event = _scope(), _event_arg()
    try:
        outcome = record(current_user.id, contact, fields, answer_id.lower(), today())
    except AnswerError as error:
        prompts = deck.build(current_user.id, today(), scope, event=event)
        # The person being answered goes first, with the message at their answer field.
        prompts = [p for p in prompts if p.contact_id == contact.id] + \
                  [p for p in prompts if p.contact_id != contact.id]
        if not prompts or prompts[0].contact_id != contact.id:
            prompts = deck.build_one(current_user.id, contact, today()) + prompts
        return render_template(
            "recall/practice.html", prompts=prompts, scope=scope, event=event,
            photo_ids=_photo_ids(prompts),
            title=_title(scope, event), quick=False, quick_seconds=deck.QUICK_SECONDS,
            progress=progress.progress(current_user.id), errors={error.field: error.message},
            typed={"answer": fields["answer"][:200]}, built_at=_built_at()), 422
    db.session.commit()
    next_url = url_for("recall.practice", scope=scope, event=event.id if event else None)
    return render_template("recall/answered.html", contact=contact, outcome=outcome,
                           next_url=next_url, progress=progress.progress(current_user.id))


bp.add_app_template_filter(progress.shown_due, "shown_due")


@bp.context_processor
def _answer_ids():
    # Each answer form carries its own id, so a resent form counts once.
    return {"new_answer_id": new_uuid}
