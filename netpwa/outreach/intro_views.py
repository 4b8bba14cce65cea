"""Double opt-in intros: start one, walk its steps, write each message."""

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from netpwa.contacts.vcard import multiline
from netpwa.extensions import db
from netpwa.outreach import intros as intro_rules
from netpwa.outreach import people
from netpwa.outreach.models import INTRO_STATES, Intro
from netpwa.outreach.views import bp
from netpwa.ownership import owned_or_404

NOTE_LIMIT = 1000


def _list_page(values=None, errors=None, picks=None, status=200):
    rows = [(intro, *intro_rules.people(intro)) for intro in intro_rules.mine(current_user.id)]
    return render_template("outreach/intros.html", rows=rows, values=values or {},
                           errors=errors or {}, picks=picks or {}, labels=intro_rules.LABELS,
                           words=intro_rules.words), status


@bp.get("/intros")
@login_required
def intros():
    values = {}
    raw = request.args.get("a", "")
    if raw.isascii() and raw.isdigit() and len(raw) < 19:
        a = people.live(current_user.id, int(raw))
        if a is not None:
            values["a"] = a.name
    return _list_page(values)


@bp.post("/intros")
@login_required
def start_intro():
    picks = {side: people.pick(current_user.id, request.form, side) for side in ("a", "b")}
    note = multiline(str(request.form.get("note", "") or ""))
    values = {"a": picks["a"].typed, "b": picks["b"].typed, "note": note}
    errors = {side: p.error for side, p in picks.items() if p.error}
    if len(note) > NOTE_LIMIT:
        errors["note"] = f"Keep this under {NOTE_LIMIT:,} characters (it has {len(note):,})."
    if not errors:
        intro, error = intro_rules.start(current_user.id, picks["a"].contact, picks["b"].contact,
                                         note)
        if error:
            errors["b"] = error
    if errors:
        db.session.rollback()
        return _list_page(values, errors, picks, 422)
    db.session.commit()
    flash("Intro started. Ask the first person whether they'd welcome it.")
    return redirect(url_for("outreach.intro", intro_id=intro.id))


def _intro_page(intro: Intro, error: str | None = None, status: int = 200):
    a, b = intro_rules.people(intro)
    step = intro_rules.next_message(intro)
    write = None
    if step:
        to, other = (a, b) if step[0] == "a" else (b, a)
        write = (url_for("outreach.write", contact_id=to.id, template=step[1], other=other.id,
                         intro=intro.id), step[2].format(a=a.name, b=b.name))
    return render_template("outreach/intro.html", intro=intro, a=a, b=b, error=error,
                           states=INTRO_STATES, labels=intro_rules.LABELS, write=write,
                           next_state=intro_rules.next_state(intro.state),
                           words=intro_rules.words), status


@bp.get("/intros/<int:intro_id>")
@login_required
def intro(intro_id: int):
    return _intro_page(owned_or_404(Intro, intro_id))


@bp.post("/intros/<int:intro_id>/step")
@login_required
def intro_step(intro_id: int):
    intro = owned_or_404(Intro, intro_id)
    to = str(request.form.get("to", ""))
    error = (intro_rules.decline(intro) if to == "declined"
             else intro_rules.advance(intro, to))
    if error:
        db.session.rollback()
        return _intro_page(intro, error, 409)
    db.session.commit()
    return redirect(url_for("outreach.intro", intro_id=intro.id))
