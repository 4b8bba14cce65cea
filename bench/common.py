"""What every benchmark needs: a gunicorn server, fast seeding, a logged-in client, timings.

A benchmark module looks like this::

    from bench import common

    def main():
        with common.serve() as server:
            user_id = common.seed_user(server.app)
            common.seed_contacts(server.app, user_id, 10_000)
            client = common.Client(server.url)
            client.login()
            hello = common.measure("hello", common.hello, client)
            page = common.measure("contacts", lambda c: c.get("/contacts"), client,
                                  baseline=common.hello)
            common.report("Contacts", [hello, page], baseline=hello)

Everything runs on 127.0.0.1 with bounded request counts and time.
"""

import http.client
import itertools
import json
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path

from sqlalchemy import insert
from sqlalchemy.engine import make_url

REPO = Path(__file__).resolve().parent.parent
PASSWORD = "bench horse battery staple"
EMAIL = "bench@example.com"
SECRET_KEY = "bench-secret-key-not-for-production"
# Same shape as `make run` (netpwa/serve.py): 2 workers x 4 threads on a 2-core machine.
WORKERS = 2
THREADS = 4
CLIENT_THREADS = 4


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def bench_database_url(tmp_dir: Path) -> str:
    """BENCH_DATABASE_URL (PostgreSQL; its netpwa tables are dropped) or a fresh SQLite file.

    Deliberately not DATABASE_URL: that one may point at data someone cares about.
    """
    url = os.environ.get("BENCH_DATABASE_URL", "").strip()
    if not url:
        return f"sqlite:///{tmp_dir / 'bench.sqlite3'}"
    if make_url(url.replace("postgres://", "postgresql://", 1)).database == "test":
        sys.exit("bench: refusing the database 'test' (CI uses it); pick your own database")
    return url


def _reset_schema(app) -> None:
    from netpwa.extensions import db
    with app.app_context():
        db.drop_all()
        db.create_all()
        db.engine.dispose()


@dataclass
class Server:
    url: str
    database_url: str
    app: object
    process: subprocess.Popen
    log_path: Path


def _wait_until_up(url: str, process: subprocess.Popen, log_path: Path, timeout: float = 30):
    deadline = time.monotonic() + timeout
    parts = urllib.parse.urlsplit(url)
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited ({process.returncode}):\n{log_path.read_text()}")
        try:
            connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=2)
            connection.request("GET", "/healthz")
            if connection.getresponse().status == 200:
                connection.close()
                return
            connection.close()
        except OSError:
            pass
        time.sleep(0.1)
    raise RuntimeError(f"gunicorn did not answer /healthz within {timeout}s:\n{log_path.read_text()}")


@contextmanager
def serve(workers: int = WORKERS, threads: int = THREADS) -> Iterator[Server]:
    """gunicorn serving bench.wsgi_bench:app on a free port, on a fresh database.

    `server.app` is an app object in this process bound to the same database, for seeding.
    """
    with tempfile.TemporaryDirectory(prefix="netpwa-bench-") as tmp:
        tmp_dir = Path(tmp)
        database_url = bench_database_url(tmp_dir)
        # The server and this process read the same settings, the way `make run` does.
        os.environ["DATABASE_URL"] = database_url
        os.environ["SECRET_KEY"] = SECRET_KEY
        from netpwa import create_app
        app = create_app()
        _reset_schema(app)
        port = free_port()
        log_path = tmp_dir / "gunicorn.log"
        command = [sys.executable, "-m", "gunicorn", "--bind", f"127.0.0.1:{port}",
                   "--workers", str(workers), "--threads", str(threads),
                   "--error-logfile", str(log_path), "--log-level", "warning",
                   "bench.wsgi_bench:app"]
        process = subprocess.Popen(command, cwd=REPO, stdout=subprocess.DEVNULL,
                                   stderr=subprocess.STDOUT)
        server = Server(f"http://127.0.0.1:{port}", database_url, app, process, log_path)
        try:
            _wait_until_up(server.url, process, log_path)
            yield server
        finally:
            process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
            with app.app_context():
                from netpwa.extensions import db
                db.engine.dispose()


def seed_user(app, email: str = EMAIL, password: str = PASSWORD) -> int:
    """One account (real argon2 hash, so the real login form accepts it); returns its id."""
    from netpwa.auth.models import User
    from netpwa.extensions import db
    with app.app_context():
        user = User(email=email, display_name="Bench")
        user.set_password(password)
        db.session.add(user)
        db.session.commit()
        return user.id


def bulk_insert(app, model, rows: list[dict], chunk: int = 2000) -> int:
    """Insert plain dicts with executemany, committed per chunk; returns the row count."""
    from netpwa.extensions import db
    with app.app_context():
        for start in range(0, len(rows), chunk):
            db.session.execute(insert(model), rows[start:start + chunk])
            db.session.commit()
    return len(rows)


FIRST = ("Ana", "Bea", "Chen", "Dara", "Eli", "Femi", "Gus", "Hana", "Ivo", "Jae", "Kira", "Lars",
         "Mina", "Noor", "Otto", "Pia", "Quinn", "Rui", "Sana", "Teo", "Uma", "Vik", "Wen", "Yara")
LAST = ("Costa", "Okafor", "Novak", "Ito", "Silva", "Haddad", "Kowalski", "Moreau", "Tanaka",
        "Berg", "Rossi", "Nguyen", "Larsen", "Mendes", "Park", "Fischer", "Quispe", "Adeyemi")
COMPANIES = ("Acme", "Globex", "Initech", "Umbrella", "Hooli", "Stark Labs", "Wayne Data",
             "Tyrell", "Cyberdyne", "Soylent", "Aperture", "Vandelay", "Pied Piper", "Dunder")
ROLES = ("Data engineer", "Designer", "Founder", "PM", "ML researcher", "Recruiter", "SRE",
         "Student", "CTO", "Developer advocate")
TAGS = ("python", "ai", "hiring", "design", "rust", "investor", "frontend", "data", "ops", "pydata")


def contact_rows(owner_id: int, count: int, event_id: int | None = None,
                 seed: int = 1) -> list[dict]:
    """`count` plausible contacts as dicts for bulk_insert(Contact, ...): varied names,
    companies, tags and notes, met over the last two years (newest last)."""
    from datetime import timedelta

    from netpwa.contacts.models import new_uuid
    from netpwa.extensions import now_utc
    rng = random.Random(seed)
    now = now_utc()
    rows = []
    for index in range(count):
        met_at = now - timedelta(minutes=(count - index) * 97)
        tags = rng.sample(TAGS, rng.randint(0, 3))
        company = rng.choice(COMPANIES)
        rows.append({
            "uuid": new_uuid(), "owner_id": owner_id, "event_id": event_id,
            "name": f"{rng.choice(FIRST)} {rng.choice(LAST)}",
            "headline": f"{rng.choice(ROLES)} @ {company}", "company": company,
            "mnemonic": "", "email": f"person{index}@example.com", "phone": "", "link": "",
            "tags": "," + ",".join(tags) + "," if tags else "",
            "notes": f"Talked about {rng.choice(TAGS)} for a while." if index % 3 == 0 else "",
            "follow_up": index % 7 == 0, "source": "capture", "met_at": met_at,
            "follow_up_by": (met_at + timedelta(days=60)).date(),
            "created_at": met_at, "updated_at": met_at,
        })
    return rows


def seed_contacts(app, owner_id: int, count: int, event_id: int | None = None) -> int:
    """Bulk-insert `count` contacts for a user (10,000 take about a second on SQLite)."""
    from netpwa.contacts.models import Contact
    inserted = bulk_insert(app, Contact, contact_rows(owner_id, count, event_id))
    start_clock(app, owner_id)
    return inserted


def start_clock(app, owner_id: int) -> None:
    """Give a bulk-seeded user the revision clock every account that wrote a contact has
    (bulk inserts bypass the ORM's stamping, contacts/revision.py)."""
    from netpwa.contacts.models import SyncClock
    from netpwa.extensions import db
    with app.app_context():
        if db.session.get(SyncClock, owner_id) is None:
            db.session.add(SyncClock(owner_id=owner_id, revision=1))
            db.session.commit()


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    body: bytes
    elapsed_ms: float
    server_ms: float | None
    server_cpu_ms: float | None = None

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")


SERVER_TIMING_RE = re.compile(r"app;dur=([0-9.]+)")
SERVER_CPU_RE = re.compile(r"cpu;dur=([0-9.]+)")
CSRF_META_RE = re.compile(r'<meta name="csrf-token" content="([^"]+)"')
CSRF_INPUT_RE = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


class Client:
    """A browser-ish HTTP client: one keep-alive connection, cookies, the CSRF token.

    Not thread-safe: give each thread its own `clone()`.
    """

    def __init__(self, base_url: str):
        parts = urllib.parse.urlsplit(base_url)
        self.base_url = base_url
        self.host, self.port = parts.hostname, parts.port
        self.cookies: dict[str, str] = {}
        self.csrf_token = ""
        self._connection: http.client.HTTPConnection | None = None

    def clone(self) -> "Client":
        """Same cookies and token, its own connection."""
        other = Client(self.base_url)
        other.cookies = dict(self.cookies)
        other.csrf_token = self.csrf_token
        return other

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None

    def _send(self, method, path, body, headers) -> http.client.HTTPResponse:
        if self._connection is None:
            self._connection = http.client.HTTPConnection(self.host, self.port, timeout=30)
        self._connection.request(method, path, body=body, headers=headers)
        return self._connection.getresponse()

    def request(self, method: str, path: str, data: dict | None = None,
                headers: dict | None = None, htmx: bool = False,
                json_body: object = None) -> Response:
        """One request; form-encodes `data` (or sends `json_body` as the phone's fetch() does,
        CSRF header included), sends cookies, and the CSRF header when htmx."""
        all_headers = {"Accept": "text/html"}
        if self.cookies:
            all_headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if htmx:
            all_headers.update({"HX-Request": "true", "X-CSRFToken": self.csrf_token})
        body = None
        if data is not None:
            body = urllib.parse.urlencode(data).encode()
            all_headers["Content-Type"] = "application/x-www-form-urlencoded"
        if json_body is not None:
            body = json.dumps(json_body).encode()
            all_headers.update({"Content-Type": "application/json", "Accept": "application/json",
                                "X-CSRFToken": self.csrf_token})
        all_headers.update(headers or {})
        started = time.perf_counter()
        try:
            raw = self._send(method, path, body, all_headers)
            payload = raw.read()
        except (http.client.RemoteDisconnected, ConnectionError, http.client.BadStatusLine):
            # The server closed an idle keep-alive connection: reconnect once.
            self.close()
            started = time.perf_counter()
            raw = self._send(method, path, body, all_headers)
            payload = raw.read()
        elapsed_ms = (time.perf_counter() - started) * 1000
        for header in raw.msg.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        if raw.will_close:
            self.close()
        server_timing = raw.getheader("Server-Timing", "")
        timing = SERVER_TIMING_RE.search(server_timing)
        cpu = SERVER_CPU_RE.search(server_timing)
        return Response(raw.status, dict(raw.getheaders()), payload, elapsed_ms,
                        float(timing.group(1)) if timing else None,
                        float(cpu.group(1)) if cpu else None)

    def get(self, path: str, **kwargs) -> Response:
        return self.request("GET", path, **kwargs)

    def post(self, path: str, data: dict, **kwargs) -> Response:
        return self.request("POST", path, data=data, **kwargs)

    def refresh_csrf(self, path: str = "/") -> None:
        """Read the token a page's <meta name="csrf-token"> carries, as app.js does."""
        page = self.get(path)
        match = CSRF_META_RE.search(page.text) or CSRF_INPUT_RE.search(page.text)
        if not match:
            raise RuntimeError(f"no CSRF token on {path} ({page.status})")
        self.csrf_token = match.group(1)

    def login(self, email: str = EMAIL, password: str = PASSWORD) -> None:
        """Log in through the real form (CSRF included) and keep the session cookie."""
        self.refresh_csrf("/login")
        response = self.post("/login", {"csrf_token": self.csrf_token, "email": email,
                                        "password": password, "remember": "y"})
        if response.status != 302:
            raise RuntimeError(f"login failed ({response.status}): {response.text[:300]}")
        self.refresh_csrf("/")


Send = Callable[[Client], Response]


def capture_sender(prefix: str = "Captured Person") -> "Send":
    """A quick capture as the htmx form sends it (no JS outbox), a new name each time."""
    serial = itertools.count()

    def send(client: Client) -> Response:
        return client.post("/capture", {"name": f"{prefix} {next(serial)}",
                                        "uuid": str(uuid.uuid4()),
                                        "csrf_token": client.csrf_token}, htmx=True)
    return send


def hello(client: Client) -> Response:
    """The bare Flask view on the same server: the yardstick every ratio is taken against."""
    return client.get("/bench/hello")


@dataclass
class Result:
    label: str
    latencies_ms: list[float]
    server_ms: list[float] = field(default_factory=list)
    rps: float | None = None
    # The hello endpoint timed alongside (requests alternating), for a like-with-like ratio.
    baseline: "Result | None" = None
    server_cpu_ms: list[float] = field(default_factory=list)

    @property
    def p50(self) -> float:
        return statistics.median(self.latencies_ms)

    @property
    def p95(self) -> float:
        return percentile(self.latencies_ms, 95)

    @property
    def server_p50(self) -> float | None:
        return statistics.median(self.server_ms) if self.server_ms else None

    @property
    def server_cpu_p50(self) -> float | None:
        return statistics.median(self.server_cpu_ms) if self.server_cpu_ms else None


def percentile(values: list[float], pct: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    rank = max(0, min(len(ordered) - 1, round(pct / 100 * len(ordered) + 0.5) - 1))
    return ordered[rank]


def _checked(send: Send, client: Client, expect: tuple[int, ...]) -> Response:
    response = send(client)
    if response.status not in expect:
        raise RuntimeError(f"unexpected {response.status}: {response.text[:300]}")
    return response


def time_requests(send: Send, client: Client, count: int = 300, warmup: int = 20,
                  expect: tuple[int, ...] = (200,)) -> tuple[list[float], list[float]]:
    """Send `count` requests one after another; (client latencies, server times) in ms."""
    latencies, server, _cpu = time_alternating([send], client, count, warmup, expect)[0]
    return latencies, server


def time_alternating(sends: list[Send], client: Client, count: int = 300, warmup: int = 20,
                     expect: tuple[int, ...] = (200,)
                     ) -> list[tuple[list[float], list[float], list[float]]]:
    """Like time_requests for several kinds of request taking turns, so a busy spell on the
    machine hits them alike; per kind, (client latencies, server times, server CPU) in ms."""
    for _ in range(warmup):
        for send in sends:
            _checked(send, client, expect)
    timings = [([], [], []) for _ in sends]
    for _ in range(count):
        for send, (latencies, server, cpu) in zip(sends, timings):
            response = _checked(send, client, expect)
            latencies.append(response.elapsed_ms)
            if response.server_ms is not None:
                server.append(response.server_ms)
            if response.server_cpu_ms is not None:
                cpu.append(response.server_cpu_ms)
    return timings


def throughput(send: Send, client: Client, threads: int = CLIENT_THREADS,
               max_requests: int = 2000, max_seconds: float = 4.0,
               expect: tuple[int, ...] = (200,)) -> float:
    """Requests per second with `threads` concurrent clients, stopping at whichever of
    `max_requests` or `max_seconds` comes first."""
    lock = threading.Lock()
    sent = 0
    failures: list[BaseException] = []
    deadline = time.monotonic() + max_seconds

    def worker(own: Client):
        nonlocal sent
        try:
            while time.monotonic() < deadline:
                with lock:
                    if sent >= max_requests:
                        return
                    sent += 1
                _checked(send, own, expect)
        except BaseException as error:  # noqa: BLE001 (reported after join)
            failures.append(error)
        finally:
            own.close()

    clients = [client.clone() for _ in range(threads)]
    started = time.perf_counter()
    pool = [threading.Thread(target=worker, args=(own,)) for own in clients]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    elapsed = time.perf_counter() - started
    if failures:
        raise RuntimeError(f"throughput run failed: {failures[0]!r}")
    return sent / elapsed


def measure(label: str, send: Send, client: Client, count: int = 300,
            expect: tuple[int, ...] = (200,), concurrent: bool = True,
            baseline: Send | None = None, **throughput_options) -> Result:
    """Latency of `count` sequential requests, then throughput with concurrent clients.

    With `baseline` (e.g. the hello endpoint), its requests alternate with these and its
    throughput is taken just before, so the ratios in `report` compare like with like.
    """
    sends = [send, baseline] if baseline else [send]
    timings = time_alternating(sends, client, count, expect=(*expect, 200))
    paired = None
    if baseline:
        base_rps = (throughput(baseline, client, **{**throughput_options, "max_seconds": 2.0})
                    if concurrent else None)
        latencies, server, cpu = timings[1]
        paired = Result("baseline", latencies, server, base_rps, server_cpu_ms=cpu)
    rps = throughput(send, client, expect=expect, **throughput_options) if concurrent else None
    latencies, server, cpu = timings[0]
    return Result(label, latencies, server, rps, baseline=paired, server_cpu_ms=cpu)


def _fmt(value: float | None, digits: int = 2) -> str:
    return "–" if value is None else f"{value:.{digits}f}"


def report(title: str, results: list[Result], baseline: Result | None = None) -> str:
    """Print (and return) a Markdown table; ratios are "times the baseline's cost":
    p50 latency ours/hello, throughput hello/ours, so bigger means slower for both. A result
    measured with its own paired baseline is compared with that one."""
    lines = [f"### {title}", "",
             "| request | p50 ms | p95 ms | server p50 ms | server CPU p50 ms | req/s "
             "| p50 × hello | req/s ÷ hello |",
             "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for result in results:
        base = result.baseline or baseline
        latency_ratio = result.p50 / base.p50 if base else None
        rps_ratio = base.rps / result.rps if base and base.rps and result.rps else None
        lines.append(f"| {result.label} | {_fmt(result.p50)} | {_fmt(result.p95)} | "
                     f"{_fmt(result.server_p50)} | {_fmt(result.server_cpu_p50)} | "
                     f"{_fmt(result.rps, 0)} | "
                     f"{_fmt(latency_ratio, 1)} | {_fmt(rps_ratio, 1)} |")
    text = "\n".join(lines) + "\n"
    print(text, flush=True)
    return text


def machine_note() -> str:
    """One line saying where the figures came from."""
    import platform
    # Other work on the machine moves every figure: say how busy it was.
    load = os.getloadavg()[0]
    return (f"{os.cpu_count()} cores, {platform.system()} {platform.machine()}, "
            f"Python {platform.python_version()}, gunicorn {WORKERS} workers x {THREADS} "
            f"threads, {CLIENT_THREADS} client threads on the same machine, "
            f"load average {load:.1f} at the end")
