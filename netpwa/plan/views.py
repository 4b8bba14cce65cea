"""The networking plan page: period, targets with progress, habit ticks, records, charts."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from netpwa.events.records import event_stats, most_in_a_month, records
from netpwa.extensions import db, now_utc
from netpwa.interviews.service import paths
from netpwa.ownership import owned_or_404
from netpwa.plan import charts, progress, service
from netpwa.plan.models import KINDS, Plan, PlanTarget
from netpwa.recall.progress import progress as names_progress

bp = Blueprint("plan", __name__, url_prefix="/plan")


@bp.before_request
@login_required
def _require_login():
    pass


def _page(status=200, **extra):
    today = now_utc().date()
    plan = extra.pop("plan", None) or progress.current_plan(current_user.id, today)
    my_paths = paths(current_user.id)
    names = {p.id: p.name for p in my_paths}
    targets = progress.progress(plan, today, names) if plan else []
    stats = event_stats(current_user.id)
    starts, ends = service.default_period(today)
    context = {
        "plan": plan, "targets": targets, "today": today, "paths": my_paths, "kinds": KINDS,
        "records": records(stats), "month_record": most_in_a_month(current_user.id),
        "names": names_progress(current_user.id),
        "charts": [charts.plan_progress(targets)] if targets else [],
        "period_values": {"starts_on": starts.isoformat(), "ends_on": ends.isoformat()},
        "period_errors": {}, "target_values": {}, "target_errors": {},
    }
    context["charts"] += [charts.people_per_event(current_user.id),
                          charts.people_per_month(current_user.id, today),
                          charts.interactions_per_week(current_user.id, today)]
    context.update(extra)
    return render_template("plan/index.html", **context), status


@bp.get("/")
def index():
    return _page()


@bp.post("/")
def create():
    """A new plan for a period (the next six months unless changed)."""
    values, errors = service.clean_period(request.form)
    if errors:
        return _page(422, period_errors=errors, period_values=dict(request.form))
    plan = Plan(owner_id=current_user.id, **values)
    db.session.add(plan)
    db.session.commit()
    flash("Plan made. Now add targets.")
    return redirect(url_for("plan.index"))


@bp.post("/<int:plan_id>")
def edit(plan_id: int):
    plan = owned_or_404(Plan, plan_id)
    values, errors = service.clean_period(request.form)
    if errors:
        return _page(422, plan=plan, period_errors=errors, period_values=dict(request.form))
    plan.starts_on, plan.ends_on = values["starts_on"], values["ends_on"]
    db.session.commit()
    flash("Plan dates saved.")
    return redirect(url_for("plan.index"))


@bp.post("/<int:plan_id>/targets")
def add_target(plan_id: int):
    plan = owned_or_404(Plan, plan_id)
    values, errors = service.clean_target(request.form, {p.id for p in paths(current_user.id)})
    if errors:
        return _page(422, plan=plan, target_errors=errors, target_values=dict(request.form))
    db.session.add(PlanTarget(owner_id=current_user.id, plan_id=plan.id, **values))
    db.session.commit()
    return redirect(url_for("plan.index", _anchor="targets"))


@bp.post("/targets/<int:target_id>/delete")
def delete_target(target_id: int):
    target = owned_or_404(PlanTarget, target_id)
    db.session.delete(target)
    db.session.commit()
    return redirect(url_for("plan.index", _anchor="targets"))


@bp.post("/targets/<int:target_id>/tick")
def tick(target_id: int):
    """Tick (or untick) a weekly habit for today."""
    target = owned_or_404(PlanTarget, target_id)
    if target.kind != "habit":
        abort(404)
    service.toggle_tick(target, now_utc().date())
    db.session.commit()
    return redirect(url_for("plan.index", _anchor=f"target-{target.id}"))
