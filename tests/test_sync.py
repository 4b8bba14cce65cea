"""The sync API: /api/sync applies outbox batches idempotently, /api/changes hands out changes."""

import json
import re
import uuid

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from helpers import PASSWORD
from sqlalchemy import func, select

from netpwa.contacts.models import Contact, ContactHistory
from netpwa.extensions import db
from netpwa.sync.batch import Batch


def _uuid() -> str:
    return str(uuid.uuid4())


def _create(name, **extra):
    fields = {"name": name}
    fields.update(extra.pop("fields", {}))
    return {"op": "create", "uuid": extra.pop("uuid", _uuid()), "op_id": _uuid(),
            "fields": fields, "client_time": "2026-05-04T19:30:00Z", **extra}


def _sync(client, items, **body):
    return client.post("/api/sync", json={"items": items, **body})


def _contacts(app, **where):
    with app.app_context():
        query = select(Contact).order_by(Contact.id)
        for key, value in where.items():
            query = query.where(getattr(Contact, key) == value)
        rows = db.session.scalars(query).all()
        db.session.expunge_all()
        return rows


def test_api_without_login_answers_401_json(client):
    """Not logged in: JSON 401, never a redirect to the login page."""
    for response in (client.post("/api/sync", json={"items": []}), client.get("/api/changes")):
        assert response.status_code == 401
        assert response.is_json and response.get_json()["error"] == "Please log in first."


def test_unknown_api_path_and_wrong_method_answer_json(client, auth):
    """/api/* errors are JSON even for a path or method that doesn't exist."""
    auth.as_new_user()
    missing = client.get("/api/nothing-here")
    wrong = client.get("/api/sync")
    assert (missing.status_code, wrong.status_code) == (404, 405)
    assert missing.is_json and wrong.is_json and "field" in wrong.get_json()


def test_a_batch_of_captures_is_stored_and_each_result_reported(app, client, auth, make_event):
    """Three captures: three rows, results in order with the stored contact, the counter's
    event in the answer, and met_at taken from when the phone captured them."""
    user_id = auth.as_new_user()
    make_event(user_id, current=True)
    items = [_create(name) for name in ("Ana", "Bo", "Cy")]
    response = _sync(client, items)
    assert response.status_code == 200
    body = response.get_json()
    assert [r["status"] for r in body["results"]] == ["ok"] * 3
    assert [r["uuid"] for r in body["results"]] == [item["uuid"] for item in items]
    assert body["results"][0]["contact"]["url"].startswith("/contacts/")
    assert body["current_event"]["met"] == 3 and body["current_event"]["goal"] == 3
    stored = _contacts(app)
    assert [c.name for c in stored] == ["Ana", "Bo", "Cy"]
    assert all(c.event_id is not None for c in stored)
    assert stored[0].met_at.isoformat() == "2026-05-04T19:30:00+00:00"


def test_a_replayed_batch_creates_no_duplicate(app, client, auth):
    """The same batch sent three times (a lost answer, a reload, Background Sync) stores each
    person once, and every replay is confirmed so the phone can empty its outbox."""
    auth.as_new_user()
    items = [_create("Ana"), _create("Bo")]
    first = _sync(client, items).get_json()["results"]
    for _ in range(2):
        replay = _sync(client, items).get_json()["results"]
        assert [r["status"] for r in replay] == ["ok", "ok"]
        assert [r["created"] for r in replay] == [False, False]
    assert [r["created"] for r in first] == [True, True]
    assert [c.name for c in _contacts(app)] == ["Ana", "Bo"]


def test_one_bad_item_is_reported_with_its_field_and_the_rest_commit(app, client, auth):
    """A capture with a broken email is refused with the field and message the form would
    show; the captures around it are stored."""
    auth.as_new_user()
    items = [_create("Ana"), _create("Bo", fields={"email": "bo-at-example"}), _create("Cy"),
             {"op": "create", "uuid": _uuid(), "fields": {"name": ""}},
             {"op": "explode", "uuid": _uuid()}, "not an object"]
    results = _sync(client, items).get_json()["results"]
    assert [r["status"] for r in results] == ["ok", "error", "ok", "error", "error", "error"]
    assert results[1]["field"] == "email"
    assert results[1]["error"] == "That email doesn't look right, e.g. ana@example.com."
    assert results[1]["code"] == 422
    assert (results[3]["field"], results[4]["field"]) == ("name", "op")
    assert [c.name for c in _contacts(app)] == ["Ana", "Cy"]


def test_updates_and_deletes_apply_once_even_when_replayed(app, client, auth):
    """An edit replayed after a later edit doesn't overwrite it (its receipt is kept), and a
    delete is a tombstone that stays restorable."""
    auth.as_new_user()
    ana, bo = _create("Ana"), _create("Bo")
    _sync(client, [ana, bo])
    phone_edit = {"op": "update", "uuid": ana["uuid"], "op_id": _uuid(),
                  "fields": {"headline": "From the phone"}}
    laptop_edit = {"op": "update", "uuid": ana["uuid"], "op_id": _uuid(),
                   "fields": {"headline": "From the laptop"}}
    delete = {"op": "delete", "uuid": bo["uuid"], "op_id": _uuid()}
    assert _sync(client, [phone_edit, delete]).get_json()["results"][0]["changed"] == ["headline"]
    _sync(client, [laptop_edit])
    replay = _sync(client, [phone_edit, delete]).get_json()["results"]
    assert [r["duplicate"] for r in replay] == [True, True]
    [stored_ana] = _contacts(app, uuid=ana["uuid"])
    [stored_bo] = _contacts(app, uuid=bo["uuid"])
    assert stored_ana.headline == "From the laptop"
    assert stored_bo.deleted_at is not None and stored_bo.name == "Bo"
    with app.app_context():
        assert db.session.scalar(select(func.count(ContactHistory.id))) == 1


def test_an_edit_to_a_contact_deleted_elsewhere_is_kept_in_the_trash(app, client, auth):
    """Delete on the laptop, edit on the phone: the answer says the contact is in the trash,
    with the edit applied."""
    auth.as_new_user()
    ana = _create("Ana")
    _sync(client, [ana, {"op": "delete", "uuid": ana["uuid"], "op_id": _uuid()}])
    result = _sync(client, [{"op": "update", "uuid": ana["uuid"], "op_id": _uuid(),
                             "fields": {"notes": "Met at the PyData social"}}]
                   ).get_json()["results"][0]
    assert result["status"] == "ok" and result["in_trash"] is True
    assert result["contact"]["notes"] == "Met at the PyData social"
    assert result["contact"]["deleted_at"] is not None


def test_edit_errors_name_the_field(client, auth):
    """Edits of an unknown contact, of a field that can't change, or with nothing in them are
    each refused with a reason and a field."""
    auth.as_new_user()
    ana = _create("Ana")
    _sync(client, [ana])
    results = _sync(client, [
        {"op": "update", "uuid": _uuid(), "op_id": _uuid(), "fields": {"headline": "x"}},
        {"op": "update", "uuid": ana["uuid"], "op_id": _uuid(), "fields": {"owner_id": 2}},
        {"op": "update", "uuid": ana["uuid"], "op_id": _uuid(), "fields": {}},
        {"op": "update", "uuid": "not a uuid", "fields": {"headline": "x"}},
    ]).get_json()["results"]
    assert [(r["code"], r["field"]) for r in results] == [
        (404, "uuid"), (422, "owner_id"), (422, "fields"), (422, "uuid")]


def test_deleting_an_unknown_contact_is_confirmed(client, auth):
    """A delete of something the server no longer has is done already: confirmed, not an error
    that would sit in the phone's outbox for ever."""
    auth.as_new_user()
    [result] = _sync(client, [{"op": "delete", "uuid": _uuid(), "op_id": _uuid()}]
                     ).get_json()["results"]
    assert result["status"] == "ok" and result["gone"] is True


def test_another_users_contacts_cannot_be_changed_through_sync(app, client, auth):
    """Bo knows Ana's contact UUID: his edit and delete answer 404-not-found per item, and
    Ana's contact is untouched; his pull doesn't include it."""
    auth.as_new_user("ana@example.com")
    ana_contact = _create("Bea")
    _sync(client, [ana_contact])
    auth.logout()
    auth.as_new_user("bo@example.com")
    results = _sync(client, [
        {"op": "update", "uuid": ana_contact["uuid"], "op_id": _uuid(), "fields": {"name": "Hacked"}},
        {"op": "delete", "uuid": ana_contact["uuid"], "op_id": _uuid()},
    ]).get_json()["results"]
    assert results[0]["code"] == 404 and results[1].get("gone") is True
    assert client.get("/api/changes").get_json()["contacts"] == []
    [stored] = _contacts(app)
    assert stored.name == "Bea" and stored.deleted_at is None


def test_the_same_uuid_from_two_accounts_makes_two_contacts(app, client, auth):
    """UUIDs are per account: Bo reusing Ana's UUID neither sees nor changes her contact."""
    shared = _uuid()
    auth.as_new_user("ana@example.com")
    _sync(client, [_create("Ana's", uuid=shared)])
    auth.logout()
    auth.as_new_user("bo@example.com")
    [result] = _sync(client, [_create("Bo's", uuid=shared)]).get_json()["results"]
    assert result["created"] is True and result["contact"]["name"] == "Bo's"
    assert sorted(c.name for c in _contacts(app)) == ["Ana's", "Bo's"]


def test_a_batch_made_under_another_account_is_refused(client, auth):
    """A phone whose outbox was filled while someone else was logged in gets 409, so nothing
    lands in the wrong account."""
    user_id = auth.as_new_user()
    response = _sync(client, [_create("Ana")], user=str(user_id + 1))
    assert response.status_code == 409 and response.get_json()["field"] == "user"
    assert _sync(client, [_create("Ana")], user=str(user_id)).status_code == 200


def test_captures_keep_the_event_they_were_made_at(app, client, auth, make_event, make_user):
    """event_id from the phone is kept when it is the user's own event; someone else's event
    (or a deleted one) just isn't linked; no event_id means the current event."""
    user_id = auth.as_new_user()
    earlier = make_event(user_id, name="Last week")
    current = make_event(user_id, name="Tonight", current=True)
    foreign = make_event(make_user("eve@example.com"), name="Not yours")
    _sync(client, [_create("At earlier", event_id=earlier), _create("Foreign", event_id=foreign),
                   _create("No event", event_id=None), _create("Current")])
    assert [(c.name, c.event_id) for c in _contacts(app)] == [
        ("At earlier", earlier), ("Foreign", None), ("No event", None), ("Current", current)]


def test_oversized_batches_get_413_with_a_clear_message(client, auth):
    """More than 500 changes, or more than 1 MB, is refused whole with 413 and a message that
    says the limit."""
    auth.as_new_user()
    many = _sync(client, [_create(f"P{i}") for i in range(501)])
    assert many.status_code == 413
    assert many.get_json()["error"] == "That batch has 501 changes; send at most 500 per request."
    big = client.post("/api/sync", data=json.dumps({"items": [], "pad": "x" * (1024 * 1024)}),
                      content_type="application/json")
    assert big.status_code == 413 and "1 MB" in big.get_json()["error"]


@pytest.mark.parametrize("body, content_type, field", [
    ("not json", "application/json", None),
    ('{"items": "nope"}', "application/json", "items"),
    ('["a list"]', "application/json", "items"),
    ('{"items": []}', "text/plain", None),
])
def test_malformed_batches_get_400_json(client, auth, body, content_type, field):
    """A body that isn't a JSON batch is a 400 that says what to send."""
    auth.as_new_user()
    response = client.post("/api/sync", data=body, content_type=content_type)
    assert response.status_code == 400 and response.is_json
    assert response.get_json()["field"] == field and "JSON" in response.get_json()["error"]


def test_changes_since_a_cursor_include_tombstones_and_the_current_event(client, auth,
                                                                         make_event):
    """A first pull returns everything; the next, from its cursor, only what changed since,
    deletes included; the current event comes with its counter and a fresh CSRF token."""
    user_id = auth.as_new_user()
    make_event(user_id, name="PyData Night", current=True)
    ana, bo = _create("Ana"), _create("Bo")
    _sync(client, [ana, bo])
    first = client.get("/api/changes").get_json()
    assert [c["name"] for c in first["contacts"]] == ["Ana", "Bo"]
    assert first["current_event"]["name"] == "PyData Night" and first["current_event"]["met"] == 2
    assert first["has_more"] is False and first["csrf_token"]
    assert client.get(f"/api/changes?since={first['cursor']}").get_json()["contacts"] == []
    _sync(client, [{"op": "delete", "uuid": bo["uuid"], "op_id": _uuid()}, _create("Cy")])
    second = client.get(f"/api/changes?since={first['cursor']}").get_json()
    assert [(c["name"], c["deleted_at"] is not None) for c in second["contacts"]] == [
        ("Bo", True), ("Cy", False)]
    assert second["current_event"]["met"] == 2


def test_a_web_capture_shows_up_in_the_next_pull(client, auth):
    """A capture made through the page (the laptop) is in the phone's next pull."""
    auth.as_new_user()
    cursor = client.get("/api/changes").get_json()["cursor"]
    client.post("/capture", data={"name": "Laptop Lee"}, headers={"HX-Request": "true"})
    pulled = client.get(f"/api/changes?since={cursor}").get_json()["contacts"]
    assert [c["name"] for c in pulled] == ["Laptop Lee"]


@pytest.mark.parametrize("since", ["abc", "1", "-1-2", "1-2-3", "9" * 30 + "-1"])
def test_a_bad_cursor_is_a_400_naming_since(client, auth, since):
    """Only cursors from earlier answers are accepted."""
    auth.as_new_user()
    response = client.get("/api/changes", query_string={"since": since})
    assert response.status_code == 400 and response.get_json()["field"] == "since"


def test_api_answers_are_never_cached(client, auth):
    """A pull must never come from an HTTP cache."""
    auth.as_new_user()
    assert client.get("/api/changes").headers["Cache-Control"] == "no-store"


@pytest.fixture
def csrf_app_config(app_config):
    app_config["WTF_CSRF_ENABLED"] = True
    return app_config


def test_sync_needs_the_csrf_token_in_a_header(csrf_app_config, app, client, make_user):
    """Same protection as the forms: without X-CSRFToken the batch is a 400 JSON about the
    token; with the token from the page it goes through."""
    make_user()
    login_page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf-token" content="([^"]+)"', login_page).group(1)
    client.post("/login", data={"email": "ana@example.com", "password": PASSWORD,
                                "csrf_token": token})
    page = client.get("/").get_data(as_text=True)
    token = re.search(r'name="csrf-token" content="([^"]+)"', page).group(1)
    refused = client.post("/api/sync", json={"items": [_create("Ana")]})
    assert refused.status_code == 400 and refused.get_json()["field"] == "csrf_token"
    accepted = client.post("/api/sync", json={"items": [_create("Ana")]},
                           headers={"X-CSRFToken": token})
    assert accepted.status_code == 200
    pulled_token = client.get("/api/changes").get_json()["csrf_token"]
    again = client.post("/api/sync", json={"items": [_create("Bo")]},
                        headers={"X-CSRFToken": pulled_token})
    assert again.status_code == 200


def test_an_edit_is_read_like_the_inline_edit_form(app, client, auth, make_event, make_user):
    """An offline edit carries what the inline form posts ("2:30", a day, an event id, the
    star) and is read by the same rules; a foreign event is refused like on the page."""
    user_id = auth.as_new_user()
    event_id = make_event(user_id, name="Tonight")
    foreign = make_event(make_user("eve@example.com"), name="Not yours")
    ana = _create("Ana")
    _sync(client, [ana])
    edit = {"op": "update", "uuid": ana["uuid"], "fields": {
        "chat_seconds": "2:30", "follow_up_by": "2026-12-31", "event_id": str(event_id),
        "follow_up": "1", "tags": "Rust, hiring"}}
    [result] = _sync(client, [{**edit, "op_id": _uuid()}]).get_json()["results"]
    assert result["status"] == "ok", result
    [stored] = _contacts(app)
    assert (stored.chat_seconds, stored.follow_up_by.isoformat(), stored.event_id) == (
        150, "2026-12-31", event_id)
    assert stored.follow_up is True and stored.tags == ",rust,hiring,"
    [refused] = _sync(client, [{"op": "update", "uuid": ana["uuid"], "op_id": _uuid(),
                                "fields": {"event_id": str(foreign)}}]).get_json()["results"]
    assert (refused["field"], refused["error"]) == ("event_id", "Pick one of your events.")


def test_a_uuid_stored_concurrently_still_syncs_once(app, client, auth, monkeypatch):
    """Another request stores the same UUID between this batch's lookup and its commit: the
    batch is applied again one item at a time, so the person is stored once and the rest of
    the batch still lands."""
    auth.as_new_user()
    ana = _create("Ana")
    _sync(client, [ana])

    def lookup_before_the_other_commit(self, items):
        self._contacts, self._receipts, self._events, self._preloaded = {}, set(), set(), True

    monkeypatch.setattr(Batch, "_preload", lookup_before_the_other_commit)
    results = _sync(client, [_create("Bo"), ana]).get_json()["results"]
    assert [r["status"] for r in results] == ["ok", "ok"]
    assert [r["created"] for r in results] == [True, False]
    assert [c.name for c in _contacts(app)] == ["Ana", "Bo"]


def test_hostile_bodies_get_json_answers_not_500s(client, auth):
    """Deeply nested JSON is a 400; impossible capture times are refused with their field;
    a phone clock from year 1 just isn't used."""
    auth.as_new_user()
    nested = client.post("/api/sync", data='{"items": ' + "[" * 50_000 + "]" * 50_000 + "}",
                         content_type="application/json")
    assert nested.status_code == 400 and nested.is_json
    results = _sync(client, [
        _create("Far", fields={"met_at": "9999-12-31T23:59:59Z"}),
        _create("Early", fields={"met_at": "0001-01-01T00:00:00+01:00"}),
        _create("Old phone", client_time="0001-01-01T00:00:00+01:00"),
    ]).get_json()["results"]
    assert [(r["status"], r.get("field")) for r in results] == [
        ("error", "met_at"), ("error", "met_at"), ("ok", None)]
    assert results[2]["contact"]["met_at"][:4] >= "2026"


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner,
                                                                max_size=4),
    max_leaves=12)
FIELD_NAMES = st.sampled_from(["name", "email", "met_at", "follow_up_by", "chat_seconds",
                               "tags", "event_id", "follow_up", "last_contacted_at", "x"])
ITEMS = st.fixed_dictionaries({
    "op": st.sampled_from(["create", "update", "delete", "nope"]) | JSON_VALUES,
    "uuid": st.uuids().map(str) | JSON_VALUES,
    "fields": st.dictionaries(FIELD_NAMES, JSON_VALUES, max_size=4) | JSON_VALUES,
}, optional={"op_id": st.uuids().map(str) | JSON_VALUES, "event_id": JSON_VALUES,
             "client_time": st.datetimes().map(lambda d: d.isoformat()) | JSON_VALUES})


@settings(max_examples=60, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(items=st.lists(ITEMS | JSON_VALUES, max_size=6))
def test_random_batches_never_cause_a_500(client, auth, items):
    """Whatever a broken or hostile client sends, the answer is JSON with a result per item."""
    if not getattr(client, "_fuzz_logged_in", False):
        auth.as_new_user("fuzz@example.com")
        client._fuzz_logged_in = True
    response = client.post("/api/sync", data=json.dumps({"items": items}),
                           content_type="application/json")
    assert response.status_code == 200, response.get_data(as_text=True)
    assert len(response.get_json()["results"]) == len(items)


def test_a_capture_keeps_only_the_fields_the_capture_form_would(app, client, auth):
    """Extra inputs on the capture form (csrf, chips' helpers) don't refuse the capture: they
    are left out, as the form's own request leaves them out."""
    auth.as_new_user()
    [result] = _sync(client, [_create("Ana", fields={"tags-entry": "py", "owner_id": 9})]
                     ).get_json()["results"]
    assert result["status"] == "ok"
    [stored] = _contacts(app)
    assert stored.name == "Ana" and stored.owner_id != 9
