"""People I already know: the list, one-line and pasted adds, outreach states."""

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from netpwa.extensions import db
from netpwa.known import service
from netpwa.known.models import STATE_KEYS, STATES, KnownPerson
from netpwa.ownership import owned_or_404

bp = Blueprint("known", __name__, url_prefix="/known")

INQUIRY_TEMPLATE = "general-inquiry"


@bp.before_request
@login_required
def _require_login():
    pass


def write_url(contact_id: int) -> str:
    """The notebook's "Write…" with the general-inquiry template, one tap from the list."""
    return url_for("outreach.write", contact_id=contact_id, template=INQUIRY_TEMPLATE)


def _page(status=200, **extra):
    state = request.args.get("state")
    state = state if state in STATE_KEYS else None
    context = {"rows": service.listing(current_user.id, state), "state": state,
               "states": STATES, "counts": service.counts(current_user.id),
               "write_url": write_url, "line_error": None, "line_typed": "",
               "paste_error": None, "paste_typed": ""}
    context.update(extra)
    return render_template("known/index.html", **context), status


@bp.get("/")
def index():
    return _page()


@bp.post("/")
def add_one():
    """One line: "Ana Lima, former coworker at Acme"."""
    raw = request.form.get("line", "")
    line = service.parse_line(raw)
    if line.error:
        return _page(422, line_error=line.error, line_typed=raw)
    person, new = service.add(current_user.id, line)
    db.session.commit()
    flash(f"Added {line.name}." if new else f"{line.name} is already on your list.")
    return redirect(url_for("known.index", _anchor=f"known-{person.id}"))


@bp.post("/paste")
def add_pasted():
    """A pasted list, one person per line; nothing is added unless every line is usable."""
    raw = request.form.get("names", "")
    lines, error = service.parse_paste(raw)
    if error:
        return _page(422, paste_error=error, paste_typed=raw)
    added = sum(1 for line in lines if service.add(current_user.id, line)[1])
    db.session.commit()
    skipped = len(lines) - added
    flash(f"Added {added} {'person' if added == 1 else 'people'}."
          + (f" {skipped} already on your list." if skipped else ""))
    return redirect(url_for("known.index"))


@bp.post("/<int:person_id>/state")
def change_state(person_id: int):
    person = owned_or_404(KnownPerson, person_id)
    state = request.form.get("state", "")
    if state not in STATE_KEYS:
        flash("Pick one of the outreach states.")
        return redirect(url_for("known.index"))
    if service.set_state(person, state):
        db.session.commit()
        flash(f"Now: {person.state_label}. Logged on the timeline.")
    return redirect(url_for("known.index", _anchor=f"known-{person.id}"))
