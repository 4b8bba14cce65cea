"""Fixtures: an app per test on SQLite (or TEST_DATABASE_URL), a client, and factories."""

import socket
import time
from datetime import date
from email import message_from_bytes
from email.policy import default as default_policy

import pytest
from aiosmtpd.controller import Controller
from argon2 import PasswordHasher
from helpers import PASSWORD, TEST_DATABASE_URL
from sqlalchemy import text

from netpwa import create_app
from netpwa.auth.models import User
from netpwa.contacts.models import Contact
from netpwa.events.models import Event
from netpwa.extensions import db
import netpwa.auth.models as auth_models

# Production argon2 costs ~200 ms a hash on purpose; tests create hundreds of users.
auth_models._hasher = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)


def _database_uri(tmp_path) -> str:
    if TEST_DATABASE_URL:
        return TEST_DATABASE_URL
    return f"sqlite:///{tmp_path / 'test.sqlite3'}"


_postgres_schema_built = False


def _fresh_postgres_schema_once():
    """The PostgreSQL test database outlives runs: rebuild its schema from today's models once
    per session, or a table from an older checkout would lack today's columns."""
    global _postgres_schema_built
    if _postgres_schema_built:
        return
    db.session.execute(text("DROP SCHEMA public CASCADE"))
    db.session.execute(text("CREATE SCHEMA public"))
    db.session.commit()
    db.create_all()
    _postgres_schema_built = True


def _reset_postgres():
    tables = ", ".join(f'"{t.name}"' for t in db.metadata.sorted_tables)
    db.session.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
    db.session.commit()


@pytest.fixture
def app_config(tmp_path):
    """Settings for the app under test; tests may tweak them before `app` is built."""
    return {
        "TESTING": True,
        "SECRET_KEY": "test-secret",
        "SQLALCHEMY_DATABASE_URI": _database_uri(tmp_path),
        "WTF_CSRF_ENABLED": False,
        # Imports run inside the request here, so a test sees them finished; the thread test
        # (tests/test_imports_concurrency.py) turns the worker thread back on.
        "IMPORTS_IN_THREAD": False,
    }


@pytest.fixture
def app(app_config):
    app = create_app(app_config)
    with app.app_context():
        if TEST_DATABASE_URL:
            _fresh_postgres_schema_once()
            _reset_postgres()
        else:
            db.create_all()
    yield app
    with app.app_context():
        db.session.remove()
        if TEST_DATABASE_URL:
            _reset_postgres()
        db.engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def make_user(app):
    """Create a user: make_user("ana@example.com")."""
    def make(email="ana@example.com", password=PASSWORD, display_name="Ana"):
        with app.app_context():
            user = User(email=email, display_name=display_name)
            user.set_password(password)
            db.session.add(user)
            db.session.commit()
            return user.id
    return make


@pytest.fixture
def make_event(app):
    """Create an event for a user id; current=True makes it their current event."""
    def make(owner_id, name="PyData Night", goal=3, current=False, held_on=None, **fields):
        with app.app_context():
            event = Event(owner_id=owner_id, name=name, goal=goal,
                          held_on=held_on or date.today(), **fields)
            db.session.add(event)
            db.session.flush()
            if current:
                db.session.get(User, owner_id).current_event_id = event.id
            db.session.commit()
            return event.id
    return make


@pytest.fixture
def make_contact(app):
    """Create a contact for a user id."""
    def make(owner_id, name="Bea Costa", **fields):
        with app.app_context():
            contact = Contact(owner_id=owner_id, name=name, **fields)
            db.session.add(contact)
            db.session.commit()
            return contact.id
    return make


class AuthActions:
    """Log in and out through the real forms."""

    def __init__(self, client, make_user):
        self._client = client
        self._make_user = make_user

    def register(self, email="ana@example.com", password=PASSWORD):
        return self._client.post("/register", data={
            "email": email, "password": password, "confirm": password, "display_name": "Ana"})

    def login(self, email="ana@example.com", password=PASSWORD):
        return self._client.post("/login", data={"email": email, "password": password})

    def logout(self):
        return self._client.post("/logout")

    def as_new_user(self, email="ana@example.com") -> int:
        """Create a user, log in as them, return their id."""
        user_id = self._make_user(email)
        response = self.login(email)
        assert response.status_code == 302, response.get_data(as_text=True)
        return user_id


@pytest.fixture
def owner(auth) -> int:
    """A new user, logged in through the login form: their id."""
    return auth.as_new_user()


@pytest.fixture
def auth(client, make_user):
    return AuthActions(client, make_user)



def pytest_collection_modifyitems(items):
    """Everything under tests/e2e runs in a real browser; mark it so it can be selected."""
    for item in items:
        if "/e2e/" in str(item.path):
            item.add_marker("e2e")


class _Inbox:
    """What a local SMTP server received: each message parsed, and its envelope recipients."""

    def __init__(self):
        self.messages = []
        self.recipients = []

    async def handle_DATA(self, server, session, envelope):
        self.recipients.append(envelope.rcpt_tos)
        self.messages.append(message_from_bytes(envelope.content, policy=default_policy))
        return "250 OK"

    def wait_for(self, count: int, seconds: float = 10.0) -> list:
        """The messages once `count` have arrived (mail goes out on a thread), or at the
        deadline."""
        deadline = time.monotonic() + seconds
        while len(self.messages) < count and time.monotonic() < deadline:
            time.sleep(0.05)
        return self.messages


@pytest.fixture
def smtp_server():
    """A real SMTP server (aiosmtpd) on a free local port: yields (inbox, port)."""
    inbox = _Inbox()
    with socket.socket() as probe:  # a free port (the Controller can't start on port 0)
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield inbox, port
    finally:
        controller.stop()
