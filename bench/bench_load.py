"""The full load run: 200 phones x 20 captures against gunicorn with 4 workers on SQLite, with
one worker and then the whole server killed (kill -9) mid-load and the server restarted.

    .venv/bin/python -m bench load          # a few minutes on 2 cores

Every phone registers through the real form (CSRF, argon2; 16 phones at a time) and opens the
capture page; once all have, every phone sends its 20 captures, as the htmx POST the capture
form makes, each with its client UUID, a moment (0-200 ms) apart. A phone that gets no answer
(connection refused or reset while the server is down) or a 5xx/503 waits (Retry-After when
given, else a short backoff) and sends the *same* capture again, as the outbox does. Meanwhile
one thread asks the bare Flask hello of the same server every 50 ms, so the capture latencies
have a yardstick measured under the same load.

At a quarter of the captures one worker gets SIGKILL (gunicorn's master replaces it); at half
the master and its workers all get SIGKILL together, as when a machine or container dies, and
a new gunicorn starts on the same port and database. At the end the database is read: every
phone's account must exist and hold exactly its 20 captures, no more (duplicated) and no fewer
(lost). The run fails otherwise. The suite's bounded version is tests/test_load.py.
"""

import os
import random
import signal
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

from sqlalchemy import create_engine, text

from bench import common

PHONES = 200
CAPTURES = 20
WORKERS = 4
THREADS = 2
PASSWORD = "bench load horse battery"
# A phone gives up on one request after this long without a good answer (the run then fails).
GIVE_UP_S = 120
HELLO_EVERY_S = 0.05
# Phones think a little between captures (typing a name); it also spreads the requests.
THINK_S = (0.0, 0.2)
# Phones registering at the same moment (argon2 is the slow part; a crowd doesn't sign up in
# the same second), then all of them capture together.
REGISTERING_AT_ONCE = 16
KILL_WORKER_AT = 0.25
KILL_SERVER_AT = 0.50


class Gunicorn:
    """gunicorn in its own process group on a fixed port, so it can be killed and restarted."""

    def __init__(self, database_url: str, tmp_dir: Path):
        self.port = common.free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = {**os.environ, "DATABASE_URL": database_url,
                    "SECRET_KEY": common.SECRET_KEY, "TRUST_PROXY": "1",
                    "REGISTER_RATE_LIMIT": "10000 per hour"}
        self.tmp_dir = tmp_dir
        self.process: subprocess.Popen | None = None
        self.starts = 0

    def start(self) -> None:
        self.starts += 1
        log_path = self.tmp_dir / f"gunicorn-{self.starts}.log"
        command = [sys.executable, "-m", "gunicorn", "--bind", f"127.0.0.1:{self.port}",
                   "--workers", str(WORKERS), "--threads", str(THREADS),
                   "--error-logfile", str(log_path), "--log-level", "warning",
                   "bench.wsgi_bench:app"]
        self.process = subprocess.Popen(command, cwd=common.REPO, env=self.env,
                                        stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT,
                                        start_new_session=True)
        common._wait_until_up(self.url, self.process, log_path, timeout=60)

    def worker_pids(self) -> list[int]:
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return [int(pid) for pid in children.read_text().split()]

    def kill_one_worker(self) -> int:
        pid = self.worker_pids()[0]
        os.kill(pid, signal.SIGKILL)
        return pid

    def kill_all(self) -> None:
        """SIGKILL to the master and every worker at once (its own process group)."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()


class Tally:
    """What every phone saw, shared between threads."""

    def __init__(self):
        self.lock = threading.Lock()
        # (when the answered try was sent, its ms)
        self.captures: list[tuple[float, float]] = []
        # The same captures' time inside the Flask app (Server-Timing): the rest is queueing.
        self.capture_server_ms: list[float] = []
        # The outage: from the server's kill until it answered /healthz again.
        self.down_from = self.down_until = None
        self.capturing_from = self.last_capture = 0.0
        self.register_ms: list[float] = []
        self.hello_ms: list[float] = []
        self.statuses: dict[int, int] = {}
        self.no_answer = 0
        self.retried = 0
        self.captured = 0
        self.failures: list[str] = []

    def status(self, code: int) -> None:
        with self.lock:
            self.statuses[code] = self.statuses.get(code, 0) + 1


def _send_until_answered(client: common.Client, tally: Tally, method: str, path: str,
                         data: dict | None, headers: dict, htmx: bool = False,
                         ok: tuple[int, ...] = (200,)) -> common.Response:
    """One request, resent until the server gives a good answer: what a phone's outbox does."""
    deadline = time.monotonic() + GIVE_UP_S
    attempt = 0
    while True:
        attempt += 1
        try:
            response = client.request(method, path, data=data, headers=headers, htmx=htmx)
        except OSError:
            client.close()
            with tally.lock:
                tally.no_answer += 1
            response = None
        if response is not None:
            tally.status(response.status)
            if response.status in ok:
                if attempt > 1:
                    with tally.lock:
                        tally.retried += 1
                return response
            if response.status < 500:
                raise RuntimeError(f"{method} {path}: {response.status} {response.text[:200]}")
        if time.monotonic() > deadline:
            raise RuntimeError(f"{method} {path}: no good answer after {GIVE_UP_S} s")
        retry_after = response.headers.get("Retry-After") if response is not None else None
        wait = float(retry_after) if retry_after and retry_after.isdigit() else \
            min(2.0, 0.1 * 2 ** min(attempt, 5))
        time.sleep(wait * random.uniform(0.5, 1.0))


def _phone(url: str, number: int, tally: Tally, registered: threading.Barrier,
           registering: threading.Semaphore) -> None:
    client = common.Client(url)
    headers = {"X-Forwarded-For": f"10.2.{number // 200}.{number % 200}"}
    failed = False
    with registering:
        try:
            page = _send_until_answered(client, tally, "GET", "/register", None, headers)
            client.csrf_token = common.CSRF_INPUT_RE.search(page.text).group(1)
            started = time.perf_counter()
            _send_until_answered(client, tally, "POST", "/register", {
                "email": f"phone{number}@example.com", "password": PASSWORD,
                "confirm": PASSWORD, "display_name": f"Phone {number}",
                "csrf_token": client.csrf_token}, headers, ok=(302,))
            with tally.lock:
                tally.register_ms.append((time.perf_counter() - started) * 1000)
            page = _send_until_answered(client, tally, "GET", "/", None, headers)
            client.csrf_token = common.CSRF_META_RE.search(page.text).group(1)
        except Exception as error:  # noqa: BLE001 (reported at the end)
            failed = True
            with tally.lock:
                tally.failures.append(f"phone {number} registering: {error}")
    if registered.wait() == 0:  # every phone starts capturing together
        tally.capturing_from = time.perf_counter()
    if failed:
        return
    rng = random.Random(number)
    try:
        for index in range(CAPTURES):
            time.sleep(rng.uniform(*THINK_S))
            capture = {"name": f"Person {number}-{index}", "uuid": str(uuid.uuid4())}
            response = _send_until_answered(client, tally, "POST", "/capture", capture,
                                            headers, htmx=True)
            with tally.lock:
                sent = time.perf_counter() - response.elapsed_ms / 1000  # the answered try
                tally.captures.append((sent, response.elapsed_ms))
                if response.server_ms is not None:
                    tally.capture_server_ms.append(response.server_ms)
                tally.captured += 1
                tally.last_capture = time.perf_counter()
    except Exception as error:  # noqa: BLE001 (reported at the end)
        with tally.lock:
            tally.failures.append(f"phone {number} capturing: {error}")
    finally:
        client.close()


def _hello_prober(url: str, tally: Tally, stop: threading.Event) -> None:
    client = common.Client(url)
    while not stop.is_set():
        try:
            response = common.hello(client)
            if response.status == 200:
                with tally.lock:
                    tally.hello_ms.append(response.elapsed_ms)
        except OSError:
            client.close()
        stop.wait(HELLO_EVERY_S)
    client.close()


def _killer(server: Gunicorn, tally: Tally, done: threading.Event, log: list[str]) -> None:
    total = PHONES * CAPTURES
    while not done.is_set() and tally.captured < total * KILL_WORKER_AT:
        time.sleep(0.02)
    if done.is_set():
        return
    pid = server.kill_one_worker()
    log.append(f"kill -9 worker {pid} after {tally.captured} captures")
    while not done.is_set() and tally.captured < total * KILL_SERVER_AT:
        time.sleep(0.02)
    if done.is_set():
        return
    at = tally.captured
    killed = tally.down_from = time.perf_counter()
    server.kill_all()
    log.append(f"kill -9 master and workers after {at} captures")
    server.start()
    tally.down_until = time.perf_counter()
    log.append(f"restarted on the same port, answering /healthz "
               f"{time.perf_counter() - killed:.1f} s after the kill")


def _quiet_hello(url: str) -> list[float]:
    client = common.Client(url)
    latencies, _server = common.time_requests(common.hello, client, count=300)
    client.close()
    return latencies


def _database_check(database_url: str) -> tuple[int, int, int]:
    """(accounts, captures lost, captures duplicated), read from the database itself."""
    engine = create_engine(database_url)
    with engine.connect() as connection:
        users = connection.execute(text(
            "SELECT count(*) FROM users WHERE email LIKE 'phone%@example.com'")).scalar_one()
        rows = connection.execute(text(
            "SELECT u.email, c.name FROM contacts c JOIN users u ON u.id = c.owner_id")).all()
    engine.dispose()
    expected = {(f"phone{n}@example.com", f"Person {n}-{i}")
                for n in range(PHONES) for i in range(CAPTURES)}
    stored = [tuple(row) for row in rows]
    lost = len(expected - set(stored))
    duplicated = len(stored) - len(set(stored)) + len(set(stored) - expected)
    return users, lost, duplicated


def _row(label: str, values: list[float], hello_p50: float | None) -> str:
    if not values:
        return f"| {label} | 0 | – | – | – | – | – |"
    p50 = common.percentile(values, 50)
    ratio = f"{p50 / hello_p50:.1f}" if hello_p50 else "–"
    return (f"| {label} | {len(values)} | {p50:.2f} | {common.percentile(values, 95):.2f} | "
            f"{common.percentile(values, 99):.2f} | {max(values):.1f} | {ratio} |")


def _machine_note() -> str:
    import platform
    return (f"{os.cpu_count()} cores, {platform.system()} {platform.machine()}, Python "
            f"{platform.python_version()}, {PHONES} phone threads on the same machine as the "
            f"server, load average {os.getloadavg()[0]:.1f} at the end")


def main():
    with tempfile.TemporaryDirectory(prefix="netpwa-bench-load-") as tmp:
        tmp_dir = Path(tmp)
        database_url = common.bench_database_url(tmp_dir)
        os.environ["DATABASE_URL"] = database_url
        os.environ["SECRET_KEY"] = common.SECRET_KEY
        from netpwa import create_app
        common._reset_schema(create_app())
        server = Gunicorn(database_url, tmp_dir)
        server.start()
        tally, events = Tally(), []
        stop, done = threading.Event(), threading.Event()
        try:
            quiet = _quiet_hello(server.url)
            registered = threading.Barrier(PHONES)
            registering = threading.Semaphore(REGISTERING_AT_ONCE)
            phones = [threading.Thread(target=_phone,
                                       args=(server.url, n, tally, registered, registering))
                      for n in range(PHONES)]
            prober = threading.Thread(target=_hello_prober, args=(server.url, tally, stop))
            killer = threading.Thread(target=_killer, args=(server, tally, done, events))
            started = time.perf_counter()
            prober.start()
            killer.start()
            for thread in phones:
                thread.start()
            for thread in phones:
                thread.join()
            elapsed = time.perf_counter() - started
            done.set()
            killer.join()
            stop.set()
            prober.join()
        finally:
            done.set()
            stop.set()
            server.stop()
        users, lost, duplicated = _database_check(database_url)

    capture_ms = [ms for _sent, ms in tally.captures]
    # Answered tries sent before the server's kill, and after it answered again.
    before_ms = [ms for sent, ms in tally.captures
                 if tally.down_from is not None and sent < tally.down_from]
    after_ms = [ms for sent, ms in tally.captures
                if tally.down_until is not None and sent > tally.down_until]
    capturing_s = tally.last_capture - tally.capturing_from if tally.captures else 0
    hello_p50 = common.percentile(tally.hello_ms, 50) if tally.hello_ms else None
    quiet_p50 = common.percentile(quiet, 50)
    lines = [f"### {PHONES} phones x {CAPTURES} captures, gunicorn {WORKERS} workers x "
             f"{THREADS} threads, {'PostgreSQL' if 'postgresql' in database_url else 'SQLite'}",
             "", *[f"- {line}" for line in events],
             f"- {elapsed:.0f} s in all; {tally.captured} captures answered "
             f"in {capturing_s:.0f} s from the first to the last "
             f"({tally.captured / max(capturing_s, 0.001):.0f} per second, the outage included)",
             f"- requests with no answer (server down), sent again: {tally.no_answer}; "
             f"requests that needed more than one try: {tally.retried}",
             f"- answers by status: {dict(sorted(tally.statuses.items()))}",
             f"- accounts: {users} of {PHONES}; captures lost: {lost}; duplicated: {duplicated}",
             "",
             "| request | count | p50 ms | p95 ms | p99 ms | max ms | p50 × hello |",
             "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
             _row("hello, quiet server (before the load)", quiet, quiet_p50),
             _row("hello during the load", tally.hello_ms, hello_p50),
             _row("register POST (argon2), answered", tally.register_ms, hello_p50),
             _row("capture POST (htmx), every one answered", capture_ms, hello_p50),
             _row("capture POST, before the server's kill", before_ms, hello_p50),
             _row("capture POST, after the restart", after_ms, hello_p50),
             _row("capture POST, time inside the app (Server-Timing)", tally.capture_server_ms,
                  None),
             "", _machine_note(), ""]
    if tally.failures:
        lines += [f"{len(tally.failures)} phones failed, the first: {tally.failures[0]}", ""]
    print("\n".join(lines), flush=True)
    problems = list(tally.failures[:5])
    if users != PHONES:
        problems.append(f"{PHONES - users} accounts missing")
    if lost or duplicated:
        problems.append(f"{lost} captures lost, {duplicated} duplicated")
    if problems:
        raise RuntimeError("; ".join(problems))
