"""gunicorn serving the real app (wsgi:app) for tests that need several worker processes.

`gunicorn_server` starts one on a free port with the environment given; `fresh_database`
yields an empty database with the schema: a SQLite file, or with TEST_DATABASE_URL a new
PostgreSQL database beside it, dropped afterwards.
"""

import http.client
import os
import socket
import subprocess
import sys
import time
import uuid
from contextlib import contextmanager
from pathlib import Path

from helpers import TEST_DATABASE_URL
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

REPO = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def fresh_database(tmp_path, postgres: bool | None = None):
    """An empty database with today's schema; PostgreSQL when TEST_DATABASE_URL is set
    (or postgres=True), else SQLite."""
    from netpwa import create_app
    from netpwa.extensions import db
    use_postgres = bool(TEST_DATABASE_URL) if postgres is None else postgres
    if not use_postgres:
        url = f"sqlite:///{tmp_path / 'live.sqlite3'}"
        admin = None
    else:
        base = TEST_DATABASE_URL or "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
        name = f"netpwa_live_{uuid.uuid4().hex[:8]}"
        admin = create_engine(base, isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        url = make_url(base).set(database=name).render_as_string(hide_password=False)
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "live"})
    with app.app_context():
        db.create_all()
        db.engine.dispose()
    try:
        yield url
    finally:
        if admin is not None:
            with admin.connect() as connection:
                connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            admin.dispose()


def wait_until_up(port: int, process, log_path: Path, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    status = None
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited:\n{log_path.read_text()}")
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        try:
            connection.request("GET", "/healthz")
            response = connection.getresponse()
            status = response.status
            response.read()
            if status == 200:
                return
        except OSError:
            pass
        finally:
            connection.close()
        time.sleep(0.1)
    raise RuntimeError(f"gunicorn did not come up (last /healthz: {status}):\n"
                       f"{log_path.read_text()}")


@contextmanager
def gunicorn_server(database_url: str, tmp_path, workers: int = 4, threads: int = 2,
                    port: int | None = None, **env):
    """gunicorn wsgi:app on 127.0.0.1; yields its base URL. env adds settings (strings)."""
    port = port or free_port()
    log_path = tmp_path / f"gunicorn-{port}.log"
    environment = {**os.environ, "DATABASE_URL": database_url, "SECRET_KEY": "live-secret",
                   "TRUST_PROXY": "1", **{k: str(v) for k, v in env.items()}}
    environment.pop("TEST_DATABASE_URL", None)
    command = [sys.executable, "-m", "gunicorn", "--bind", f"127.0.0.1:{port}",
               "--workers", str(workers), "--threads", str(threads),
               "--error-logfile", str(log_path), "--log-level", "warning",
               "--no-control-socket", "wsgi:app"]
    process = subprocess.Popen(command, cwd=REPO, env=environment,
                               stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    try:
        wait_until_up(port, process, log_path)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


class Browser:
    """A cookie-keeping HTTP client that doesn't follow redirects and reads the page's CSRF
    token the way htmx does (the csrf-token meta tag)."""

    def __init__(self, base_url: str, forwarded_for: str | None = None):
        import http.cookiejar
        import urllib.request

        class _NoRedirect(urllib.request.HTTPRedirectHandler):
            def redirect_request(self, *args, **kwargs):
                return None

        self.base_url = base_url
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.cookies), _NoRedirect())
        self.forwarded_for = forwarded_for
        self.csrf_token = ""

    def request(self, method: str, path: str, data: dict | None = None, json_body=None,
                headers: dict | None = None, base_url: str | None = None):
        """(status, headers, body text)."""
        import json
        import re
        import urllib.error
        import urllib.parse
        import urllib.request
        body = None
        all_headers = dict(headers or {})
        if self.forwarded_for:
            all_headers["X-Forwarded-For"] = self.forwarded_for
        if self.csrf_token:
            all_headers["X-CSRFToken"] = self.csrf_token
        if json_body is not None:
            body = json.dumps(json_body).encode()
            all_headers["Content-Type"] = "application/json"
        elif data is not None:
            body = urllib.parse.urlencode(data).encode()
            all_headers["Content-Type"] = "application/x-www-form-urlencoded"
        request = urllib.request.Request((base_url or self.base_url) + path, data=body,
                                         headers=all_headers, method=method)
        try:
            with self.opener.open(request, timeout=180) as response:
                status, response_headers, text = (
                    response.status, response.headers, response.read().decode())
        except urllib.error.HTTPError as error:
            status, response_headers, text = error.code, error.headers, error.read().decode()
        found = re.search(r'<meta name="csrf-token" content="([^"]+)"', text)
        if found:
            self.csrf_token = found.group(1)
        return status, response_headers, text

    def get(self, path: str, **kwargs):
        return self.request("GET", path, **kwargs)

    def post(self, path: str, data: dict | None = None, **kwargs):
        return self.request("POST", path, data=data, **kwargs)
