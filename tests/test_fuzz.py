"""Random input on the forms people type into: never a 500, and a refusal stores nothing.

Hypothesis throws unicode, control characters, NUL, invalid UTF-8, huge values and unknown
fields at capture, register, login and new event, on SQLite and (with TEST_DATABASE_URL) on
PostgreSQL, which refuses NUL in text where SQLite would store it.
"""

from urllib.parse import urlencode

import pytest
from argon2 import PasswordHasher
from helpers import HTMX
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from route_map import snapshot

from netpwa.auth import models as auth_models

FUZZ = settings(max_examples=40, deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture,
                                       HealthCheck.too_slow])

SPECIAL = [
    "", " ", "\x00", "a\x00b", "\r\n", "\t", "\x1b[31m", "\u202eevil", "\ufeff", "\u200b",
    "😀" * 50, "é" * 10_001, "x" * 100_000, "<script>alert(1)</script>", "' OR 1=1 --",
    "%00", "../../etc/passwd", "2026-02-30", "-1", "0", "999999999999999999999", "1e309",
    "NaN", "ana@example.com", "ANA@EXAMPLE.COM", "a@b.c\x00", "true", "on",
]
# Bytes are sent as they are, so the server also sees invalid UTF-8.
INVALID_UTF8 = [b"\xff\xfe", b"\xc3\x28", b"abc\xed\xa0\x80", b"\x00\xff"]

value = st.one_of(
    st.sampled_from(SPECIAL),
    st.sampled_from(INVALID_UTF8),
    st.text(max_size=300),
    st.text(alphabet=st.characters(categories=["Cc", "Cf", "Zs", "Zl", "Zp", "So"]),
             max_size=40),
    st.builds(lambda char, count: char * count, st.characters(), st.integers(190, 12_000)),
)


def form(valid: dict[str, str]):
    """A valid form with any of its fields replaced by a nasty value or left out, sometimes
    with an unknown field too: starting from valid input gets past the first check."""
    override = st.one_of(value, st.none())

    def build(changes: dict, extra: dict) -> dict:
        data = {**valid, **changes, **extra}
        return {name: item for name, item in data.items() if item is not None}
    return st.builds(build, st.fixed_dictionaries({}, optional=dict.fromkeys(valid, override)),
                     st.fixed_dictionaries({}, optional={"unexpected_field": value}))


def _post(client, url: str, data: dict, headers: dict | None = None):
    body = urlencode(data).encode()
    return client.post(url, data=body, headers={
        "Content-Type": "application/x-www-form-urlencoded", **(headers or {})})


def _check(app, response, before, where: str) -> None:
    assert response.status_code < 500, f"{where}: {response.status_code}"
    if response.status_code >= 400:
        assert snapshot(app) == before, f"{where}: refused ({response.status_code}) but stored"


@pytest.fixture
def app_config(app_config):
    """The login rate limit would turn most examples into 429s. (Not RATELIMIT_ENABLED=False:
    Flask-Limiter keeps that on its one global object, so it would leak into later tests.)"""
    unlimited = "100000 per minute"
    return {**app_config, "LOGIN_RATE_LIMIT": unlimited, "LOGIN_ACCOUNT_RATE_LIMIT": unlimited,
            "REGISTER_RATE_LIMIT": unlimited, "REGISTER_ACCOUNT_RATE_LIMIT": unlimited}


PASSWORD = "correct horse battery"  # make_user's
VALID_CAPTURE = {"name": "Bea Costa", "headline": "Data eng @ Acme", "mnemonic": "bee",
                 "email": "bea@example.com", "phone": "+351 912 345 678",
                 "link": "linkedin.com/in/bea", "tags": "python, data", "follow_up": "1",
                 "chat_seconds": "95", "uuid": "6f1c2a8e-3f0b-4d1e-9c1a-1b2c3d4e5f60"}
VALID_REGISTER = {"email": "new@example.com", "password": PASSWORD, "confirm": PASSWORD,
                  "display_name": "Newcomer"}
VALID_LOGIN = {"email": "ana@example.com", "password": PASSWORD, "remember": "y"}
VALID_EVENT = {"name": "PyData Night", "held_on": "2026-05-01", "place": "Lisbon", "goal": "3",
               "challenge_mode": "y", "here_now": "y"}


# Known traps, each tried in every field with the rest valid, before the random search.
TRAPS = ["a\x00b", "x" * 10_001, b"\xff\xfe", "\u202eevil", "", "😀" * 300]


def _exercise(app, url: str, valid: dict, client_for, htmx_options=(False,),
              examples: int = 40) -> None:
    """Post the traps, then Hypothesis' random forms, to url; check every response."""
    def attempt(data: dict, htmx: bool) -> None:
        before = snapshot(app)
        response = _post(client_for(), url, data, HTMX if htmx else None)
        _check(app, response, before, f"{url} {data!r:.200}")

    for name in valid:
        for trap in TRAPS:
            for htmx in htmx_options:
                attempt({**valid, name: trap}, htmx)

    @settings(FUZZ, max_examples=examples)
    @given(data=form(valid), htmx=st.sampled_from(htmx_options))
    def run(data, htmx):
        attempt(data, htmx)

    run()


def test_capture_survives_anything(app, client, auth, make_event):
    """Whatever is posted to /capture (htmx or not): a saved person or a 422, never a 500."""
    make_event(auth.as_new_user(), current=True)
    _exercise(app, "/capture", VALID_CAPTURE, lambda: client, htmx_options=(False, True))


def test_register_survives_anything(app):
    """Whatever is posted to /register: an account or a 422, never a 500."""
    _exercise(app, "/register", VALID_REGISTER, app.test_client)


def test_login_survives_anything(app, make_user, monkeypatch):
    """Whatever is posted to /login: a login or a 422, never a 500."""
    # A cheap hash keeps each verification fast; the input handling is what is under test.
    monkeypatch.setattr(auth_models, "_hasher",
                        PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))
    make_user()
    _exercise(app, "/login", VALID_LOGIN, app.test_client)


def test_new_event_survives_anything(app, client, auth):
    """Whatever is posted to /events/new: an event or a 422, never a 500."""
    auth.as_new_user()
    _exercise(app, "/events/new", VALID_EVENT, lambda: client)
