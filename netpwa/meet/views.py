"""The phone's home screen at a meetup: quick capture, the goal counter, Undo.

Its own package because it composes two others: a capture stores a contact (`contacts`) at
the current event and answers with that event's counter (`events`). Neither of those may import
the other's pages, so the screen that needs both sits above them.
"""

from flask import Blueprint, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from netpwa.contacts import service
from netpwa.contacts.fields import clean_contact_fields
from netpwa.contacts.models import Contact, new_uuid
from netpwa.events import goal as goal_counter
from netpwa.events.current import current_event
from netpwa.events.models import Event
from netpwa.events.records import news_after_capture
from netpwa.extensions import begin_read, db, now_utc
from netpwa.htmx import is_htmx, respond
from netpwa.notebook.service import due_count
from netpwa.ownership import owned_or_404
from netpwa.recall import progress as recall_progress
from netpwa.recall.clock import today as recall_today

bp = Blueprint("meet", __name__)

CAPTURE_FIELDS = ("name", "headline", "mnemonic", "email", "phone", "link", "tags",
                  "follow_up", "chat_seconds")


def _capture_context(values=None, errors=None, saved: Contact | None = None, *,
                     event: Event | None = None) -> dict:
    """What the capture form and its counter need; the due count is the home page's alone,
    since a capture (due in two months) or its undo cannot change it."""
    event = event or current_event()
    return {"values": values or {}, "errors": errors or {}, "form_uuid": new_uuid(),
            "event": event, "progress": goal_counter.progress(event), "saved": saved}


def _due() -> int:
    """Everything due today or overdue: follow-ups, thank-yous and other packages' items."""
    return due_count(current_user.id, now_utc().date())


@bp.get("/")
def home():
    """The capture screen; visitors who aren't logged in see the welcome page."""
    if not current_user.is_authenticated:
        return render_template("meet/welcome.html")
    return render_template("meet/home.html", **_capture_context(), due=_due(),
                           recall_due=recall_progress.due_count(current_user.id, recall_today()))


@bp.post("/capture")
@login_required
def capture():
    """Save one person: one insert, then a cleared form, the counter and an Undo toast."""
    form = request.form
    data = {field: form.get(field, "") for field in CAPTURE_FIELDS}
    data["follow_up"] = "follow_up" in form
    values, errors = clean_contact_fields(data, partial=False)
    if errors:
        context = _capture_context(data, errors)
        if is_htmx():
            return respond(render_template("meet/_capture_form.html", **context), 422)
        return render_template("meet/home.html", **context, due=_due()), 422
    event = current_event()
    contact, created = service.create_contact(
        current_user.id, values, uuid=form.get("uuid"), event_id=event.id if event else None)
    if not is_htmx():
        return redirect(url_for("meet.home", saved=contact.id))
    # What follows only reads (the counter, records), so it must not queue the next capture
    # behind SQLite's write lock; records keep their own short write.
    begin_read()
    context = _capture_context(saved=contact, event=event)
    context["records"] = news_after_capture(current_user.id, event, contact) if (
        created and event is not None) else []
    begin_read()
    return respond(render_template("meet/_capture_saved.html", **context))


@bp.post("/capture/<int:contact_id>/undo")
@login_required
def undo_capture(contact_id: int):
    """Undo a capture: it goes to the trash (restorable), and the counter ticks back."""
    contact = owned_or_404(Contact, contact_id)
    service.trash(contact)
    db.session.commit()
    if not is_htmx():
        return redirect(url_for("meet.home"))
    context = _capture_context()
    context["undone"] = contact
    return respond(render_template("meet/_capture_undone.html", **context))
