"""Friends at one event: does a room of 200 phones polling the board slow capture?

    .venv/bin/python -m bench friends

Ana is at a meetup with 200 friends joined to her event's board (each with their own event,
a few people met there and more at an earlier event, so "on track for a record" has work to
do). Her capture (POST /capture, htmx, as bench_foundation times it) is timed alternating with
the bare hello, first with nobody polling, then while 200 logged-in pollers each GET their
board fragment every 5 seconds (about 40 requests a second, what the room's open screens send),
as the issue asks: capture p50 with and without 200 pollers. The pollers run in this process
on the same 2 cores as gunicorn, so the "with" figures include their client-side cost too.
A report, not a test: it prints Markdown tables for docs/PERFORMANCE.md and fails only on an
error response.
"""

import os
import random
import statistics
import threading
import time
from datetime import date, timedelta

from bench import common

FRIENDS = 200
POLL_SECONDS = 5.0  # hx-trigger="every 5s" in templates/friends/_board.html
POLLER_THREADS = 16
ANA_CONTACTS = 2_000
CAPTURES = 200


def _seed(app) -> tuple[int, list[tuple[str, int]]]:
    """Ana at her shared event with 200 friends on its board; (Ana's id, [(friend's remember
    cookie, friend's own event id)])."""
    from flask_login.utils import encode_cookie
    from sqlalchemy import select

    from netpwa.auth import sessions
    from netpwa.auth.models import User, hash_password
    from netpwa.contacts.models import Contact
    from netpwa.events.models import Event
    from netpwa.extensions import db
    from netpwa.friends import sharing
    from netpwa.friends.models import EventFriend

    ana_id = common.seed_user(app)
    common.seed_contacts(app, ana_id, ANA_CONTACTS)
    today = date.today()
    with app.app_context():
        event = Event(owner_id=ana_id, name="Bench Meetup", held_on=today)
        db.session.add(event)
        db.session.flush()
        db.session.get(User, ana_id).current_event_id = event.id
        db.session.commit()
        sharing.share_event(event)
        event_id = event.id
        password_hash = hash_password(common.PASSWORD)  # once: argon2 is slow on purpose
    users = [{"email": f"friend{n}@example.com", "display_name": f"Friend {n}",
              "password_hash": password_hash} for n in range(FRIENDS)]
    common.bulk_insert(app, User, users)
    with app.app_context():
        friend_ids = db.session.scalars(select(User.id).where(User.id != ana_id)
                                        .order_by(User.id)).all()
    own_events = [{"owner_id": fid, "name": "Bench Meetup", "held_on": today, "goal": 3}
                  for fid in friend_ids]
    earlier = [{"owner_id": fid, "name": "Last month", "held_on": today - timedelta(days=30),
                "goal": 3} for fid in friend_ids]
    common.bulk_insert(app, Event, own_events + earlier)
    with app.app_context():
        events = db.session.execute(select(Event.id, Event.owner_id, Event.held_on).where(
            Event.owner_id.in_(friend_ids))).all()
    own = {owner: eid for eid, owner, held in events if held == today}
    before = {owner: eid for eid, owner, held in events if held != today}
    rng = random.Random(7)
    contacts = []
    for fid in friend_ids:
        for at, count in ((own[fid], rng.randint(0, 6)), (before[fid], rng.randint(0, 10))):
            contacts += common.contact_rows(fid, count, event_id=at, seed=fid * 31 + count)
    common.bulk_insert(app, Contact, contacts)
    common.bulk_insert(app, EventFriend, [
        {"event_id": event_id, "user_id": fid, "own_event_id": own[fid],
         "shown_name": f"Friend {n}", "status": "joined"}
        for n, fid in enumerate(friend_ids)])
    cookies = []
    with app.test_request_context():
        for fid in friend_ids:
            user = db.session.get(User, fid)
            user.current_event_id = own[fid]
            cookies.append((encode_cookie(sessions.start(user, device="bench poller")),
                            own[fid]))
        db.session.commit()
    return ana_id, cookies


class Pollers:
    """200 phones with the board open: each GETs its board fragment every 5 seconds, the
    first polls spread over the first interval."""

    def __init__(self, server_url: str, friends: list[tuple[str, int]]):
        self.friends = friends
        self.url = server_url
        self.stop = threading.Event()
        self.latencies: list[float] = []
        self.failures: list[str] = []
        self.sent = 0
        self.lock = threading.Lock()
        self.threads = [threading.Thread(target=self._run, args=(friends[n::POLLER_THREADS],
                                                                 n), daemon=True)
                        for n in range(POLLER_THREADS)]

    def _run(self, mine: list[tuple[str, int]], n: int) -> None:
        rng = random.Random(n)
        start = time.monotonic()
        phones = []
        for cookie, event_id in mine:
            client = common.Client(self.url)
            client.cookies["remember_token"] = cookie
            phones.append([start + rng.uniform(0, POLL_SECONDS), client, event_id])
        while not self.stop.is_set():
            phones.sort(key=lambda phone: phone[0])
            due, client, event_id = phones[0]
            wait = due - time.monotonic()
            if wait > 0 and self.stop.wait(wait):
                break
            response = client.get(f"/friends/events/{event_id}/board", htmx=True)
            with self.lock:
                self.sent += 1
                if response.status != 200:
                    self.failures.append(f"{response.status}: {response.text[:200]}")
                else:
                    self.latencies.append(response.elapsed_ms)
            phones[0][0] = due + POLL_SECONDS
        for _due, client, _event in phones:
            client.close()

    def __enter__(self):
        self.started = time.monotonic()
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        for thread in self.threads:
            thread.join(timeout=30)
        self.seconds = time.monotonic() - self.started



def main() -> None:
    # 200 friends' sessions are minted directly (no login form), but Ana logs in for real.
    with common.serve() as server:
        _ana, friends = _seed(server.app)
        client = common.Client(server.url)
        client.login()
        board_url = None
        with server.app.app_context():
            from netpwa.auth.models import User
            from netpwa.extensions import db
            board_url = f"/friends/events/{db.session.get(User, _ana).current_event_id}/board"
        capture = common.capture_sender()
        quiet = common.measure("capture POST, nobody polling", capture, client,
                               count=CAPTURES, baseline=common.hello, concurrent=False)
        board = common.measure(f"board GET (htmx fragment, {FRIENDS + 1} people), nobody polling",
                               lambda c: c.get(board_url, htmx=True), client, count=100,
                               baseline=common.hello, concurrent=False)
        with Pollers(server.url, friends) as pollers:
            time.sleep(POLL_SECONDS * 2)  # every phone has polled at least once
            busy = common.measure(f"capture POST, {FRIENDS} phones polling every "
                                  f"{POLL_SECONDS:.0f} s", capture, client, count=CAPTURES,
                                  baseline=common.hello, concurrent=False)
        client.close()
    if pollers.failures:
        raise RuntimeError(f"{len(pollers.failures)} polls failed: {pollers.failures[:3]}")
    polls = common.Result(f"board GET by the {FRIENDS} pollers (while capture was timed)",
                          pollers.latencies)
    database = "PostgreSQL" if server.database_url.startswith("postgres") else "SQLite"
    common.report(f"Friends' board on {database}: capture with and without {FRIENDS} pollers",
                  [quiet, busy, board, polls])
    print(f"Capture p50: {quiet.p50:.2f} ms with nobody polling, {busy.p50:.2f} ms with "
          f"{FRIENDS} pollers ({busy.p50 / quiet.p50:.2f}x); hello p50 in the same phases "
          f"{quiet.baseline.p50:.2f} and {busy.baseline.p50:.2f} ms. Capture server time p50 "
          f"{quiet.server_p50:.2f} -> {busy.server_p50:.2f} ms. Pollers sent {pollers.sent} "
          f"board requests in {pollers.seconds:.0f} s ({pollers.sent / pollers.seconds:.1f}/s), "
          f"p50 {statistics.median(pollers.latencies):.1f} ms, p95 "
          f"{common.percentile(pollers.latencies, 95):.1f} ms, 0 failed")
    print(f"({common.machine_note()}; {POLLER_THREADS} poller threads in the bench process; "
          f"database {server.database_url.split(':')[0]})", flush=True)


if __name__ == "__main__":
    main()
