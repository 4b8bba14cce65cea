"""Throttles that hold: per account as well as per IP, for login, register and reset; per
card for Connect; counted in the database so that every worker sees the same counts."""

import threading

import pytest
from helpers import page_text
from live_server import Browser, fresh_database, gunicorn_server

from netpwa.auth.models import User
from netpwa.extensions import db

PASSWORD = "correct horse battery"


@pytest.fixture
def app_config(app_config):
    return {**app_config, "TRUST_PROXY": True}


def _from(address: str) -> dict:
    return {"X-Forwarded-For": address}


def test_one_account_is_limited_whatever_the_addresses(app, client, make_user):
    """60 attempts at one account from 60 addresses: the first 10 are checked, then 429."""
    make_user()
    statuses = [client.post("/login", headers=_from(f"203.0.113.{n}"), data={
        "email": "Ana@Example.com" if n % 2 else "ana@example.com", "password": "nope nope"}
        ).status_code for n in range(60)]
    assert statuses[:10] == [422] * 10
    assert set(statuses[10:]) == {429}
    assert "Too many attempts" in page_text(client.post(
        "/login", headers=_from("198.51.100.1"), data={"email": "ana@example.com",
                                                         "password": PASSWORD}))


def test_another_account_is_not_locked_by_guesses_at_the_first(app, client, make_user):
    make_user()
    make_user("bea@example.com")
    for n in range(12):
        client.post("/login", headers=_from(f"203.0.113.{n}"),
                    data={"email": "ana@example.com", "password": "nope nope"})
    response = client.post("/login", headers=_from("198.51.100.7"),
                           data={"email": "bea@example.com", "password": PASSWORD})
    assert response.status_code == 302


def test_one_address_is_limited_whatever_the_accounts(app, client):
    statuses = [client.post("/login", headers=_from("203.0.113.9"), data={
        "email": f"user{n}@example.com", "password": "nope nope"}).status_code
        for n in range(12)]
    assert statuses[:10] == [422] * 10 and statuses[-1] == 429


def test_reset_is_limited_per_account(app, client, make_user):
    make_user()
    statuses = [client.post("/reset", headers=_from(f"203.0.113.{n}"),
                            data={"email": "ana@example.com"}).status_code for n in range(7)]
    assert statuses[:5] == [200] * 5 and statuses[5:] == [429, 429]


def test_register_is_limited_per_account_and_per_address(app, client, app_config):
    statuses = [client.post("/register", headers=_from(f"203.0.113.{n}"), data={
        "email": "ana@example.com", "password": PASSWORD, "confirm": PASSWORD}).status_code
        for n in range(7)]
    assert statuses[0] == 302 and statuses[-1] == 429
    app.config["REGISTER_RATE_LIMIT"] = "3 per hour"
    statuses = [client.post("/register", headers=_from("198.51.100.3"), data={
        "email": f"user{n}@example.com", "password": PASSWORD, "confirm": PASSWORD}).status_code
        for n in range(4)]
    assert statuses == [302, 302, 302, 429]


def test_connect_is_limited_per_card_across_addresses(app, client, auth):
    app.config["CONNECT_CARD_RATE_LIMIT"] = "3 per minute"
    auth.as_new_user()
    client.post("/card", data={"name": "Ana", "public_fields": "name"})
    with app.app_context():
        from netpwa.cards.models import CardProfile
        slug = db.session.scalar(db.select(CardProfile.slug))
    auth.logout()
    statuses = [client.post(f"/c/{slug}/connect", headers=_from(f"203.0.113.{n}"),
                            data={"name": f"Visitor {n}", "email": f"v{n}@example.com"}
                            ).status_code for n in range(5)]
    assert statuses[:3] == [200] * 3 and statuses[3:] == [429, 429]


def test_counts_live_in_the_database_not_in_a_process(app, client, make_user):
    """The default store is the database: the count is a row any worker can read."""
    assert app.config["RATELIMIT_STORAGE_URI"] == "database://"
    make_user()
    client.post("/login", data={"email": "ana@example.com", "password": "nope nope"})
    with app.app_context():
        from netpwa.throttle import RateLimitCounter
        counters = db.session.scalars(db.select(RateLimitCounter)).all()
        assert counters and all("ana" not in c.key and "127.0.0.1" not in c.key
                                for c in counters)


def test_login_limit_holds_across_four_gunicorn_workers_per_account(tmp_path):
    """gunicorn with 4 workers on the default store (the database): 40 attempts at one
    account, each from its own address and sent in parallel, get exactly 10 checks."""
    with fresh_database(tmp_path) as database_url:
        from netpwa import create_app
        seed = create_app({"SQLALCHEMY_DATABASE_URI": database_url, "SECRET_KEY": "s"})
        with seed.app_context():
            user = User(email="ana@example.com")
            user.set_password(PASSWORD)
            db.session.add(user)
            db.session.commit()
            db.engine.dispose()
        with gunicorn_server(database_url, tmp_path, workers=4) as url:
            statuses = []
            lock = threading.Lock()

            def attempt(n):
                browser = Browser(url, forwarded_for=f"203.0.113.{n}")
                browser.get("/login")
                status, _, _ = browser.post("/login", data={
                    "email": "ana@example.com", "password": "wrong guess",
                    "csrf_token": browser.csrf_token})
                with lock:
                    statuses.append(status)

            threads = [threading.Thread(target=attempt, args=(n,)) for n in range(40)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
    assert sorted(statuses) == [422] * 10 + [429] * 30, statuses
