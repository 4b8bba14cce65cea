"""Scale-out: two app servers (two gunicorn instances on two ports) share one PostgreSQL and
one Redis. A client alternating between them, as behind a load balancer, keeps its session,
its sync cursor and its rate limits. docs/DEPLOY.md says how to run this in production."""

import json
import uuid

import pytest
import redis
from live_server import Browser, fresh_database, gunicorn_server

from netpwa import create_app
from netpwa.auth.models import User
from netpwa.extensions import db

PASSWORD = "correct horse battery"
REDIS_URL = "redis://127.0.0.1:6379/5"  # a database number of its own, flushed here


@pytest.fixture(scope="module")
def two_servers(tmp_path_factory):
    tmp_path = tmp_path_factory.mktemp("scale-out")
    store = redis.Redis.from_url(REDIS_URL)
    store.flushdb()
    with fresh_database(tmp_path, postgres=True) as database_url:
        seed = create_app({"SQLALCHEMY_DATABASE_URI": database_url, "SECRET_KEY": "s"})
        with seed.app_context():
            for email in ("ana@example.com", "bea@example.com"):
                user = User(email=email)
                user.set_password(PASSWORD)
                db.session.add(user)
            db.session.commit()
            db.engine.dispose()
        shared = {"RATELIMIT_STORAGE_URI": REDIS_URL, "SECRET_KEY": "one-key-for-all"}
        with gunicorn_server(database_url, tmp_path, workers=2, **shared) as first, \
                gunicorn_server(database_url, tmp_path, workers=2, **shared) as second:
            assert first != second
            yield first, second
    store.flushdb()
    store.close()


def test_a_client_alternating_between_two_servers_keeps_everything(two_servers):
    first, second = two_servers
    servers = [first, second]
    phone = Browser(first)
    phone.get("/login")
    status, headers, _ = phone.post("/login", data={
        "email": "ana@example.com", "password": PASSWORD, "csrf_token": phone.csrf_token})
    assert status == 302

    # The session made on the first server is good on the second, and back.
    for turn in range(4):
        status, _, page = phone.get("/contacts", base_url=servers[turn % 2])
        assert status == 200, (turn, status)

    # Sync: push on one server, pull on the other; the cursor from one works on the other.
    ids = [str(uuid.uuid4()) for _ in range(3)]
    for turn, contact_id in enumerate(ids):
        status, _, body = phone.request("POST", "/api/sync", base_url=servers[turn % 2],
                                        json_body={"items": [{
                                            "op": "create", "uuid": contact_id,
                                            "op_id": str(uuid.uuid4()),
                                            "fields": {"name": f"Person {turn}"},
                                            "client_time": "2026-05-04T19:30:00Z"}]})
        assert status == 200, body
    status, _, body = phone.get("/api/changes", base_url=second)
    changes = json.loads(body)
    assert sorted(c["uuid"] for c in changes["contacts"]) == sorted(ids)
    cursor = changes["cursor"]
    status, _, body = phone.get(f"/api/changes?since={cursor}", base_url=first)
    assert status == 200 and json.loads(body)["contacts"] == []
    phone.request("POST", "/api/sync", base_url=first, json_body={"items": [{
        "op": "create", "uuid": str(uuid.uuid4()), "op_id": str(uuid.uuid4()),
        "fields": {"name": "After the cursor"}, "client_time": "2026-05-04T19:31:00Z"}]})
    status, _, body = phone.get(f"/api/changes?since={cursor}", base_url=second)
    assert [c["name"] for c in json.loads(body)["contacts"]] == ["After the cursor"]

    # Logging out on one server ends the session on both.
    phone.post("/logout", data={"csrf_token": phone.csrf_token}, base_url=second)
    assert phone.get("/contacts", base_url=first)[0] == 302


def test_rate_limits_count_across_both_servers(two_servers):
    """Guesses at one account alternate between the servers and come from 20 addresses:
    still 10 checks a minute in all (counted in the shared Redis)."""
    first, second = two_servers
    statuses = []
    for attempt in range(20):
        server = (first, second)[attempt % 2]
        guesser = Browser(server, forwarded_for=f"203.0.113.{attempt}")
        guesser.get("/login")
        statuses.append(guesser.post("/login", data={
            "email": "bea@example.com", "password": "a wrong guess",
            "csrf_token": guesser.csrf_token})[0])
    assert statuses[:10] == [422] * 10 and set(statuses[10:]) == {429}, statuses
    assert redis.Redis.from_url(REDIS_URL).dbsize() > 0, "the counts are in Redis"
