"""Issue 16's server table: capture, the list and search at 1,000 / 10,000 / 100,000 contacts,
beside a bare hello on the same gunicorn in the same run, plus capture's p99 with four
concurrent connections.

`python -m bench scale` (SQLite) and, for PostgreSQL,
`BENCH_DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/netpwa_bench python -m bench scale`.

Contacts are spread over 50 earlier events and the user is at a current event, as a long-time
user would be. The seed is a bulk load: the search index's triggers are dropped for it and the
index is rebuilt in one statement after (contacts/fulltext.py), which is how a restore or a
large import would load rows when nobody else writes.
"""

import os
import threading
import time
import uuid
from datetime import date, timedelta

from bench import common

SCALES = tuple(int(n) for n in os.environ.get("BENCH_SCALES", "1000,10000,100000").split(","))
EVENTS = 50
SEARCH_TERM = "Okafor"        # about 1 in 18 people
RARE_TERM = "person4242"      # one email in the whole list
CONCURRENT = 4


def _seed(app, count: int) -> float:
    """A user with `count` contacts over 50 events and a current event; returns seconds."""
    from sqlalchemy import insert

    from netpwa.auth.models import User
    from netpwa.contacts import fulltext
    from netpwa.contacts.models import Contact
    from netpwa.events.models import Event
    from netpwa.extensions import db
    started = time.perf_counter()
    user_id = common.seed_user(app)
    with app.app_context():
        today = date.today()
        events = [Event(owner_id=user_id, name=f"Meetup {n}", held_on=today - timedelta(days=7 * n))
                  for n in range(EVENTS, 0, -1)]
        db.session.add_all(events)
        db.session.flush()
        event_ids = [event.id for event in events]
        current = Event(owner_id=user_id, name="Tonight", held_on=today)
        db.session.add(current)
        db.session.flush()
        db.session.get(User, user_id).current_event_id = current.id
        db.session.commit()
        rows = common.contact_rows(user_id, count)
        for index, row in enumerate(rows):
            row["event_id"] = event_ids[index * EVENTS // count]
        with db.engine.begin() as connection:
            fulltext.uninstall(connection)
        for start in range(0, len(rows), 5000):
            db.session.execute(insert(Contact), rows[start:start + 5000])
            db.session.commit()
        with db.engine.begin() as connection:
            fulltext.install(connection)
        common.start_clock(app, user_id)
        if db.engine.dialect.name == "postgresql":
            with db.engine.begin() as connection:
                connection.exec_driver_sql("ANALYZE")
        db.engine.dispose()
    return time.perf_counter() - started



def _sync_capture_sender():
    """One capture the way the phone sends it now: its outbox's POST /api/sync."""
    def send(client: common.Client) -> common.Response:
        item = {"op": "create", "uuid": str(uuid.uuid4()), "op_id": str(uuid.uuid4()),
                "fields": {"name": "Synced Person"}}
        return client.request("POST", "/api/sync", json_body={"items": [item]})
    return send


def _concurrent_latencies(send, client, threads: int = CONCURRENT, each: int = 100) -> list[float]:
    """Every latency of `threads` connections each sending `each` requests at once."""
    latencies: list[float] = []
    lock = threading.Lock()
    failures: list[BaseException] = []

    def worker(own: common.Client):
        try:
            for _ in range(each):
                response = send(own)
                if response.status != 200:
                    raise RuntimeError(f"{response.status}: {response.text[:200]}")
                with lock:
                    latencies.append(response.elapsed_ms)
        except BaseException as error:  # noqa: BLE001 (reported after join)
            failures.append(error)
        finally:
            own.close()

    pool = [threading.Thread(target=worker, args=(client.clone(),)) for _ in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    if failures:
        raise RuntimeError(f"concurrent run failed: {failures[0]!r}")
    return latencies


def _one_scale(count: int) -> dict:
    with common.serve() as server:
        seconds = _seed(server.app, count)
        client = common.Client(server.url)
        client.login()

        def timed(label, send, n=150):
            return common.measure(label, send, client, count=n, baseline=common.hello)

        hello = common.measure("hello (bare Flask view)", common.hello, client)
        page = timed("contacts GET page 1", lambda c: c.get("/contacts"))
        search = timed(f"search ?q={SEARCH_TERM}", lambda c: c.get(f"/contacts?q={SEARCH_TERM}"))
        rare = timed(f"search ?q={RARE_TERM}", lambda c: c.get(f"/contacts?q={RARE_TERM}"))
        capture = timed("capture POST (htmx)", common.capture_sender(), n=200)
        synced = timed("capture via POST /api/sync (1 item)", _sync_capture_sender(), n=200)
        together = _concurrent_latencies(common.capture_sender(), client)
        together_sync = _concurrent_latencies(_sync_capture_sender(), client)
        client.close()
    database = "PostgreSQL" if server.database_url.startswith("postgres") else "SQLite"
    common.report(f"{database}, {count:,} contacts (seeded in {seconds:.1f} s)",
                  [hello, capture, synced, page, search, rare], baseline=hello)
    return {"count": count, "database": database, "seed": seconds, "hello": hello,
            "capture": capture, "synced": synced, "page": page, "search": search, "rare": rare,
            "p50_4": common.percentile(together, 50), "p99_4": common.percentile(together, 99),
            "sync_p50_4": common.percentile(together_sync, 50),
            "sync_p99_4": common.percentile(together_sync, 99)}


def ratio(result) -> str:
    base = result.baseline
    if not (base and base.rps and result.rps):
        return "–"
    return f"{result.rps / base.rps:.2f}x"


def measure() -> list[dict]:
    """Every size on the database BENCH_DATABASE_URL names (SQLite without it)."""
    return [_one_scale(count) for count in SCALES]


def main() -> None:
    print(table(measure()))
    print(f"Machine: {common.machine_note()}\n")


def table(runs: list[dict]) -> str:
    """This database's rows of issue 16's table."""
    database = runs[0]["database"]
    by = {run["count"]: run for run in runs}
    middle = by.get(10_000, runs[len(runs) // 2])
    first, last = runs[0], runs[-1]

    def cpu(run, key):
        return f"{run[key].server_cpu_p50:.2f}"

    scales = " / ".join(f"{run['count']:,}" for run in runs)
    lines = [f"### Issue 16 table, {database}", "",
             "| what | measured | goal |", "| --- | --- | --- |",
             f"| capture throughput ÷ hello ({middle['count']:,} contacts) | "
             f"{ratio(middle['capture'])} | ≥ 0.5x |",
             f"| capture via /api/sync throughput ÷ hello ({middle['count']:,}) | "
             f"{ratio(middle['synced'])} | ≥ 0.5x |",
             f"| contact list throughput ÷ hello ({middle['count']:,} contacts) | "
             f"{ratio(middle['page'])} | ≥ 0.3x |",
             f"| capture p50 / p99 with {CONCURRENT} concurrent connections "
             f"({middle['count']:,}) | {middle['p50_4']:.1f} / {middle['p99_4']:.1f} ms | p99 < 20 ms |",
             f"| capture via /api/sync p50 / p99, {CONCURRENT} connections ({middle['count']:,}) | "
             f"{middle['sync_p50_4']:.1f} / {middle['sync_p99_4']:.1f} ms | p99 < 20 ms |",
             f"| capture server CPU at {scales} | "
             + " / ".join(cpu(run, "capture") for run in runs) + " ms (via /api/sync: "
             + " / ".join(cpu(run, "synced") for run in runs) + " ms) | "
             f"flat: last ≤ 1.2x first ({last['capture'].server_cpu_p50 / first['capture'].server_cpu_p50:.2f}x) |",
             f"| list page 1 server CPU at {scales} | "
             + " / ".join(cpu(run, "page") for run in runs) + " ms | flat |",
             f"| search ?q={SEARCH_TERM} server wall at {scales} | "
             + " / ".join(f"{run['search'].server_p50:.2f}" for run in runs) + " ms | "
             "≤ 15 ms SQLite / ≤ 30 ms PostgreSQL at 100k |",
             f"| search ?q={RARE_TERM} server wall at {scales} | "
             + " / ".join(f"{run['rare'].server_p50:.2f}" for run in runs) + " ms | |",
             f"| bulk seed at {scales} | "
             + " / ".join(f"{run['seed']:.1f}" for run in runs) + " s | 100k < 60 s |"]
    return "\n".join(lines) + "\n"
