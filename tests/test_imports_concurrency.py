"""A 20,000-row import shows its progress and never blocks other people: while it runs (on
its worker thread, in chunks of short transactions), another user's captures keep
succeeding. SQLite with a file database, as in production."""

import io
import re
import time
import uuid

import pytest
from helpers import log_in_as
from imports_helpers import upload
from sqlalchemy import func, select

from netpwa.contacts.models import Contact
from netpwa.extensions import db
from netpwa.imports.models import ImportBatch

ROWS = 20_000
HTMX = {"HX-Request": "true"}


@pytest.fixture
def app_config(app_config):
    return {**app_config, "IMPORTS_IN_THREAD": True}


def _big_csv() -> bytes:
    out = io.StringIO()
    out.write("\ufeffFirst Name,Last Name,Email,Company,Notes\r\n")
    for n in range(ROWS):
        out.write(f'Person,Number {n},person{n}@example.com,"Firm {n % 97}, Ltd",'
                  f'"Met at ""event"" {n % 13}"\r\n')
    return out.getvalue().encode()


@pytest.mark.sqlite_only
def test_a_big_import_shows_progress_while_others_capture(app, make_user):
    importer_id = make_user("ana@example.com")
    capturer_id = make_user("bea@example.com")
    ana, bea = app.test_client(), app.test_client()
    log_in_as(app, ana, importer_id)
    log_in_as(app, bea, capturer_id)
    response = upload(ana, "big.csv", _big_csv())
    assert response.status_code == 303, response.get_data(as_text=True)[:500]
    import_id = int(response.headers["Location"].rsplit("/", 1)[1])
    assert ana.post(f"/imports/{import_id}/start").status_code == 303

    seen, captures = [], []
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        fragment = ana.get(f"/imports/{import_id}/progress", headers=HTMX).get_data(as_text=True)
        match = re.search(r"<strong>(\d+) of (\d+)</strong> rows done", fragment)
        if match is None:
            break  # finished: the fragment stopped polling
        assert 'hx-trigger="every 1s"' in fragment
        seen.append(int(match[1]))
        capture = bea.post("/capture", headers=HTMX,
                           data={"name": f"Bea's {len(captures)}", "uuid": str(uuid.uuid4())})
        captures.append(capture.status_code)
    assert "20000 new contacts" in fragment, fragment
    # Progress was visible part-way, and only ever went up.
    assert any(0 < done < ROWS for done in seen), seen
    assert seen == sorted(seen)
    # Bea captured all along, and none of her captures failed.
    assert len(captures) >= 3 and set(captures) == {200}, captures
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Contact).where(
            Contact.owner_id == importer_id, Contact.deleted_at.is_(None))) == ROWS
        batch = db.session.get(ImportBatch, import_id)
        assert (batch.status, batch.done, batch.created_count) == ("done", ROWS, ROWS)
