"""Real-browser fixtures: the app served on a local port, and Debian's headless Chromium."""

import os
import threading
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright
from werkzeug.serving import make_server

from netpwa import create_app
from netpwa.extensions import db

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--disable-dev-shm-usage"]
PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1280, "height": 800}


def _whole_bodies(app):
    """Werkzeug's dev server skips closing a response's file when the browser hangs up mid-body
    (a service worker cancelled at context close): a ResourceWarning that pytest turns into an
    error. Reading each body whole before sending closes the file first."""
    def wsgi(environ, start_response):
        iterable = app(environ, start_response)
        try:
            return [b"".join(iterable)]
        finally:
            if hasattr(iterable, "close"):
                iterable.close()
    return wsgi


class Trouble:
    """A venue's network in front of the app: requests to some paths wait (slow Wi-Fi, a hang)
    or get an error status, until heal() lets the waiting ones through at once."""

    def __init__(self, app):
        self.app = app
        self.rules: dict[str, tuple[str, float]] = {}
        self._healed = threading.Event()
        self._healed.set()

    def delay(self, path: str, seconds: float) -> None:
        self._healed.clear()
        self.rules[path] = ("delay", seconds)

    def fail(self, path: str, status: int) -> None:
        self.rules[path] = ("status", status)

    def heal(self) -> None:
        self.rules.clear()
        self._healed.set()

    def __call__(self, environ, start_response):
        rule = next((r for p, r in self.rules.items() if environ.get("PATH_INFO", "").startswith(p)), None)
        if rule and rule[0] == "delay":
            self._healed.wait(rule[1])
        elif rule and rule[0] == "status":
            start_response(f"{int(rule[1])} Trouble", [("Content-Type", "text/plain")])
            return [b"trouble on the line"]
        return self.app(environ, start_response)


class LiveServer:
    """The app on 127.0.0.1:<port>, in a thread; stop() and start() simulate losing the network,
    `trouble` a slow or failing one."""

    def __init__(self, app, port: int = 0):
        self.app = app
        self.port = port
        self._server = None
        self._thread = None
        self.trouble = Trouble(app)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        self._server = make_server("127.0.0.1", self.port, _whole_bodies(self.trouble),
                                   threaded=True)
        self.port = self._server.server_port
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self.trouble.heal()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._thread.join(timeout=5)
            self._server = None


@pytest.fixture
def live_app(tmp_path: Path):
    """The app as a user meets it: CSRF on, rate limits on, its own SQLite file."""
    app = create_app({
        "SECRET_KEY": "e2e-secret",
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'e2e.sqlite3'}",
    })
    with app.app_context():
        db.create_all()
    yield app
    with app.app_context():
        db.engine.dispose()


@pytest.fixture
def live_server(live_app):
    server = LiveServer(live_app)
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"Chromium not found at {CHROMIUM}: run `make system-deps` (apt-get install chromium)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True,
                                             args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def phone(browser, live_server):
    """A fresh phone-sized browser context (390x844, touch) pointed at the live server."""
    context = browser.new_context(viewport=PHONE, has_touch=True, is_mobile=True,
                                  base_url=live_server.url)
    context.set_default_timeout(10_000)
    yield context
    context.close()


@pytest.fixture
def laptop(browser, live_server):
    """A fresh laptop-sized browser context (1280x800)."""
    context = browser.new_context(viewport=LAPTOP, base_url=live_server.url)
    context.set_default_timeout(10_000)
    yield context
    context.close()

