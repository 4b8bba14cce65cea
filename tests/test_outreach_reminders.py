"""Reminders without the app open: the private iCalendar feed and the daily email digest."""

from datetime import UTC, date, datetime, timedelta

import pytest
from icalendar import Calendar

from helpers import page_text, visible_text
from route_map import snapshot


def _feed_url(client) -> str:
    client.post("/reminders/feed")
    page = page_text(client.get("/reminders"))
    return page.split('data-feed-url>', 1)[1].split("<", 1)[0].strip()


def _path(url: str) -> str:
    return "/" + url.split("://", 1)[1].split("/", 1)[1]


def test_the_feed_carries_due_follow_ups_how_it_went_and_events(
        app, client, auth, make_contact, make_event):
    user_id = auth.as_new_user()
    today = date.today()
    make_contact(user_id, name="Overdue Olga", follow_up_by=today - timedelta(days=3), source="import")
    make_contact(user_id, name="Next Week Nia", follow_up_by=today + timedelta(days=7), source="import")
    make_contact(user_id, name="Far Future Fay", follow_up_by=today + timedelta(days=300), source="import")
    make_contact(user_id, name="Binned Bo", follow_up_by=today, deleted_at=datetime.now(UTC), source="import")
    make_event(user_id, name="Design Meetup", held_on=today + timedelta(days=5))
    ana = make_contact(user_id, name="Ana", source="import")
    bruno = make_contact(user_id, name="Bruno", source="import")
    client.post(f"/outreach/contacts/{bruno}/introduced-by", data={"referrer": "Ana"})
    with app.app_context():
        from netpwa.contacts.models import Contact
        from netpwa.extensions import db
        from netpwa.outreach import timeline
        timeline.log(user_id, db.session.get(Contact, bruno), "coffee",
                     occurred_on=today - timedelta(days=2))
        db.session.commit()
    url = _feed_url(client)
    client.post("/logout")  # calendar apps have no session
    response = client.get(_path(url))
    assert response.status_code == 200 and response.mimetype == "text/calendar"
    calendar = Calendar.from_ical(response.data)
    events = {str(e["summary"]): e for e in calendar.walk("VEVENT")}
    assert events["Follow up with Overdue Olga"].decoded("dtstart") == today
    assert events["Follow up with Next Week Nia"].decoded("dtstart") == today + timedelta(days=7)
    assert events["Design Meetup"].decoded("dtstart") == today + timedelta(days=5)
    assert "Tell Ana how it went with Bruno" in events
    assert f"/contacts/{ana}" in str(events["Tell Ana how it went with Bruno"]["url"])
    assert not any("Fay" in s or "Binned" in s for s in events)
    assert len({str(e["uid"]) for e in events.values()}) == len(events)


def test_the_feed_carries_scheduled_meetings_and_interviews(app, client, auth, make_contact):
    """A coffee logged for a day ahead is a meeting in the calendar; an informational interview
    is there at its time with its length and video link (the same event as its .ics); a
    trashed interview or a past meeting is not."""
    user_id = auth.as_new_user()
    today = date.today()
    bea = make_contact(user_id, name="Bea Costa", source="import")
    cy = make_contact(user_id, name="Cy Osei", source="import")
    client.post(f"/timeline/{bea}/log", data={
        "kind": "coffee", "occurred_on": (today + timedelta(days=4)).isoformat(),
        "text": "Coffee at the station"})
    client.post(f"/timeline/{bea}/log", data={
        "kind": "call", "occurred_on": (today - timedelta(days=4)).isoformat()})
    starts = (datetime.now(UTC) + timedelta(days=3)).replace(second=0, microsecond=0)
    for contact in (bea, cy):
        client.post(f"/interviews/new?contact_id={contact}", data={
            "contact_id": str(contact), "starts_at": starts.strftime("%Y-%m-%dT%H:%M"),
            "timezone": "UTC", "length_minutes": "20", "video_link": "https://meet.example.com/x",
            "goal": "Is UX research for me?"})
    with app.app_context():
        from sqlalchemy import select

        from netpwa.extensions import db
        from netpwa.interviews.models import Interview
        ids = dict(db.session.execute(select(Interview.contact_id, Interview.id)).all())
    assert len(ids) == 2
    client.post(f"/interviews/{ids[cy]}/delete")
    url = _feed_url(client)
    client.post("/logout")
    calendar = Calendar.from_ical(client.get(_path(url)).data)
    events = {str(e["summary"]): e for e in calendar.walk("VEVENT")}
    meeting = events["Coffee chat with Bea Costa"]
    assert meeting.decoded("dtstart") == today + timedelta(days=4)
    assert str(meeting["description"]) == "Coffee at the station"
    assert f"/contacts/{bea}" in str(meeting["url"])
    assert not any(s.startswith("Call with") for s in events)
    interview = events["Informational interview: Bea Costa"]
    assert interview.decoded("dtstart") == starts
    assert interview.decoded("dtend") - interview.decoded("dtstart") == timedelta(minutes=20)
    assert str(interview["location"]) == "https://meet.example.com/x"
    assert f"/interviews/{ids[bea]}" in str(interview["description"])
    assert "Informational interview: Cy Osei" not in events
    assert len({str(e["uid"]) for e in events.values()}) == len(events)


def test_a_renewed_or_turned_off_feed_url_answers_404(app, client, auth):
    auth.as_new_user()
    first = _path(_feed_url(client))
    assert client.get(first).status_code == 200
    second = _path(_feed_url(client))
    assert second != first
    assert client.get(first).status_code == 404
    assert client.get(second).status_code == 200
    client.post("/reminders/feed/off")
    assert client.get(second).status_code == 404
    assert "Turn on the calendar feed" in visible_text(client.get("/reminders"))
    assert client.get("/calendar/not-a-token.ics").status_code == 404
    assert client.get("/calendar/" + "x" * 500 + ".ics").status_code == 404



def test_the_daily_digest_arrives_through_smtp_once_a_day(
        app, client, auth, make_contact, smtp_server):
    inbox, port = smtp_server
    user_id = auth.as_new_user()
    make_contact(user_id, name="Overdue Olga", follow_up_by=date.today() - timedelta(days=2))
    make_contact(user_id, name="Later Lia", follow_up_by=date.today() + timedelta(days=9))
    client.post("/reminders/digest", data={"digest": "on"})
    app.config.update(SMTP_URL=f"smtp://127.0.0.1:{port}", MAIL_FROM="netpwa <bot@example.com>")
    runner = app.test_cli_runner()
    result = runner.invoke(args=["send-reminders", "--base-url", "https://net.example/"])
    assert result.exit_code == 0, result.output
    assert "Sent 1 digest." in result.output
    assert len(inbox.messages) == 1
    assert inbox.recipients == [["ana@example.com"]]
    message = inbox.messages[0]
    assert message["Subject"] == "netpwa: 1 follow-up for today"
    body = message.get_payload(decode=True).decode()
    assert "Follow up with Overdue Olga" in body and "Later Lia" not in body
    assert "https://net.example/" in body
    again = runner.invoke(args=["send-reminders"])
    assert "Sent 0 digests." in again.output and len(inbox.messages) == 1


def test_no_digest_without_smtp_or_without_asking(app, client, auth, make_contact, smtp_server):
    inbox, port = smtp_server
    user_id = auth.as_new_user()
    make_contact(user_id, name="Overdue Olga", follow_up_by=date.today() - timedelta(days=2))
    runner = app.test_cli_runner()
    app.config.update(SMTP_URL="")
    assert "SMTP_URL is not set" in runner.invoke(args=["send-reminders"]).output
    app.config.update(SMTP_URL=f"smtp://127.0.0.1:{port}")
    assert "Sent 0 digests." in runner.invoke(args=["send-reminders"]).output
    assert inbox.messages == []
    assert "no email set up" not in visible_text(client.get("/reminders"))


def test_reminder_settings_need_login_and_csrf_is_checked_elsewhere(client):
    assert client.get("/reminders").status_code == 302
