"""Reminders that reach you without the app open, from a real browser on a laptop and on a
phone: turn on the calendar feed, subscribe to its address as a calendar app would (a plain
HTTP client, no session) and parse it with `icalendar`; turn on the daily email and receive it
through a real local SMTP server (aiosmtpd)."""

import urllib.error
import urllib.request
from datetime import UTC, date, datetime, time, timedelta

import pytest
from e2e_helpers import register
from icalendar import Calendar
from playwright.sync_api import expect
from sqlalchemy import select

from netpwa.auth.models import User
from netpwa.contacts.models import Contact
from netpwa.extensions import db
from netpwa.interviews.models import Interview


@pytest.fixture(params=["laptop", "phone"])
def page(request):
    context = request.getfixturevalue(request.param)
    page = context.new_page()
    yield page
    page.close()



def _seed(app) -> dict[str, int]:
    """Overdue Olga's follow-up, Tia's thank-you owed tomorrow, Bea's interview in three days."""
    today = date.today()
    with app.app_context():
        owner_id = db.session.scalar(select(User.id).where(User.email == "ana@example.com"))
        people = {"Overdue Olga": {"follow_up_by": today - timedelta(days=3)},
                  "Tia Thanks": {"thank_by": today + timedelta(days=1)},
                  "Bea Costa": {"follow_up_by": today + timedelta(days=200)},
                  "Far Fay": {"follow_up_by": today + timedelta(days=300)}}
        ids = {}
        for name, fields in people.items():
            row = Contact(owner_id=owner_id, name=name, source="import", **fields)
            db.session.add(row)
            db.session.flush()
            ids[name] = row.id
        starts = datetime.combine(today + timedelta(days=3), time(15, 30), tzinfo=UTC)
        db.session.add(Interview(owner_id=owner_id, contact_id=ids["Bea Costa"], starts_at=starts,
                                 length_minutes=20, video_link="https://meet.example.com/bea"))
        db.session.commit()
        db.session.remove()
        return ids


def _fetch(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=20) as response:  # noqa: S310 (our own server)
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, b""


def test_subscribe_to_the_calendar_feed_and_find_the_due_items(page, live_app):
    register(page)
    ids = _seed(live_app)
    today = date.today()
    # A coffee agreed for next week, logged ahead on Bea's timeline: a meeting in the calendar.
    page.goto(f"/contacts/{ids['Bea Costa']}")
    page.get_by_label("What happened").fill("Coffee at the station")
    page.get_by_text("Date, what helped").click()
    page.get_by_label("When").fill((today + timedelta(days=5)).isoformat())
    page.locator("#timeline").get_by_role("button", name="Coffee chat").click()
    expect(page.locator("#timeline")).to_contain_text("Logged: Coffee chat")

    page.goto("/reminders")
    page.get_by_role("button", name="Turn on the calendar feed").click()
    url = page.locator("[data-feed-url]").inner_text().strip()
    assert "/calendar/" in url and url.endswith(".ics")
    status, body = _fetch(url)
    assert status == 200
    events = {str(e["summary"]): e for e in Calendar.from_ical(body).walk("VEVENT")}
    assert events["Follow up with Overdue Olga"].decoded("dtstart") == today
    assert events["Thank Tia Thanks"].decoded("dtstart") == today + timedelta(days=1)
    assert events["Coffee chat with Bea Costa"].decoded("dtstart") == today + timedelta(days=5)
    interview = events["Informational interview: Bea Costa"]
    assert interview.decoded("dtstart") == datetime.combine(
        today + timedelta(days=3), time(15, 30), tzinfo=UTC)
    assert str(interview["location"]) == "https://meet.example.com/bea"
    assert not any("Far Fay" in summary for summary in events)

    # Turning it off revokes the address at once.
    page.get_by_role("button", name="Turn off").click()
    expect(page.get_by_role("button", name="Turn on the calendar feed")).to_be_visible()
    assert _fetch(url)[0] == 404


def test_receive_the_daily_digest_through_the_local_smtp_server(page, live_app, smtp_server):
    inbox, port = smtp_server
    register(page)
    _seed(live_app)
    page.goto("/reminders")
    page.get_by_label("Email me each morning what is due").check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Daily email on")).to_be_visible()

    old = {key: live_app.config.get(key) for key in ("SMTP_URL", "MAIL_FROM")}
    live_app.config.update(SMTP_URL=f"smtp://127.0.0.1:{port}", MAIL_FROM="netpwa <bot@example.com>")
    try:
        result = live_app.test_cli_runner().invoke(
            args=["send-reminders", "--base-url", "https://net.example/"])
    finally:
        live_app.config.update(old)
    assert result.exit_code == 0, result.output
    assert inbox.recipients == [["ana@example.com"]]
    message = inbox.messages[0]
    assert message["Subject"] == "netpwa: 1 follow-up for today"
    text = message.get_payload(decode=True).decode()
    # Due by today: Olga's overdue follow-up; Tia's thank-you is tomorrow's.
    assert "Follow up with Overdue Olga" in text and "Tia" not in text
    assert "https://net.example/" in text
