"""The sync API: the phone's outbox pushes to /api/sync and pulls from /api/changes."""

from flask import Blueprint, jsonify, request, url_for
from flask_login import current_user, login_required
from flask_wtf.csrf import generate_csrf

from netpwa.errors import error_response
from netpwa.events import goal as goal_counter
from netpwa.events.current import current_event
from netpwa.extensions import begin_read, now_utc
from netpwa.sync.batch import MAX_BYTES, Batch, SyncError, parse_batch
from netpwa.sync.changes import (PAGE_SIZE, changes_since, contact_payload, event_payload,
                                 parse_cursor)
from netpwa.sync.interactions import interaction_payload, interactions_since
from netpwa.sync.openapi import description as openapi_description

bp = Blueprint("sync", __name__, url_prefix="/api")


def _with_url(payload: dict | None) -> dict | None:
    if payload is not None:
        payload["url"] = url_for("contacts.show", contact_id=payload["id"])
    return payload


def _current_event_payload() -> dict | None:
    return event_payload(goal_counter.progress(current_event()))


@bp.after_request
def _never_cached(response):
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.post("/sync")
@login_required
def push():
    """Apply a batch of outbox operations; one result per item, in order."""
    if (request.content_length or 0) > MAX_BYTES:
        return error_response(413, f"That batch is {request.content_length:,} bytes; send at "
                                   f"most {MAX_BYTES:,} bytes (1 MB) per request.", "items")
    if not request.is_json:
        return error_response(400, "Send the batch as JSON (Content-Type: application/json).")
    try:
        batch = parse_batch(request.get_data(cache=False))
    except SyncError as error:
        return error_response(error.status, error.message, error.field)
    owner_id = current_user.id
    if batch.user is not None and batch.user != str(owner_id):
        return error_response(409, "These changes were made while someone else was logged in on "
                                   "this device. Log in as them to send them.", "user")
    event = current_event()
    results = Batch(owner_id, event.id if event else None).apply(batch.items)
    # The batch is committed; the counter and the answer only read, outside the write lock.
    begin_read()
    for result in results:
        _with_url(result.get("contact"))
    return jsonify(results=results, current_event=_current_event_payload(),
                   server_time=now_utc().isoformat())


@bp.get("/openapi.json")
def openapi():
    """The OpenAPI description of /api/* (public: it describes, it holds no data)."""
    return jsonify(openapi_description())


@bp.get("/changes")
@login_required
def pull():
    """Contacts (tombstones included) changed since the cursor, and the current event."""
    try:
        cursor = parse_cursor(request.args.get("since"))
    except ValueError:
        return error_response(400, "“since” must be a cursor from an earlier /api/changes "
                                   "answer, or empty to start over.", "since")
    try:
        # Interactions have their own cursor ("<revision>-<interaction id>") on the same clock.
        since_interactions = parse_cursor(request.args.get("since_interactions"))
    except ValueError:
        return error_response(400, "“since_interactions” must be a cursor from an earlier "
                                   "/api/changes answer, or empty to start over.",
                              "since_interactions")
    changes = changes_since(current_user.id, cursor)
    rows = interactions_since(current_user.id, since_interactions.revision,
                              since_interactions.contact_id, PAGE_SIZE)
    more_interactions, rows = len(rows) > PAGE_SIZE, rows[:PAGE_SIZE]
    interactions_cursor = f"{rows[-1].revision}-{rows[-1].id}" if rows \
        else str(since_interactions)
    return jsonify(contacts=[_with_url(contact_payload(c)) for c in changes.contacts],
                   cursor=str(changes.cursor), has_more=changes.has_more or more_interactions,
                   interactions=[interaction_payload(i) for i in rows],
                   interactions_cursor=interactions_cursor,
                   current_event=_current_event_payload(), server_time=now_utc().isoformat(),
                   csrf_token=generate_csrf())
