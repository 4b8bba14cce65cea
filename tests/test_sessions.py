"""Revocable logins: a copied remember cookie stops working after logout, after "log out
everywhere" and after a password change; the remember cookie is Secure over HTTPS."""

from helpers import page_text

from netpwa.auth.models import LoginSession
from netpwa.extensions import db

PASSWORD = "correct horse battery"


def _remember_cookie(response) -> str:
    cookie = next(c for c in response.headers.getlist("Set-Cookie")
                  if c.startswith("remember_token="))
    return cookie.split(";", 1)[0].split("=", 1)[1]


def _with_only_remember(app, value):
    """A fresh browser holding nothing but a (stolen) remember cookie."""
    thief = app.test_client()
    thief.set_cookie("remember_token", value)
    return thief


def _logged_in(client) -> bool:
    return client.get("/contacts").status_code == 200


def _log_in(app, email="ana@example.com"):
    client = app.test_client()
    response = client.post("/login", data={"email": email, "password": PASSWORD,
                                           "remember": "y"})
    assert response.status_code == 302
    return client, _remember_cookie(response)


def test_each_login_gets_its_own_remember_cookie(app, make_user):
    make_user()
    _, first = _log_in(app)
    _, second = _log_in(app)
    assert first != second


def test_remember_cookie_alone_logs_in_until_logout(app, make_user):
    """The remember cookie keeps a phone logged in; after logging out on that phone the
    same cookie (a copy of it) is refused."""
    make_user()
    phone, cookie = _log_in(app)
    assert _logged_in(_with_only_remember(app, cookie))
    phone.post("/logout")
    assert not _logged_in(phone)
    assert not _logged_in(_with_only_remember(app, cookie))


def test_logout_ends_only_this_device(app, make_user):
    make_user()
    phone, _ = _log_in(app)
    laptop, laptop_cookie = _log_in(app)
    phone.post("/logout")
    assert _logged_in(laptop)
    assert _logged_in(_with_only_remember(app, laptop_cookie))


def test_log_out_everywhere_ends_every_device(app, make_user):
    make_user()
    make_user("bea@example.com")
    phone, phone_cookie = _log_in(app)
    laptop, laptop_cookie = _log_in(app)
    bea, _ = _log_in(app, "bea@example.com")
    page = page_text(laptop.get("/account"))
    assert "logged in on 2 devices" in page
    response = laptop.post("/logout/everywhere")
    assert response.status_code == 302
    for client in (phone, laptop, _with_only_remember(app, phone_cookie),
                   _with_only_remember(app, laptop_cookie)):
        assert not _logged_in(client)
    assert _logged_in(bea), "someone else's logins are untouched"


def test_password_change_ends_other_devices_and_keeps_this_one(app, make_user):
    make_user()
    phone, phone_cookie = _log_in(app)
    laptop, _ = _log_in(app)
    response = laptop.post("/account/password", data={
        "current": PASSWORD, "password": "purple lantern orchard", "confirm": "purple lantern orchard"})
    assert response.status_code == 302
    assert "Every other device is logged out" in page_text(laptop.get("/account"))
    assert not _logged_in(phone)
    assert not _logged_in(_with_only_remember(app, phone_cookie))
    fresh = app.test_client()
    assert fresh.post("/login", data={"email": "ana@example.com", "password": PASSWORD}
                      ).status_code == 422
    assert fresh.post("/login", data={"email": "ana@example.com",
                                      "password": "purple lantern orchard"}).status_code == 302


def test_password_change_needs_the_current_password_and_a_strong_new_one(app, client, auth):
    auth.as_new_user()
    wrong = client.post("/account/password", data={
        "current": "not it at all", "password": "purple lantern orchard",
        "confirm": "purple lantern orchard"})
    assert wrong.status_code == 422
    assert "isn't your current password" in page_text(wrong)
    weak = client.post("/account/password", data={
        "current": PASSWORD, "password": "password1", "confirm": "password1"})
    assert weak.status_code == 422
    assert "very common password" in page_text(weak)
    assert client.post("/login", data={"email": "ana@example.com", "password": PASSWORD})


def test_a_session_cookie_with_a_bare_user_id_is_refused(app, client, make_user):
    """Sessions from before revocable logins (or forged with a leaked key) name no login."""
    user_id = make_user()
    with client.session_transaction() as session:
        session["_user_id"] = str(user_id)
    assert not _logged_in(client)


def test_remember_cookie_is_secure_over_https_only(app, make_user):
    make_user()
    client = app.test_client()
    secure = client.post("/login", base_url="https://localhost", data={
        "email": "ana@example.com", "password": PASSWORD, "remember": "y"})
    cookie = next(c for c in secure.headers.getlist("Set-Cookie")
                  if c.startswith("remember_token="))
    assert "Secure" in cookie and "HttpOnly" in cookie
    plain = app.test_client().post("/login", data={
        "email": "ana@example.com", "password": PASSWORD, "remember": "y"})
    cookie = next(c for c in plain.headers.getlist("Set-Cookie")
                  if c.startswith("remember_token="))
    assert "Secure" not in cookie


def test_only_a_hash_of_the_login_token_is_stored(app, make_user):
    make_user()
    _, cookie = _log_in(app)
    with app.app_context():
        stored = db.session.scalars(db.select(LoginSession.token_hash)).all()
    token = cookie.split("|")[0].split(".", 1)[1]
    assert stored and all(token not in value for value in stored)
