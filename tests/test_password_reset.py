"""Password rules, reset by an emailed single-use link (through a real local SMTP server),
and no account enumeration through register, reset or login timing."""

import re
import socket
import time
from email import message_from_bytes
from email.policy import default as default_policy

import pytest
from aiosmtpd.controller import Controller
from helpers import page_text

from netpwa.auth import reset
from netpwa.auth.models import User
from netpwa.extensions import db

PASSWORD = "correct horse battery"
NEW = "purple lantern orchard"


class Inbox:
    """An aiosmtpd handler keeping every message it receives."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(message_from_bytes(envelope.content, policy=default_policy))
        return "250 OK"

    def wait_for(self, count: int, seconds: float = 10.0) -> list:
        deadline = time.monotonic() + seconds
        while len(self.messages) < count and time.monotonic() < deadline:
            time.sleep(0.05)
        return self.messages


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def inbox():
    handler = Inbox()
    controller = Controller(handler, hostname="127.0.0.1", port=_free_port())
    controller.start()
    yield handler, controller.port
    controller.stop()


@pytest.fixture
def app_config(app_config, inbox):
    app_config["SMTP_URL"] = f"smtp://127.0.0.1:{inbox[1]}"
    app_config["MAIL_FROM"] = "netpwa <no-reply@netpwa.test>"
    return app_config


def _link(message) -> str:
    body = message.get_body(("plain",)).get_content()
    return re.search(r"http://localhost(/reset/\S+)", body).group(1)


def test_reset_email_arrives_and_its_link_works_once(app, client, make_user, inbox):
    handler, _ = inbox
    make_user()
    response = client.post("/reset", data={"email": "Ana@Example.com"})
    assert response.status_code == 200
    assert "If an account uses that email" in page_text(response)
    [message] = handler.wait_for(1)
    assert message["To"] == "ana@example.com"
    assert "new netpwa password" in message["Subject"]
    link = _link(message)

    assert "Choose a new password" in page_text(client.get(link))
    weak = client.post(link, data={"password": "12345678", "confirm": "12345678"})
    assert weak.status_code == 422 and "top-10 common password" in page_text(weak)
    saved = client.post(link, data={"password": NEW, "confirm": NEW})
    assert saved.status_code == 302
    assert client.get("/contacts").status_code == 200, "the reset logs this device in"

    again = app.test_client().post(link, data={"password": "another fine sentence",
                                               "confirm": "another fine sentence"})
    assert again.status_code == 404 and "no longer works" in page_text(again)
    fresh = app.test_client()
    assert fresh.post("/login", data={"email": "ana@example.com", "password": PASSWORD}
                      ).status_code == 422
    assert fresh.post("/login", data={"email": "ana@example.com", "password": NEW}
                      ).status_code == 302


def test_reset_ends_every_login(app, make_user, inbox):
    handler, _ = inbox
    make_user()
    phone = app.test_client()
    phone.post("/login", data={"email": "ana@example.com", "password": PASSWORD})
    assert phone.get("/contacts").status_code == 200
    app.test_client().post("/reset", data={"email": "ana@example.com"})
    link = _link(handler.wait_for(1)[0])
    app.test_client().post(link, data={"password": NEW, "confirm": NEW})
    assert phone.get("/contacts").status_code == 302


def test_reset_answers_the_same_for_an_unknown_email_and_sends_nothing(
        app, client, make_user, inbox):
    handler, _ = inbox
    make_user()
    known = client.post("/reset", data={"email": "ana@example.com"})
    unknown = client.post("/reset", data={"email": "nobody@example.com"})
    assert known.status_code == unknown.status_code == 200
    strip = lambda r: re.sub(r'name="csrf-token" content="[^"]+"', "", page_text(r))  # noqa: E731
    assert strip(known) == strip(unknown)
    handler.wait_for(2, seconds=1)
    assert [m["To"] for m in handler.messages] == ["ana@example.com"]


def test_reset_links_expire_after_an_hour_and_forged_ones_fail(app, client, make_user):
    user_id = make_user()
    with app.app_context():
        user = db.session.get(User, user_id)
        token = reset.make_token(user, "test-secret")
        assert reset.user_for_token(token, "test-secret").id == user_id
        assert reset.user_for_token(token, "test-secret", max_age=-1) is None
        assert reset.user_for_token(token, "another-secret") is None
    assert client.get("/reset/not-a-token").status_code == 404


@pytest.mark.parametrize("password, why", [
    ("short", "at least 8 characters"),
    ("password1", "very common password"),
    ("12345678", "top-10 common password"),
    ("qwertyuiop", "common password"),
])
def test_register_refuses_weak_passwords_and_says_why(client, password, why):
    response = client.post("/register", data={
        "email": "ana@example.com", "password": password, "confirm": password})
    assert response.status_code == 422
    assert why in page_text(response)


def test_register_refuses_a_password_made_of_the_email(client):
    response = client.post("/register", data={
        "email": "anabelle.costa@example.com", "password": "anabellecosta",
        "confirm": "anabellecosta", "display_name": "Anabelle Costa"})
    assert response.status_code == 422
    assert "Try a few unrelated words" in page_text(response)


def test_login_takes_as_long_for_an_unknown_email(app, make_user, monkeypatch):
    """An unknown email costs a password hash too, so timing doesn't reveal accounts."""
    import netpwa.auth.models as models
    from argon2 import PasswordHasher
    calls = []

    class CountingHasher(PasswordHasher):
        def verify(self, *args):
            calls.append(1)
            return super().verify(*args)

    monkeypatch.setattr(models, "_hasher",
                        CountingHasher(time_cost=1, memory_cost=1024, parallelism=1))
    make_user()
    client = app.test_client()
    client.post("/login", data={"email": "ana@example.com", "password": "wrong one here"})
    client.post("/login", data={"email": "nobody@example.com", "password": "wrong one here"})
    assert len(calls) == 2
