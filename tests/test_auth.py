"""Accounts: register, log in, remember me, rate limit, cookies."""

from helpers import PASSWORD, page_text

from netpwa.auth.models import User
from netpwa.extensions import db


def test_register_logs_in_and_lands_on_capture(client, auth):
    """A new account goes straight to the capture screen."""
    response = auth.register()
    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    page = client.get("/").get_data(as_text=True)
    assert 'id="capture-form"' in page


def test_password_is_hashed_with_argon2(app, auth):
    """No plain passwords are stored."""
    auth.register()
    with app.app_context():
        user = db.session.scalar(db.select(User))
        assert user.password_hash.startswith("$argon2")
        assert "correct horse" not in user.password_hash


def test_register_rejects_bad_input_and_keeps_values(client):
    """An invalid email and a short password get messages next to the fields."""
    response = client.post("/register", data={
        "email": "not-an-email", "password": "short", "confirm": "short",
        "display_name": "Zoë"})
    page = page_text(response)
    assert response.status_code == 422
    assert "Enter a valid email address" in page
    assert "at least 8 characters" in page
    assert 'value="not-an-email"' in page
    assert "Zoë" in page


def test_duplicate_email_is_refused(auth):
    """One account per email, whatever the case."""
    auth.register("ana@example.com")
    auth.logout()
    response = auth.register("ANA@example.com")
    assert response.status_code == 422
    assert "exists" in page_text(response)


def test_login_wrong_password(auth, make_user):
    """A wrong password says so without saying which part was wrong."""
    make_user()
    response = auth.login(password="wrong password")
    assert response.status_code == 422
    assert "don't match" in page_text(response)


def test_login_remembers_the_device_for_weeks(client, make_user, auth):
    """Remember-me is on by default: the phone stays logged in."""
    make_user()
    response = client.post("/login", data={
        "email": "ana@example.com", "password": PASSWORD, "remember": "y"})
    cookies = response.headers.getlist("Set-Cookie")
    remember = next(c for c in cookies if c.startswith("remember_token="))
    assert "HttpOnly" in remember
    session = next(c for c in cookies if c.startswith("session="))
    assert "HttpOnly" in session and "SameSite=Lax" in session


def test_session_cookie_is_secure_over_https(client, make_user):
    """Served over HTTPS, the session cookie carries Secure."""
    make_user()
    response = client.post("/login", base_url="https://localhost", data={
        "email": "ana@example.com", "password": PASSWORD})
    session = next(c for c in response.headers.getlist("Set-Cookie") if c.startswith("session="))
    assert "Secure" in session


def test_next_only_redirects_within_the_site(client, make_user):
    """A crafted ?next= to another site lands on home instead."""
    make_user()
    response = client.post("/login?next=//evil.example/x", data={
        "email": "ana@example.com", "password": PASSWORD})
    assert response.headers["Location"] == "/"


def test_login_is_rate_limited(app, client, make_user):
    """Guessing passwords gets a 429 after ten tries a minute."""
    make_user()
    statuses = [client.post("/login", data={"email": "ana@example.com", "password": "nope"}
                            ).status_code for _ in range(12)]
    assert statuses[:10] == [422] * 10
    assert statuses[-1] == 429
    assert "Too many attempts" in page_text(client.post(
        "/login", data={"email": "a@b.c", "password": "x"}))


def test_logout_needs_post(client, auth):
    """Logging out is a POST so that a link can't log you out."""
    auth.as_new_user()
    assert client.get("/logout").status_code == 405
    assert client.post("/logout").status_code == 302
    assert client.get("/contacts").status_code == 302


def test_pages_need_login(client):
    """Private pages send visitors to the login page."""
    response = client.get("/contacts")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")


def test_healthz(client):
    """The health check answers with the database reachable."""
    assert client.get("/healthz").json == {"status": "ok", "database": "ok"}
