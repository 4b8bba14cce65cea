"""The networking plan: targets counted from data, on track / behind, habit streak, records,
and SVG charts whose numbers equal the data."""

import re
from datetime import UTC, date, datetime, timedelta
from html.parser import HTMLParser

from helpers import page_text, visible_text
from sqlalchemy import select

from netpwa.contacts.models import Contact
from netpwa.events.models import Event
from netpwa.extensions import db
from netpwa.plan import progress
from netpwa.plan.models import HabitTick, Plan, PlanTarget


class _Charts(HTMLParser):
    """Each chart's SVG bars and its table's values, as a reader of the page sees them."""

    def __init__(self):
        super().__init__()
        self.svg: dict[str, list[tuple[str, int]]] = {}
        self.table: dict[str, list[int]] = {}
        self._chart = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "figure" and "data-chart" in attrs:
            self._chart = attrs["data-chart"]
            self.svg[self._chart], self.table[self._chart] = [], []
        elif tag == "rect" and "data-value" in attrs and self._chart:
            self.svg[self._chart].append((attrs["data-label"], int(attrs["data-value"]),
                                          float(attrs["width"])))
        elif tag == "td" and "data-value" in attrs and self._chart:
            self.table[self._chart].append(int(attrs["data-value"]))


def _charts(response) -> _Charts:
    parser = _Charts()
    parser.feed(response.get_data(as_text=True))
    return parser


def _make_plan(client, **dates):
    today = date.today()
    data = {"starts_on": (today - timedelta(days=30)).isoformat(),
            "ends_on": (today + timedelta(days=150)).isoformat(), **dates}
    return client.post("/plan/", data=data)


def test_new_plan_defaults_to_the_next_six_months(client, auth):
    auth.as_new_user()
    text = page_text(client.get("/plan/"))
    today = date.today()
    assert f'value="{today.isoformat()}"' in text
    assert re.search(r'name="ends_on" type="date" value="(\d{4}-\d\d-\d\d)"', text).group(1) > (
        today + timedelta(days=180)).isoformat()


def test_bad_plan_input_gets_messages_and_keeps_typing(app, client, auth):
    auth.as_new_user()
    response = _make_plan(client, starts_on="2027-05-01", ends_on="2027-01-01")
    assert response.status_code == 422
    text = page_text(response)
    assert "The end comes before the start" in text and 'value="2027-01-01"' in text
    _make_plan(client)
    with app.app_context():
        plan_id = db.session.scalar(select(Plan.id))
    for bad in ("0", "1000000000", "-3", "lots"):
        response = client.post(f"/plan/{plan_id}/targets", data={"kind": "people", "target": bad})
        assert response.status_code == 422, bad
        assert "Pick a target between 1 and 10,000." in page_text(response)
        assert f'value="{bad}"' in page_text(response)
    response = client.post(f"/plan/{plan_id}/targets", data={"kind": "habit", "target": "2"})
    assert "Name the habit" in page_text(response)
    with app.app_context():
        assert db.session.scalar(select(PlanTarget.id)) is None


def test_progress_is_counted_from_the_data(app, client, auth, make_event, make_contact):
    user_id = auth.as_new_user()
    _make_plan(client)
    with app.app_context():
        plan_id = db.session.scalar(select(Plan.id))
    for kind, n in (("meetups", "4"), ("people", "6"), ("interviews", "2")):
        client.post(f"/plan/{plan_id}/targets", data={"kind": kind, "target": n})
    client.post(f"/plan/{plan_id}/targets",
                data={"kind": "habit", "target": "2", "label": "Online groups"})
    event = make_event(user_id, held_on=date.today() - timedelta(days=3))
    make_event(user_id, name="Long ago", held_on=date.today() - timedelta(days=400))
    for name in ("A", "B", "C"):
        make_contact(user_id, name, event_id=event)
    make_contact(user_id, "Old friend", source="known")
    make_contact(user_id, "Gone", deleted_at=datetime.now(UTC))
    text = visible_text(client.get("/plan/"))
    assert "Attend 4 meetups On track 1 of 4" in text
    assert "1 of 4" in text and "3 of 6" in text and "0 of 2" in text
    assert "0 of 2 this week" in text
    with app.app_context():
        target_id = db.session.scalar(select(PlanTarget.id).where(PlanTarget.kind == "habit"))
    client.post(f"/plan/targets/{target_id}/tick")
    assert "1 of 2 this week" in visible_text(client.get("/plan/"))
    client.post(f"/plan/targets/{target_id}/tick")  # a second tap takes it back
    assert "0 of 2 this week" in visible_text(client.get("/plan/"))


def test_on_track_and_behind(app, auth, make_user, make_contact):
    user_id = make_user()
    today = date(2026, 7, 1)
    with app.app_context():
        plan = Plan(owner_id=user_id, starts_on=date(2026, 1, 1), ends_on=date(2026, 12, 31))
        db.session.add(plan)
        db.session.flush()
        db.session.add(PlanTarget(owner_id=user_id, plan_id=plan.id, kind="people", target=10))
        db.session.add_all([Contact(owner_id=user_id, name=f"P{i}",
                                    met_at=datetime(2026, 3, 1, tzinfo=UTC)) for i in range(4)])
        db.session.commit()
        (people,) = progress.progress(plan, today)
        assert (people.done, people.expected, people.on_track) == (4, 4, True)
        (people,) = progress.progress(plan, date(2026, 9, 1))
        assert people.expected == 6 and not people.on_track


def test_habit_streak_counts_kept_weeks(app, make_user):
    user_id = make_user()
    today = date(2026, 12, 9)  # a Wednesday
    monday = today - timedelta(days=today.weekday())
    with app.app_context():
        plan = Plan(owner_id=user_id, starts_on=date(2026, 10, 1), ends_on=date(2027, 3, 31))
        db.session.add(plan)
        db.session.flush()
        habit = PlanTarget(owner_id=user_id, plan_id=plan.id, kind="habit", target=2,
                           label="Online groups")
        db.session.add(habit)
        db.session.flush()
        days = [monday - timedelta(days=7), monday - timedelta(days=5),     # last week: 2
                monday - timedelta(days=14), monday - timedelta(days=13),   # the one before: 2
                monday - timedelta(days=28), monday]                       # a gap, then 1 now
        db.session.add_all([HabitTick(owner_id=user_id, target_id=habit.id, ticked_on=d)
                            for d in days])
        db.session.commit()
        (result,) = progress.progress(plan, today)
        assert (result.this_week, result.streak, result.on_track) == (1, 2, True)


def test_charts_numbers_equal_the_data(app, client, auth, make_event, make_contact):
    user_id = auth.as_new_user()
    today = date.today()
    first = make_event(user_id, name="Spring meetup", held_on=today - timedelta(days=40))
    second = make_event(user_id, name="Winter meetup", held_on=today)
    this_month = datetime.combine(today.replace(day=1), datetime.min.time(), tzinfo=UTC)
    last_month = this_month - timedelta(days=3)
    for i in range(2):
        make_contact(user_id, f"S{i}", event_id=first, met_at=last_month)
    for i in range(5):
        make_contact(user_id, f"W{i}", event_id=second, met_at=this_month)
    make_contact(user_id, "Known", source="known", met_at=this_month)
    _make_plan(client)
    with app.app_context():
        plan_id = db.session.scalar(select(Plan.id))
    client.post(f"/plan/{plan_id}/targets", data={"kind": "people", "target": "20"})
    charts = _charts(client.get("/plan/"))
    per_event = charts.svg["per-event"]
    assert [(label.split(" · ")[0], value) for label, value, _ in per_event] == [
        ("Spring meetup", 2), ("Winter meetup", 5)]
    assert per_event[1][2] > per_event[0][2] and per_event[1][2] == 276  # longest bar fills
    assert per_event[0][2] == round(276 * 2 / 5, 1)
    per_month = charts.svg["per-month"]
    assert per_month[-1][:2] == (today.strftime("%b %Y"), 5)
    assert per_month[-2][:2] == (last_month.strftime("%b %Y"), 2)
    assert sum(value for _, value, _ in per_month) == 7
    assert charts.svg["plan"][0][1] == 7 and "7 of 20" in visible_text(client.get("/plan/"))
    for key in charts.svg:
        assert [v for _, v, _ in charts.svg[key]] == charts.table[key], key


def test_month_record(client, auth, make_contact):
    user_id = auth.as_new_user()
    for i in range(3):
        make_contact(user_id, f"M{i}", met_at=datetime(2026, 3, 5, tzinfo=UTC))
    make_contact(user_id, "One", met_at=datetime(2026, 4, 5, tzinfo=UTC))
    assert "Most new people in one month 3 in March 2026" in visible_text(client.get("/plan/"))


def test_other_users_plan_is_404(app, client, auth, make_user):
    other = make_user("bo@example.com")
    with app.app_context():
        plan = Plan(owner_id=other, starts_on=date.today(), ends_on=date.today())
        db.session.add(plan)
        db.session.commit()
        plan_id = plan.id
    auth.as_new_user()
    assert client.post(f"/plan/{plan_id}/targets",
                       data={"kind": "people", "target": "3"}).status_code == 404
