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
