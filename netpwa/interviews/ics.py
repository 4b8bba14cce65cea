"""One interview as an iCalendar file (RFC 5545) through the icalendar library."""

from datetime import timedelta

from icalendar import Alarm, Calendar, Event

from netpwa.extensions import now_utc

PRODID = "-//netpwa//informational interviews//EN"


def interview_event(interview, contact_name: str, page_url: str) -> Event:
    """The VEVENT for an interview; the notebook's calendar feed can add the same one."""
    event = Event()
    event.add("uid", f"interview-{interview.uuid}@netpwa")
    event.add("dtstamp", now_utc())
    event.add("dtstart", interview.starts_at)
    event.add("dtend", interview.starts_at + timedelta(minutes=interview.length_minutes))
    event.add("summary", f"Informational interview: {contact_name}")
    if interview.video_link:
        event.add("location", interview.video_link)
        event.add("url", interview.video_link)
    elif interview.place:
        event.add("location", interview.place)
    lines = []
    if interview.goal:
        lines.append(f"My goal: {interview.goal}")
    lines.append(f"Prep list and interview mode: {page_url}")
    event.add("description", "\n".join(lines))
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", f"Interview with {contact_name} in 30 minutes")
    alarm.add("trigger", timedelta(minutes=-30))
    event.add_component(alarm)
    return event


def interview_ics(interview, contact_name: str, page_url: str) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    calendar.add_component(interview_event(interview, contact_name, page_url))
    return calendar.to_ical()
