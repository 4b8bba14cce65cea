"""Events: create, history, "I'm here", goal and challenge settings."""

from datetime import date

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy import select

from netpwa.contacts.models import Contact
from netpwa.events import goal as goal_counter
from netpwa.events.current import current_event
from netpwa.events.forms import EventForm
from netpwa.events.models import Event
from netpwa.events.records import event_stats, new_records, records
from netpwa.extensions import db
from netpwa.htmx import is_htmx, respond
from netpwa.ownership import owned_or_404

bp = Blueprint("events", __name__, url_prefix="/events")


@bp.before_request
@login_required
def _require_login():
    pass


@bp.get("/")
def index():
    """Every event with its count, and the records."""
    stats = event_stats(current_user.id)
    return render_template("events/index.html", stats=stats, records=records(stats),
                           current=current_event())


@bp.route("/new", methods=["GET", "POST"])
def new():
    """Create an event; by default it becomes the current one."""
    form = EventForm()
    if request.method == "GET":
        form.held_on.data = date.today()
    if form.validate_on_submit():
        event = Event(owner_id=current_user.id, name=form.name.data.strip(),
                      held_on=form.held_on.data, place=(form.place.data or "").strip(),
                      goal=form.goal.data, challenge_mode=form.challenge_mode.data)
        db.session.add(event)
        db.session.flush()
        if form.here_now.data:
            current_user.current_event_id = event.id
        db.session.commit()
        flash(f"{event.name} created. Goal: meet {event.goal} new people.")
        return redirect(url_for("meet.home") if form.here_now.data
                        else url_for("events.show", event_id=event.id))
    return render_template("events/form.html", form=form, event=None), (
        422 if form.errors else 200)


@bp.route("/<int:event_id>/edit", methods=["GET", "POST"])
def edit(event_id: int):
    """Change an event's name, date, place, goal or challenge mode."""
    event = owned_or_404(Event, event_id)
    form = EventForm(obj=event)
    del form.here_now
    if form.validate_on_submit():
        event.name = form.name.data.strip()
        event.held_on = form.held_on.data
        event.place = (form.place.data or "").strip()
        event.goal = form.goal.data
        event.challenge_mode = form.challenge_mode.data
        db.session.commit()
        flash("Event saved.")
        return redirect(url_for("events.show", event_id=event.id))
    return render_template("events/form.html", form=form, event=event), (
        422 if form.errors else 200)


@bp.get("/<int:event_id>")
def show(event_id: int):
    """One event: its counter, the people met there, records it set."""
    event = owned_or_404(Event, event_id)
    stats = event_stats(current_user.id)
    met = db.session.scalars(
        select(Contact).where(Contact.owner_id == current_user.id, Contact.event_id == event.id,
                              Contact.deleted_at.is_(None))
        .order_by(Contact.met_at.desc())).all()
    this = next(s for s in stats if s.event.id == event.id)
    return render_template("events/show.html", event=event, contacts=met, stats=this,
                           notes=new_records(event, stats),
                           progress=goal_counter.progress(event),
                           is_current=current_user.current_event_id == event.id)


@bp.post("/<int:event_id>/here")
def here(event_id: int):
    """Make this the current event: captures count toward its goal."""
    event = owned_or_404(Event, event_id)
    current_user.current_event_id = event.id
    db.session.commit()
    flash(f"You're at {event.name}. Go meet {event.goal} new people!")
    return redirect(url_for("meet.home"))


@bp.post("/leave")
def leave():
    """No current event: captures are just contacts."""
    current_user.current_event_id = None
    db.session.commit()
    return redirect(url_for("events.index"))


@bp.post("/<int:event_id>/goal")
def raise_goal(event_id: int):
    """Raise (or lower) the goal at the event; htmx gets the counter back."""
    event = owned_or_404(Event, event_id)
    step = request.form.get("step", "1")
    if step not in ("1", "-1"):
        abort(400)
    event.goal = max(1, min(500, event.goal + int(step)))
    db.session.commit()
    if is_htmx():
        return respond(render_template("events/_goal_counter.html",
                                       progress=goal_counter.progress(event)))
    return redirect(url_for("events.show", event_id=event.id))
