"""No 500 when the database is locked or down: 503 with Retry-After and the app's own page
(or JSON under /api); /healthz says what is wrong."""

import sqlite3

import pytest
from helpers import HTMX, log_in_as, page_text
from route_map import snapshot

import netpwa.extensions as extensions
from netpwa import create_app
from netpwa.extensions import db

DOWN = "postgresql+psycopg://postgres@127.0.0.1:1/nowhere"


@pytest.fixture
def down_client():
    """A client of an app whose database server doesn't answer, holding a login cookie."""
    app = create_app({"TESTING": True, "SECRET_KEY": "t", "WTF_CSRF_ENABLED": False,
                      "SQLALCHEMY_DATABASE_URI": DOWN,
                      "SQLALCHEMY_ENGINE_OPTIONS": {"connect_args": {"connect_timeout": 2}}})
    client = app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = "1.some-login-token"
    yield client
    with app.app_context():
        db.engine.dispose()


def test_database_down_gives_503_with_retry_after_and_our_own_page(down_client):
    response = down_client.get("/contacts")
    assert response.status_code == 503
    assert int(response.headers["Retry-After"]) > 0
    text = page_text(response)
    assert "try again in a few seconds" in text and "netpwa" in text
    assert "Internal Server Error" not in text


def test_database_down_gives_503_json_under_the_api(down_client):
    response = down_client.get("/api/changes")
    assert response.status_code == 503 and response.headers["Retry-After"]
    assert "try again" in response.get_json()["error"]


def test_healthz_says_the_database_is_unreachable(down_client):
    response = down_client.get("/healthz")
    assert response.status_code == 503 and response.headers["Retry-After"]
    assert response.get_json() == {"status": "error", "database": "unreachable",
                                   "error": "The database doesn't answer."}


def test_login_page_still_shows_without_a_database(down_client):
    fresh = down_client.application.test_client()
    assert fresh.get("/login").status_code == 200
    assert fresh.post("/login", data={"email": "a@example.com", "password": "x" * 9}
                      ).status_code == 503


# Runs in the SQLite pass only: the PostgreSQL pass deselects the marker (never a skip in CI).
@pytest.mark.sqlite_only
def test_a_held_sqlite_write_lock_gives_503_not_500_and_stores_nothing(
        app, client, make_user, monkeypatch):
    """Another process holds the write lock past the busy timeout: the capture answers 503
    with Retry-After, nothing half-stored; once the lock is gone the same capture saves."""
    monkeypatch.setattr(extensions, "SQLITE_BUSY_TIMEOUT_MS", 200)
    user_id = make_user()
    log_in_as(app, client, user_id)
    with app.app_context():
        db.engine.dispose()  # new connections get the short timeout
        path = db.engine.url.database
    before = snapshot(app)
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        response = client.post("/capture", headers=HTMX, data={"name": "Bea Costa"})
        assert response.status_code == 503, response.status_code
        assert response.headers["Retry-After"]
        page = client.get("/contacts")  # reading still works while someone writes
        assert page.status_code == 200
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert snapshot(app) == before
    assert client.post("/capture", headers=HTMX, data={"name": "Bea Costa"}).status_code == 200
