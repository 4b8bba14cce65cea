"""Sync a 500-item outbox: POST /api/sync in the phone's batch size against gunicorn.

    .venv/bin/python -m bench sync

A logged-in client (real login form, session cookie, CSRF header) sends an outbox of 500
captures the way static/js/outbox.js does: batches of 50, one after another. That is repeated
for a few fresh outboxes, then one outbox is replayed whole (every item a duplicate, as after a
lost answer), then 500 are sent in one request (the API's limit), and the phone pulls
everything back through /api/changes. Prints the median time per batch, with the bare
"hello" request of the same server beside it.
"""

import http.client
import json
import statistics
import time
import uuid

from bench import common

OUTBOX_SIZE = 500
BATCH_SIZE = 50  # static/js/outbox.js BATCH_SIZE
ROUNDS = 3
EXISTING_CONTACTS = 5_000


def outbox(size: int, seed: int) -> list[dict]:
    """Captures as the phone queues them: a name, often more, a client UUID and time."""
    rows = common.contact_rows(0, size, seed=seed)
    items = []
    for index, row in enumerate(rows):
        fields = {"name": row["name"], "headline": row["headline"], "tags": row["tags"].strip(","),
                  "follow_up": row["follow_up"], "chat_seconds": str(60 + index % 240)}
        if index % 2:
            fields["email"] = row["email"]
        items.append({"op": "create", "uuid": str(uuid.uuid4()), "op_id": str(uuid.uuid4()),
                      "fields": fields, "client_time": row["met_at"].isoformat()})
    return items


class JsonPoster:
    """POSTs JSON with the logged-in client's cookies and CSRF token, on one keep-alive
    connection, like the phone's fetch()."""

    def __init__(self, client: common.Client):
        self.client = client
        self.connection = http.client.HTTPConnection(client.host, client.port, timeout=60)

    def send(self, method: str, path: str, payload=None) -> tuple[int, float, dict]:
        headers = {"Accept": "application/json", "X-CSRFToken": self.client.csrf_token,
                   "Cookie": "; ".join(f"{k}={v}" for k, v in self.client.cookies.items())}
        body = None
        if payload is not None:
            body = json.dumps(payload).encode()
            headers["Content-Type"] = "application/json"
        started = time.perf_counter()
        self.connection.request(method, path, body=body, headers=headers)
        response = self.connection.getresponse()
        data = response.read()
        elapsed = (time.perf_counter() - started) * 1000
        if response.status != 200:
            raise RuntimeError(f"{method} {path}: {response.status} {data[:300]!r}")
        return response.status, elapsed, json.loads(data)

    def sync(self, items: list[dict]) -> float:
        _status, elapsed, body = self.send("POST", "/api/sync", {"items": items})
        refused = [r for r in body["results"] if r["status"] != "ok"]
        if refused:
            raise RuntimeError(f"sync refused items: {refused[:3]}")
        return elapsed

    def close(self) -> None:
        self.connection.close()


def flush(poster: JsonPoster, items: list[dict]) -> list[float]:
    """The whole outbox in batches; the time of each batch."""
    return [poster.sync(items[start:start + BATCH_SIZE])
            for start in range(0, len(items), BATCH_SIZE)]


def pull_all(poster: JsonPoster) -> tuple[int, float]:
    """Every change from the start, page by page; (contacts pulled, total ms)."""
    cursor, total, count = "", 0.0, 0
    while True:
        _status, elapsed, body = poster.send("GET", f"/api/changes?since={cursor}")
        total += elapsed
        count += len(body["contacts"])
        cursor = body["cursor"]
        if not body["has_more"]:
            return count, total


def main() -> None:
    with common.serve() as server:
        user_id = common.seed_user(server.app)
        common.seed_contacts(server.app, user_id, EXISTING_CONTACTS)
        client = common.Client(server.url)
        client.login()
        hello = common.measure("hello (bare Flask)", lambda c: c.get("/bench/hello"), client,
                               count=200, concurrent=False)
        poster = JsonPoster(client)
        try:
            flush(poster, outbox(BATCH_SIZE, seed=99))  # warm-up
            batches = []
            whole = []
            outboxes = []
            for round_number in range(ROUNDS):
                items = outbox(OUTBOX_SIZE, seed=round_number + 1)
                outboxes.append(items)
                started = time.perf_counter()
                batches += flush(poster, items)
                whole.append((time.perf_counter() - started) * 1000)
            replays = flush(poster, outboxes[0])
            single = [poster.sync(outbox(OUTBOX_SIZE, seed=50 + n)) for n in range(2)]
            pulled, pull_ms = pull_all(poster)
        finally:
            poster.close()
        results = [
            hello,
            common.Result(f"POST /api/sync, {BATCH_SIZE} new captures", batches),
            common.Result(f"POST /api/sync, {BATCH_SIZE} replayed (duplicates)", replays),
            common.Result(f"POST /api/sync, {OUTBOX_SIZE} new captures at once", single),
        ]
        common.report(f"Sync: a {OUTBOX_SIZE}-item outbox in batches of {BATCH_SIZE}",
                      results, baseline=hello)
        median = statistics.median(batches)
        print(f"median time per batch of {BATCH_SIZE}: {median:.1f} ms "
              f"({median / BATCH_SIZE:.2f} ms per capture); whole {OUTBOX_SIZE}-item outbox: "
              f"median {statistics.median(whole):.0f} ms over {ROUNDS} outboxes; "
              f"pull of all {pulled:,} contacts via /api/changes: {pull_ms:.0f} ms")
        print(f"({common.machine_note()}; {EXISTING_CONTACTS:,} contacts already in the "
              f"account; database {server.database_url.split(':')[0]})", flush=True)


if __name__ == "__main__":
    main()
