"""Account deletion removes every row the user owns, in every table, after offering the
full export; someone else's rows are untouched.

The checks walk db.metadata, so a table another package adds is covered the moment it exists.
If test_every_table_is_owned_or_declared_shared fails for your new table: give it an
`owner_id` column with ForeignKey("users.id", ondelete="CASCADE") (house rule), or, if it
really holds nobody's data, add it to SHARED_TABLES in netpwa/auth/account_data.py with why.
"""

import json
import uuid

from helpers import HTMX, page_text
from sqlalchemy import func, select

from netpwa.auth.account_data import SHARED_TABLES, user_columns
from netpwa.extensions import db

PASSWORD = "correct horse battery"


def test_every_table_is_owned_or_declared_shared():
    problems = [
        f"{table.name}: no column points at users.id; add owner_id = ForeignKey('users.id', "
        f"ondelete='CASCADE'), or declare it in SHARED_TABLES (netpwa/auth/account_data.py)"
        for table in db.metadata.sorted_tables
        if table.name != "users" and not user_columns(table) and table.name not in SHARED_TABLES]
    assert not problems, "\n".join(problems)


def _fill_account(app, client, email):
    """An account with data in as many tables as the app's own flows reach."""
    client.post("/register", data={"email": email, "password": PASSWORD, "confirm": PASSWORD,
                                   "display_name": "Someone"})
    client.post("/events/new", data={"name": "PyData", "goal": "3", "held_on": "2026-12-01"})
    client.post("/capture", headers=HTMX, data={"name": "Bea Costa", "tags": "python"})
    client.post("/api/sync", json={"items": [{
        "op": "create", "uuid": str(uuid.uuid4()), "op_id": str(uuid.uuid4()),
        "fields": {"name": "Synced Sam"}, "client_time": "2026-05-04T19:30:00Z"}]})
    client.post("/card", data={"name": "Someone", "email": email, "public_fields": "name"})
    client.post("/tags/calibration?stock=avery-l7163", data={"offset_x": "1", "offset_y": "0"})


def _rows_of(user_id) -> dict[str, int]:
    counts = {}
    for table in db.metadata.sorted_tables:
        columns = [table.c.id] if table.name == "users" else user_columns(table)
        for column in columns:
            counts[f"{table.name}.{column.name}"] = db.session.scalar(
                select(func.count()).select_from(table).where(column == user_id))
    return counts


def _user_id(email):
    from netpwa.auth.models import User
    return db.session.scalar(select(User.id).where(User.email == email))


def test_account_page_offers_the_full_export_before_deleting(app, client):
    _fill_account(app, client, "ana@example.com")
    page = page_text(client.get("/account"))
    assert "Download everything" in page
    assert page.index("Download everything") < page.index("Delete my account")
    exported = client.get("/account/export.json")
    assert exported.status_code == 200
    assert "attachment" in exported.headers["Content-Disposition"]
    data = json.loads(exported.get_data())
    tables = data["tables"]
    assert [row["name"] for row in tables["contacts"]] == ["Bea Costa", "Synced Sam"]
    assert tables["events"][0]["name"] == "PyData"
    assert tables["users"][0]["email"] == "ana@example.com"
    assert "password_hash" not in tables["users"][0]
    assert all("token_hash" not in row for row in tables["login_sessions"])


def test_deleting_an_account_leaves_no_row_of_it_anywhere(app, client):
    _fill_account(app, client, "ana@example.com")
    bea = app.test_client()
    _fill_account(app, bea, "bea@example.com")
    with app.app_context():
        ana_id, bea_id = _user_id("ana@example.com"), _user_id("bea@example.com")
        ana_before, bea_before = _rows_of(ana_id), _rows_of(bea_id)
    filled = {name for name, count in ana_before.items() if count}
    assert {"users.id", "contacts.owner_id", "events.owner_id", "login_sessions.owner_id",
            "sync_clocks.owner_id", "card_profiles.owner_id"} <= filled, ana_before

    refused = client.post("/account/delete", data={"password": "not my password", "confirm": "y"})
    assert refused.status_code == 422 and "isn't your password" in page_text(refused)
    unticked = client.post("/account/delete", data={"password": PASSWORD})
    assert unticked.status_code == 422 and "can't be undone" in page_text(unticked)

    deleted = client.post("/account/delete", data={"password": PASSWORD, "confirm": "y"})
    assert deleted.status_code == 302
    assert "everything in it are deleted" in page_text(client.get(deleted.headers["Location"]))
    with app.app_context():
        left = {name: count for name, count in _rows_of(ana_id).items() if count}
        assert left == {}, f"rows of the deleted account left behind: {left}"
        assert _rows_of(bea_id) == bea_before
    assert client.get("/contacts").status_code == 302
    assert client.post("/login", data={"email": "ana@example.com", "password": PASSWORD}
                       ).status_code == 422
