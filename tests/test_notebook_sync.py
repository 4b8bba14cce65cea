"""Interactions through the sync API: the outbox's idempotent ids and the contacts' merge rule."""

import uuid as uuidlib

from netpwa.contacts.models import Contact
from netpwa.extensions import db
from netpwa.notebook.models import Interaction


def _uuid():
    return str(uuidlib.uuid4())


def push(client, *items):
    response = client.post("/api/sync", json={"items": list(items)})
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()["results"]


def test_a_contact_and_its_coffee_logged_offline_arrive_once(client, auth, app):
    auth.as_new_user()
    contact_uuid, coffee = _uuid(), _uuid()
    items = [{"op": "create", "uuid": contact_uuid, "fields": {"name": "Bea Costa"}},
             {"op": "create", "type": "interaction", "uuid": coffee,
              "contact_uuid": contact_uuid,
              "fields": {"kind": "coffee", "text": "Rust jobs", "occurred_on": "2026-12-01"}}]
    first = push(client, *items)
    assert [r["status"] for r in first] == ["ok", "ok"]
    assert first[1]["interaction"]["kind"] == "coffee"
    again = push(client, *items)
    assert again[1]["created"] is False
    with app.app_context():
        kinds = sorted(i.kind for i in db.session.query(Interaction).all())
        assert kinds == ["coffee", "met"]
        contact = db.session.query(Contact).one()
        assert contact.last_contacted_at.date().isoformat() == "2026-12-01"


def test_edits_merge_per_field_and_delete_is_a_tombstone_pulled_by_others(client, auth, app):
    auth.as_new_user()
    contact_uuid, call = _uuid(), _uuid()
    push(client, {"op": "create", "uuid": contact_uuid, "fields": {"name": "Bea"}},
         {"op": "create", "type": "interaction", "uuid": call, "contact_uuid": contact_uuid,
          "fields": {"kind": "call"}})
    start = client.get("/api/changes").get_json()
    assert {i["kind"] for i in start["interactions"]} == {"met", "call"}
    cursor = start["interactions_cursor"]
    results = push(
        client,
        {"op": "update", "type": "interaction", "uuid": call, "op_id": _uuid(),
         "fields": {"text": "from the phone"}},
        {"op": "update", "type": "interaction", "uuid": call, "op_id": _uuid(),
         "fields": {"helped": "from the laptop"}},
        {"op": "delete", "type": "interaction", "uuid": call, "op_id": _uuid()})
    assert [r["status"] for r in results] == ["ok", "ok", "ok"]
    pulled = client.get(f"/api/changes?since_interactions={cursor}").get_json()
    (row,) = pulled["interactions"]
    assert (row["text"], row["helped"]) == ("from the phone", "from the laptop")
    assert row["deleted_at"] is not None


def test_bad_interactions_are_refused_with_their_field(client, auth, make_user, make_contact):
    other = make_user("eve@example.com")
    theirs = make_contact(other, "Theirs")
    auth.as_new_user()
    contact_uuid = _uuid()
    results = push(
        client,
        {"op": "create", "uuid": contact_uuid, "fields": {"name": "Bea"}},
        {"op": "create", "type": "interaction", "uuid": _uuid(), "contact_uuid": contact_uuid,
         "fields": {"kind": "call", "occurred_on": "2999-01-01"}},
        {"op": "create", "type": "interaction", "uuid": _uuid(), "contact_uuid": _uuid(),
         "fields": {"kind": "call"}},
        {"op": "create", "type": "interaction", "uuid": _uuid(), "contact_uuid": contact_uuid,
         "fields": {"kind": ["call"]}},
        {"op": "update", "type": "interaction", "uuid": _uuid(), "fields": {"text": "x"}},
        {"op": "create", "type": "gossip", "uuid": _uuid(), "fields": {}})
    assert [(r["status"], r.get("field")) for r in results] == [
        ("ok", None), ("error", "occurred_on"), ("error", "contact_uuid"), ("error", "kind"),
        ("error", "uuid"), ("error", "type")]
    assert client.get("/api/changes?since_interactions=nope").status_code == 400
