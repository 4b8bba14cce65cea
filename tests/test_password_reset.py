"""Password rules, reset by an emailed single-use link (through a real local SMTP server),
and no account enumeration through register, reset or login timing."""

import re

import pytest
from helpers import PASSWORD, page_text

from netpwa.auth import reset
from netpwa.auth.models import User
from netpwa.extensions import db

NEW = "purple lantern orchard"


@pytest.fixture
def app_config(app_config, smtp_server):
    app_config["SMTP_URL"] = f"smtp://127.0.0.1:{smtp_server[1]}"
    app_config["MAIL_FROM"] = "netpwa <no-reply@netpwa.test>"
    return app_config


def _link(message) -> str:
    body = message.get_body(("plain",)).get_content()
    return re.search(r"http://localhost(/reset/\S+)", body).group(1)


def test_reset_email_arrives_and_its_link_works_once(app, client, make_user, smtp_server):
    handler, _ = smtp_server
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


def test_reset_ends_every_login(app, make_user, smtp_server):
    handler, _ = smtp_server
    make_user()
    phone = app.test_client()
    phone.post("/login", data={"email": "ana@example.com", "password": PASSWORD})
    assert phone.get("/contacts").status_code == 200
    app.test_client().post("/reset", data={"email": "ana@example.com"})
    link = _link(handler.wait_for(1)[0])
    app.test_client().post(link, data={"password": NEW, "confirm": NEW})
    assert phone.get("/contacts").status_code == 302


def test_reset_answers_the_same_for_an_unknown_email_and_sends_nothing(
        app, client, make_user, smtp_server):
    handler, _ = smtp_server
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


def _page_without_token(response) -> str:
    return re.sub(r'name="csrf-token" content="[^"]+"', "", page_text(response))


def test_register_with_mail_answers_alike_for_new_and_known_emails(app, make_user, smtp_server):
    """With SMTP_URL set, /register says "check your email" either way; the new address gets
    a link that creates the account, the known one a note to log in or reset."""
    handler, _ = smtp_server
    make_user("known@example.com")
    data = {"password": NEW, "confirm": NEW, "display_name": "Zoë"}
    new = app.test_client().post("/register", data={**data, "email": "new@example.com"})
    known = app.test_client().post("/register", data={**data, "email": "known@example.com"})
    assert new.status_code == known.status_code == 200
    assert _page_without_token(new).replace("new@", "known@") == _page_without_token(known)
    messages = {m["To"]: m.get_body(("plain",)).get_content() for m in handler.wait_for(2)}
    assert "already have one" in messages["known@example.com"]
    assert "/register/confirm/" not in messages["known@example.com"]
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(User.id))) == 1
        assert db.session.scalar(db.select(User).where(User.email == "known@example.com")
                                 ).check_password(PASSWORD)

    link = re.search(r"http://localhost(/register/confirm/\S+)",
                     messages["new@example.com"]).group(1)
    phone = app.test_client()
    assert "Create my account" in page_text(phone.get(link))
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(User.id))) == 1, "a GET never writes"
    created = phone.post(link)
    assert created.status_code == 302 and created.headers["Location"] == "/"
    assert phone.get("/contacts").status_code == 200
    again = app.test_client().post(link)
    assert again.status_code == 302 and again.headers["Location"] == "/login"
    with app.app_context():
        user = db.session.scalar(db.select(User).where(User.email == "new@example.com"))
        assert user.display_name == "Zoë" and user.check_password(NEW)
    assert app.test_client().get("/register/confirm/forged").status_code == 404
