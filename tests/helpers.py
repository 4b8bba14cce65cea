"""Small helpers tests share."""

import html
import os
import re
from pathlib import Path

HTMX = {"HX-Request": "true"}
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


def log_in_as(app, client, user_id: int) -> None:
    """Log a test client in as a user without the login form (no password hash to check):
    a real revocable login row (netpwa.auth.sessions) named in the session, as login does."""
    from netpwa.auth import sessions
    from netpwa.auth.models import User
    from netpwa.extensions import db
    with app.app_context():
        identity = sessions.start(db.session.get(User, user_id))
        db.session.commit()
    with client.session_transaction() as session:
        session["_user_id"] = identity
        session["_fresh"] = True
