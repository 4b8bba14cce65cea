"""Quick capture and the contact list at 10,000 contacts, beside a bare hello, under gunicorn.

`python -m bench foundation`. The capture's server time comes from the Server-Timing header
that bench/wsgi_bench.py adds: time inside the Flask app, gunicorn and network excluded.
"""

import html
import re
from datetime import date

from bench import common

CONTACTS = 10_000
# The budget for the capture handler's p50 server time.
CAPTURE_BUDGET_MS = 5.0
SEARCH_TERM = "Okafor"
NEXT_PAGE_RE = re.compile(r'href="(/contacts\?[^"]*after=[^"]+)"')


def _seed(app) -> int:
    """A user at a current event, with 10,000 contacts met before it."""
    from netpwa.auth.models import User
    from netpwa.events.models import Event
    from netpwa.extensions import db
    user_id = common.seed_user(app)
    common.seed_contacts(app, user_id, CONTACTS)
    with app.app_context():
        event = Event(owner_id=user_id, name="Bench Meetup", held_on=date.today())
        db.session.add(event)
        db.session.flush()
        db.session.get(User, user_id).current_event_id = event.id
        db.session.commit()
    return user_id



def main() -> None:
    with common.serve() as server:
        _seed(server.app)
        client = common.Client(server.url)
        client.login()

        def timed(label, send, count=200):
            return common.measure(label, send, client, count=count, baseline=common.hello)

        hello = common.measure("hello (bare Flask view)", common.hello, client)
        page = timed(f"contacts GET page 1 ({CONTACTS:,} contacts)", lambda c: c.get("/contacts"))
        next_link = NEXT_PAGE_RE.search(client.get("/contacts").text)
        if not next_link:
            raise RuntimeError("no next-page link on /contacts")
        next_url = html.unescape(next_link.group(1))
        page_two = timed("contacts GET page 2 (keyset cursor)", lambda c: c.get(next_url))
        search_url = f"/contacts?q={SEARCH_TERM}"
        search = timed(f"contacts GET search ?q={SEARCH_TERM}", lambda c: c.get(search_url))
        search_htmx = timed(f"contacts GET search ?q={SEARCH_TERM} (htmx fragment)",
                            lambda c: c.get(search_url, htmx=True))
        # Last, so the lists are timed at exactly 10,000 contacts (each capture adds one).
        capture = timed("capture POST (htmx, CSRF header)", common.capture_sender(), count=300)
        client.close()

    database = "PostgreSQL" if server.database_url.startswith("postgres") else "SQLite"
    common.report(f"Foundation on {database}: capture and contact list", [
        hello, capture, page, page_two, search, search_htmx], baseline=hello)
    verdict = "within" if capture.server_p50 <= CAPTURE_BUDGET_MS else "OVER"
    print(f"Capture handler server time p50: {capture.server_p50:.2f} ms wall, "
          f"{capture.server_cpu_p50:.2f} ms CPU ({verdict} the {CAPTURE_BUDGET_MS:.0f} ms budget "
          f"by wall time; Server-Timing header from bench/wsgi_bench.py: time inside the Flask "
          f"app, gunicorn and network excluded). Hello: {hello.server_p50:.2f} ms wall.")
    print(f"Machine: {common.machine_note()}\n")
