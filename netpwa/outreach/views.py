"""Outreach: my profile, message templates and "Write…" for a contact (the laptop and phone)."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from netpwa.contacts.models import Contact
from netpwa.extensions import db
from netpwa.htmx import is_htmx, respond
from netpwa.outreach import compose, messages, profile, timeline
from netpwa.outreach.defaults import BY_KEY
from netpwa.outreach.placeholders import PLACEHOLDERS
from netpwa.ownership import owned_or_404

# cli_group=None: `flask send-reminders`, not `flask outreach send-reminders`.
bp = Blueprint("outreach", __name__, cli_group=None)


def live_contact_or_404(contact_id: int) -> Contact:
    contact = owned_or_404(Contact, contact_id)
    if contact.deleted_at is not None:
        abort(404)
    return contact


@bp.get("/outreach")
@login_required
def hub():
    """Everything about reaching out: templates, my profile, referrals, intros, reminders."""
    return render_template("outreach/hub.html")


# My profile ------------------------------------------------------------------------------

def _profile_page(values, errors, status=200):
    return render_template("outreach/profile.html", values=values, errors=errors,
                           labels=profile.LABELS, hints=profile.HINTS), status


@bp.get("/profile")
@login_required
def my_profile():
    me = profile.my_profile(current_user.id)
    return _profile_page({"pitch": me.pitch, "superpowers": me.superpowers,
                          "career_goals": me.career_goals}, {})


@bp.post("/profile")
@login_required
def save_profile():
    values, errors = profile.clean_profile(request.form)
    if errors:
        return _profile_page(values, errors, 422)
    profile.save_profile(current_user.id, values)
    db.session.commit()
    flash("Profile saved. Your messages use it from now on.")
    return redirect(url_for("outreach.my_profile"))


# Templates -------------------------------------------------------------------------------

@bp.get("/templates")
@login_required
def templates():
    return render_template("outreach/templates.html",
                           templates=messages.all_templates(current_user.id))


def _template_form(template, values, errors, status=200):
    return render_template("outreach/template_form.html", template=template, values=values,
                           errors=errors, placeholders=PLACEHOLDERS, kinds=messages.KINDS), status


@bp.get("/templates/new")
@login_required
def new_template():
    return _template_form(None, {"name": "", "subject": "", "body": "", "kind": "message"}, {})


@bp.post("/templates")
@login_required
def create_template():
    values, errors = messages.clean_template(request.form)
    if errors:
        return _template_form(None, values, errors, 422)
    messages.save(current_user.id, None, values)
    db.session.commit()
    flash(f"Template “{values['name']}” saved.")
    return redirect(url_for("outreach.templates"))


def _template_or_404(ref: str) -> messages.Template:
    template = messages.find(current_user.id, ref)
    if template is None:
        abort(404)
    return template


@bp.get("/templates/<ref>/edit")
@login_required
def edit_template(ref: str):
    template = _template_or_404(ref)
    return _template_form(template, {"name": template.name, "subject": template.subject,
                                     "body": template.body, "kind": template.kind}, {})


@bp.post("/templates/<ref>/edit")
@login_required
def save_template(ref: str):
    template = _template_or_404(ref)
    values, errors = messages.clean_template(request.form)
    if errors:
        return _template_form(template, values, errors, 422)
    messages.save(current_user.id, template.ref, values)
    db.session.commit()
    flash(f"Template “{values['name']}” saved.")
    return redirect(url_for("outreach.templates"))


@bp.post("/templates/<ref>/delete")
@login_required
def delete_template(ref: str):
    """Mine are deleted; an edited default goes back to how netpwa wrote it."""
    template = _template_or_404(ref)
    row = messages.row_for(current_user.id, template.ref)
    if row is not None:
        db.session.delete(row)
        db.session.commit()
    flash(f"“{BY_KEY[ref].name}” is back to the default." if ref in BY_KEY
          else f"Template “{template.name}” deleted.")
    return redirect(url_for("outreach.templates"))


# Write… ----------------------------------------------------------------------------------

def _other_contact(contact: Contact) -> Contact | None:
    """An intro's second person (?other=<id>): mine and live, else 404."""
    raw = request.values.get("other", "")
    if not raw:
        return None
    if not (raw.isascii() and raw.isdigit()) or len(raw) > 18:
        abort(404)
    other = live_contact_or_404(int(raw))
    return None if other.id == contact.id else other


def _intro_id() -> int | None:
    """The intro this message belongs to (?intro=<id>), if it is mine."""
    raw = request.args.get("intro", "")
    if not (raw.isascii() and raw.isdigit()) or len(raw) > 18:
        return None
    from netpwa.outreach.models import Intro
    return owned_or_404(Intro, int(raw)).id


def _default_ref(contact: Contact) -> str:
    return "nice-to-meet-you"


@bp.get("/outreach/contacts/<int:contact_id>/write")
@login_required
def write(contact_id: int):
    """A template filled in for this person: edit, then copy, email or share; then "Sent"."""
    contact = live_contact_or_404(contact_id)
    other = _other_contact(contact)
    all_templates = messages.all_templates(current_user.id)
    ref = request.args.get("template") or _default_ref(contact)
    template = next((t for t in all_templates if t.ref == ref), None)
    if template is None:
        abort(404)
    draft = compose.draft(current_user.id, contact, template, other)
    context = {"contact": contact, "other": other, "templates": all_templates,
               "draft": draft, "mailto": compose.mailto(contact.email, draft.subject, draft.body),
               "intro_id": _intro_id()}
    if is_htmx():
        return respond(render_template("outreach/_composer.html", **context))
    return render_template("outreach/write.html", **context)


@bp.post("/outreach/contacts/<int:contact_id>/sent")
@login_required
def sent(contact_id: int):
    """One tap after sending: the message goes on the timeline as the template's kind."""
    contact = live_contact_or_404(contact_id)
    template = messages.find(current_user.id, request.form.get("template", ""))
    kind = template.kind if template is not None else "message"
    text = f"Sent “{template.name}”" if template is not None else "Message sent"
    timeline.log(current_user.id, contact, kind, text)
    db.session.commit()
    flash(f"Logged on {contact.name}'s timeline: {text}.")
    return redirect(url_for("contacts.show", contact_id=contact.id))
