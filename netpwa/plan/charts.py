"""Charts as data and geometry for server-rendered SVG (no chart JS): people met per event and
per month, interactions per week, plan progress. Each chart's bars are also its text
equivalent (a table under it), so what is drawn and what is read are the same numbers."""

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import select

from netpwa.contacts.models import Contact
from netpwa.events.records import NOT_MET_SOURCES, event_stats
from netpwa.extensions import db
from netpwa.plan import counting
from netpwa.plan.progress import TargetProgress, week_start

# A viewBox about as wide as a phone's column, so 12-unit text stays ~12 px at 360 px wide.
WIDTH = 320
ROW = 38
LABEL_Y = 13
BAR_Y = 18
BAR_H = 14
VALUE_ROOM = 44
BAR_MAX = WIDTH - VALUE_ROOM


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    goal: int | None = None  # plan progress: the bar fills toward its goal

    @property
    def text(self) -> str:
        return f"{self.value} of {self.goal}" if self.goal is not None else str(self.value)


@dataclass(frozen=True)
class Chart:
    key: str
    title: str
    column: str  # the text table's value heading
    bars: list[Bar]

    @property
    def scale(self) -> int:
        return max([b.value for b in self.bars if b.goal is None] + [1])

    @property
    def height(self) -> int:
        return max(len(self.bars), 1) * ROW

    def rows(self):
        """(bar, y of the row, width of the filled bar, width of the track) per bar."""
        for index, bar in enumerate(self.bars):
            if bar.goal is not None:
                share = min(bar.value / bar.goal, 1.0) if bar.goal else 1.0
                track = BAR_MAX
            else:
                share = bar.value / self.scale
                track = 0
            yield bar, index * ROW, round(BAR_MAX * share, 1), track

    label_y, bar_y, bar_h, value_x = LABEL_Y, BAR_Y, BAR_H, WIDTH


def short(text: str, limit: int = 34) -> str:
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


def people_per_event(owner_id: int, limit: int = 12) -> Chart:
    stats = event_stats(owner_id)[:limit]
    bars = [Bar(short(f"{s.event.name} · {s.event.held_on.strftime('%d %b')}"), s.met)
            for s in reversed(stats)]
    return Chart("per-event", "People met per event", "People met", bars)


def months_back(today: date, count: int) -> list[date]:
    first = today.replace(day=1)
    months = []
    for _ in range(count):
        months.append(first)
        first = (first - timedelta(days=1)).replace(day=1)
    return list(reversed(months))


def met_per_month(owner_id: int, months: list[date]) -> dict[date, int]:
    counts = {month: 0 for month in months}
    since = datetime.combine(months[0], time.min, tzinfo=UTC)
    for met_at in db.session.scalars(select(Contact.met_at).where(
            Contact.owner_id == owner_id, Contact.deleted_at.is_(None),
            Contact.source.not_in(NOT_MET_SOURCES), Contact.met_at >= since)):
        month = met_at.date().replace(day=1)
        if month in counts:
            counts[month] += 1
    return counts


def people_per_month(owner_id: int, today: date, count: int = 12) -> Chart:
    counts = met_per_month(owner_id, months_back(today, count))
    bars = [Bar(month.strftime("%b %Y"), n) for month, n in counts.items()]
    return Chart("per-month", "People met per month", "People met", bars)


def interactions_per_week(owner_id: int, today: date, count: int = 12) -> Chart:
    this = week_start(today)
    weeks = [this - timedelta(days=7 * i) for i in reversed(range(count))]
    counts = counting.interactions_per_week(owner_id, weeks)
    bars = [Bar(f"Week of {week.strftime('%d %b')}", counts[week]) for week in weeks]
    return Chart("per-week", "Interactions per week", "Interactions", bars)


def plan_progress(progress: list[TargetProgress]) -> Chart:
    """Each target's count toward its goal; a habit shows this week's ticks."""
    bars = []
    for p in progress:
        if p.target.kind == "habit":
            bars.append(Bar(short(p.title) + " (this week)", p.this_week, p.goal))
        else:
            bars.append(Bar(short(p.title), p.done, p.goal))
    return Chart("plan", "Plan progress", "Done", bars)
