"""The notebook's pages: the timeline on the contact page (log, edit, trash, restore), the
cadence, and the Follow-ups page (Done, Snooze). Thin: the work is in `service`."""

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from markupsafe import Markup

from netpwa.contacts.models import Contact
from netpwa.extensions import db
from netpwa.htmx import is_htmx, respond
from netpwa.notebook import listeners, service
from netpwa.notebook.cadence import CADENCES
from netpwa.notebook.due import group
from netpwa.notebook.errors import NotebookError
from netpwa.notebook.models import CHANNELS, KINDS, new_uuid
from netpwa.notebook.timeline import today_utc
from netpwa.ownership import owned_or_404

bp = Blueprint("notebook", __name__)

# One tap logs: each button posts kind (and a message's channel) as "kind" or "kind:channel".
QUICK_KINDS = [("coffee", "Coffee chat"), ("call", "Call"), ("message:email", "Email"),
               ("message:linkedin", "LinkedIn"), ("message:text", "Text"),
               ("thanks", "Thank-you"), ("interview", "Info interview"), ("met", "Met"),
               ("intro", "Intro made"), ("referral", "Referral"), ("note", "Note")]


@bp.record_once
def _template_globals(state):
    """The contact page (contacts, a lower floor) adds the timeline by calling this by name,
    so contacts never imports the notebook."""
    state.app.jinja_env.globals.update(notebook_section=_contact_section)
    # "met" on every capture and sync revisions on interactions (listeners.py).
    listeners.register(state.app)


def _due_count_now() -> int:
    if not current_user.is_authenticated:
        return 0
    return service.due_count(current_user.id, today_utc())


def _timeline_context(contact: Contact, **extra) -> dict:
    owner = current_user.id
    interactions = service.timeline(owner, contact.id)
    return {"contact": contact, "interactions": interactions,
            "history": service.earlier_values(owner, [item.id for item in interactions]),
            "trashed": service.trashed(owner, contact.id), "quick_kinds": QUICK_KINDS,
            "kinds": KINDS, "channels": CHANNELS, "cadences": CADENCES,
            "today": today_utc(), "form_uuid": new_uuid(), "error": None, "typed": {},
            "editing": None, **extra}


def _contact_section(contact: Contact, editing: int | None = None) -> Markup:
    return Markup(render_template("notebook/_timeline.html",
                                  **_timeline_context(contact, editing=editing)))


def _split_kind(raw: str) -> tuple[str, str | None]:
    kind, _, channel = (raw or "").partition(":")
    return kind, channel or None


def _timeline_response(contact: Contact, status: int = 200, **extra):
    body = render_template("notebook/_timeline_saved.html", **_timeline_context(contact, **extra))
    return respond(body, status)


def _live_contact(contact_id: int) -> Contact:
    return owned_or_404(Contact, contact_id)


@bp.post("/timeline/<int:contact_id>/log")
@login_required
def log(contact_id: int):
    """One tap: log what happened (today unless a date is given) and move the next follow-up."""
    contact = _live_contact(contact_id)
    form = request.form
    kind, channel = _split_kind(form.get("kind", ""))
    typed = {"text": form.get("text", ""), "helped": form.get("helped", ""),
             "occurred_on": form.get("occurred_on", "")}
    try:
        logged = service.log_interaction(
            current_user.id, contact.id, kind, channel=channel or form.get("channel"),
            occurred_on=typed["occurred_on"] or None, text=typed["text"],
            helped=typed["helped"], interaction_id=form.get("uuid") or None)
    except NotebookError as error:
        db.session.rollback()
        if not is_htmx():
            flash(error.message)
            return redirect(url_for("contacts.show", contact_id=contact.id, _anchor="timeline"))
        return _timeline_response(contact, 422, error=error, typed=typed)
    if not is_htmx():
        flash(f"Logged: {logged.kind_label}.")
        return redirect(url_for("contacts.show", contact_id=contact.id, _anchor="timeline"))
    return _timeline_response(contact, logged=logged)


@bp.get("/timeline/<int:contact_id>")
@login_required
def show_timeline(contact_id: int):
    """The timeline alone (what Cancel brings back); without htmx, the contact page."""
    contact = _live_contact(contact_id)
    if not is_htmx():
        return redirect(url_for("contacts.show", contact_id=contact.id, _anchor="timeline"))
    return respond(render_template("notebook/_timeline.html", **_timeline_context(contact)))


@bp.get("/interactions/<int:interaction_id>/edit")
@login_required
def edit(interaction_id: int):
    interaction = service.get_interaction(current_user.id, interaction_id)
    if not is_htmx():
        return redirect(url_for("contacts.show", contact_id=interaction.contact_id,
                                edit=interaction.id, _anchor=f"interaction-{interaction.id}"))
    return respond(render_template("notebook/_timeline.html", **_timeline_context(
        interaction.contact, editing=interaction.id)))


@bp.post("/interactions/<int:interaction_id>")
@login_required
def save(interaction_id: int):
    interaction = service.get_interaction(current_user.id, interaction_id)
    form = request.form
    kind, channel = _split_kind(form.get("kind", interaction.kind))
    values = {"kind": kind, "channel": channel or form.get("channel", ""),
              "occurred_on": form.get("occurred_on", ""), "text": form.get("text", ""),
              "helped": form.get("helped", "")}
    try:
        service.edit_interaction(current_user.id, interaction.id, values)
    except NotebookError as error:
        db.session.rollback()
        if not is_htmx():
            flash(error.message)
            return redirect(url_for("contacts.show", contact_id=interaction.contact_id,
                                    _anchor="timeline"))
        return _timeline_response(interaction.contact, 422, error=error, typed=values,
                                  editing=interaction.id)
    if not is_htmx():
        flash("Saved.")
        return redirect(url_for("contacts.show", contact_id=interaction.contact_id,
                                _anchor="timeline"))
    return _timeline_response(interaction.contact)


@bp.post("/interactions/<int:interaction_id>/delete")
@login_required
def delete(interaction_id: int):
    interaction = service.trash_interaction(current_user.id, interaction_id)
    if not is_htmx():
        flash(f"{interaction.kind_label} moved to the trash.")
        return redirect(url_for("contacts.show", contact_id=interaction.contact_id,
                                _anchor="timeline"))
    return _timeline_response(interaction.contact, just_trashed=interaction)


@bp.post("/interactions/<int:interaction_id>/restore")
@login_required
def restore(interaction_id: int):
    try:
        interaction = service.restore_interaction(current_user.id, interaction_id)
    except NotebookError as error:
        db.session.rollback()
        flash(error.message)
        interaction = service.get_interaction(current_user.id, interaction_id)
        return redirect(url_for("contacts.show", contact_id=interaction.contact_id))
    if not is_htmx():
        flash(f"{interaction.kind_label} is back on the timeline.")
        return redirect(url_for("contacts.show", contact_id=interaction.contact_id,
                                _anchor="timeline"))
    return _timeline_response(interaction.contact)


@bp.post("/timeline/<int:contact_id>/cadence")
@login_required
def cadence(contact_id: int):
    contact = _live_contact(contact_id)
    try:
        service.set_cadence(current_user.id, contact.id, request.form.get("cadence", ""))
    except NotebookError as error:
        db.session.rollback()
        if not is_htmx():
            flash(error.message)
            return redirect(url_for("contacts.show", contact_id=contact.id))
        return _timeline_response(contact, 422, error=error)
    if not is_htmx():
        return redirect(url_for("contacts.show", contact_id=contact.id, _anchor="timeline"))
    return _timeline_response(contact)


@bp.get("/follow-ups")
@login_required
def follow_ups():
    """Overdue, today and this week: each row one tap to Done or Snooze."""
    today = today_utc()
    items = service.due_items(current_user.id, today)
    return render_template("notebook/follow_ups.html", groups=group(items, today), today=today,
                           total=len(items), quick_kinds=QUICK_KINDS, limit=200,
                           due=service.due_count(current_user.id, today))


def _item_response(message: str):
    if not is_htmx():
        flash(message)
        return redirect(url_for("notebook.follow_ups"))
    return respond(render_template("notebook/_item_done.html", message=message,
                                   due=_due_count_now()))


@bp.post("/follow-ups/<kind>/<ref>/done")
@login_required
def item_done(kind: str, ref: str):
    """Done: log the interaction (the row's own kind unless another is picked), schedule next."""
    kind_to_log, _channel = _split_kind(request.form.get("kind", ""))
    try:
        service.complete_item(current_user.id, kind, ref, today_utc(),
                              interaction_kind=kind_to_log or None,
                              text=request.form.get("text", ""))
    except NotebookError as error:
        db.session.rollback()
        return _item_error(error.message)
    return _item_response("Done: logged, and the next follow-up is scheduled.")


def _item_error(message: str):
    if not is_htmx():
        flash(message)
        return redirect(url_for("notebook.follow_ups"))
    return respond(render_template("notebook/_item_done.html", message=message,
                                   due=_due_count_now(), failed=True), 422)


@bp.post("/follow-ups/<kind>/<ref>/snooze")
@login_required
def item_snooze(kind: str, ref: str):
    try:
        until = service.snooze_item(current_user.id, kind, ref, today_utc(),
                                    request.form.get("for", ""))
    except NotebookError as error:
        db.session.rollback()
        return _item_error(error.message)
    return _item_response(f"Snoozed until {until.day} {until.strftime('%b')}.")
