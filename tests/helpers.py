"""Small helpers tests share."""

import html
import os
import re
from pathlib import Path

HTMX = {"HX-Request": "true"}
# The password of every user the fixtures make (make_user, auth.as_new_user, auth.register).
PASSWORD = "correct horse battery"
# Set (by `make test-postgres`) to run the suite on PostgreSQL instead of SQLite.
TEST_DATABASE_URL = os.environ.get("TEST_DATABASE_URL", "")
# Fixtures copied from the project's reference material, each folder with its licence, so a
# clone of the repository runs its tests with nothing beside it.
TEST_DATA = Path(__file__).resolve().parent / "data"
LABELS = TEST_DATA / "labels"
VCARDS = TEST_DATA / "vcards"


def page_text(response) -> str:
    """The response body with HTML entities decoded, as a person would read it."""
    return html.unescape(response.get_data(as_text=True))


def visible_text(response) -> str:
    """The body's text without tags, whitespace folded."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page_text(response))).strip()


def input_attributes(html_text: str, element_id: str) -> dict[str, str]:
    """The attributes of the <input> with that id (valueless ones map to ""), so a test checks
    that very field rather than any input on the page."""
    from html.parser import HTMLParser

    found: list[dict[str, str]] = []

    class Finder(HTMLParser):
        def handle_starttag(self, tag, attrs):
            attributes = {name: value or "" for name, value in attrs}
            if tag == "input" and attributes.get("id") == element_id:
                found.append(attributes)

    Finder().feed(html_text)
    assert len(found) == 1, f"expected one <input id={element_id!r}>, found {len(found)}"
    return found[0]


def log_in_as(app, client, user_id: int) -> None:
    """Log a test client in as an existing user through the real login form (every user the
    fixtures make has PASSWORD), for tests that hold a user id rather than an email."""
    from netpwa.auth.models import User
    from netpwa.extensions import db
    with app.app_context():
        email = db.session.get(User, user_id).email
    response = client.post("/login", data={"email": email, "password": PASSWORD})
    assert response.status_code == 302, response.get_data(as_text=True)
