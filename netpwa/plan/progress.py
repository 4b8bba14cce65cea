"""A plan's progress, counted from the data (events, contacts, interviews, the timeline, habit
ticks), never typed in; on track or behind; the habit streak. Request-free."""

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import func, select

from netpwa.contacts.models import Contact
from netpwa.events.models import Event
from netpwa.events.records import NOT_MET_SOURCES
from netpwa.extensions import db
from netpwa.interviews.models import Interview
from netpwa.plan import counting
from netpwa.plan.models import KINDS, HabitTick, Plan, PlanTarget



def day_start(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=UTC)


def week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


@dataclass(frozen=True)
class TargetProgress:
    target: PlanTarget
    title: str
    done: int
    goal: int
    expected: int
    on_track: bool
    # Habits only: this week's ticks, the streak of weeks kept, whether today is ticked.
    this_week: int = 0
    streak: int = 0
    ticked_today: bool = False

    @property
    def share(self) -> float:
        return min(self.done / self.goal, 1.0) if self.goal else 1.0


def counted_until(plan: Plan, today: date) -> date:
    return min(plan.ends_on, today)


def count(target: PlanTarget, plan: Plan, today: date) -> int:
    """What the data says has been done toward a (non-habit) target in the plan's period."""
    start, end = plan.starts_on, counted_until(plan, today)
    if end < start:
        return 0
    owner = target.owner_id
    after, before = day_start(start), day_start(end + timedelta(days=1))
    if target.kind == "meetups":
        return db.session.scalar(select(func.count(Event.id)).where(
            Event.owner_id == owner, Event.held_on >= start, Event.held_on <= end)) or 0
    if target.kind == "people":
        return db.session.scalar(select(func.count(Contact.id)).where(
            Contact.owner_id == owner, Contact.deleted_at.is_(None),
            Contact.source.not_in(NOT_MET_SOURCES),
            Contact.met_at >= after, Contact.met_at < before)) or 0
    if target.kind == "interviews":
        query = select(func.count(Interview.id)).where(
            Interview.owner_id == owner, Interview.deleted_at.is_(None),
            Interview.held_at >= after, Interview.held_at < before)
        if target.path_id is not None:
            query = query.where(Interview.path_id == target.path_id)
        return db.session.scalar(query) or 0
    if target.kind == "followups":
        return counting.follow_ups(owner, start, end)
    return 0


def _expected(goal: int, plan: Plan, today: date) -> int:
    """Where a steady pace would be by today (whole units, rounded down)."""
    total = (plan.ends_on - plan.starts_on).days + 1
    elapsed = (counted_until(plan, today) - plan.starts_on).days + 1
    if elapsed <= 0:
        return 0
    return goal * min(elapsed, total) // total


def _habit(target: PlanTarget, plan: Plan, today: date, title: str) -> TargetProgress:
    ticks = db.session.scalars(select(HabitTick.ticked_on).where(
        HabitTick.target_id == target.id, HabitTick.ticked_on >= plan.starts_on,
        HabitTick.ticked_on <= plan.ends_on)).all()
    per_week: dict[date, int] = {}
    for day in ticks:
        per_week[week_start(day)] = per_week.get(week_start(day), 0) + 1
    this = week_start(today)
    this_week = per_week.get(this, 0)
    # The streak counts kept weeks back from this one; a week still under way doesn't break it.
    streak = 1 if this_week >= target.target else 0
    week = this - timedelta(days=7)
    while per_week.get(week, 0) >= target.target and week >= week_start(plan.starts_on):
        streak += 1
        week -= timedelta(days=7)
    weeks_kept = sum(1 for n in per_week.values() if n >= target.target)
    last_week = per_week.get(this - timedelta(days=7), 0)
    started = today >= plan.starts_on and week_start(plan.starts_on) < this
    on_track = this_week >= target.target or not started or last_week >= target.target
    return TargetProgress(target, title, weeks_kept, target.target, 0, on_track,
                          this_week=this_week, streak=streak, ticked_today=today in ticks)


def title(target: PlanTarget, path_name: str | None = None) -> str:
    text = KINDS[target.kind].format(n=target.target, label=target.label or "Habit")
    if path_name:
        text += f" ({path_name})"
    return text


def progress(plan: Plan, today: date, path_names: dict[int, str] | None = None
             ) -> list[TargetProgress]:
    targets = db.session.scalars(select(PlanTarget).where(PlanTarget.plan_id == plan.id)
                                 .order_by(PlanTarget.id)).all()
    out = []
    for target in targets:
        name = title(target, (path_names or {}).get(target.path_id))
        if target.kind == "habit":
            out.append(_habit(target, plan, today, name))
            continue
        done = count(target, plan, today)
        expected = _expected(target.target, plan, today)
        out.append(TargetProgress(target, name, done, target.target, expected,
                                  done >= expected or done >= target.target))
    return out


def current_plan(owner_id: int, today: date) -> Plan | None:
    """The plan covering today, else the one that starts next, else the latest."""
    plans = db.session.scalars(select(Plan).where(Plan.owner_id == owner_id)
                               .order_by(Plan.starts_on.desc(), Plan.id.desc())).all()
    for plan in plans:
        if plan.starts_on <= today <= plan.ends_on:
            return plan
    upcoming = [p for p in plans if p.starts_on > today]
    if upcoming:
        return min(upcoming, key=lambda p: p.starts_on)
    return plans[0] if plans else None
