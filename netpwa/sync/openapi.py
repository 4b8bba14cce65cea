"""The OpenAPI 3.0 description of /api/*, served at /api/openapi.json.

Written by hand from the shapes in sync/batch.py and sync/changes.py; tests/test_openapi.py
has schemathesis call every operation with generated input and check that no answer is a 5xx
and every answer matches this description, so the two can't drift apart unnoticed.
"""

_NULLABLE_STRING = {"type": "string", "nullable": True}
_ERROR = {
    "type": "object", "required": ["error"],
    "properties": {"error": {"type": "string"}, "field": _NULLABLE_STRING},
}
_CONTACT = {
    "type": "object", "nullable": True,
    "required": ["id", "uuid", "name", "revision"],
    "properties": {
        "id": {"type": "integer"}, "uuid": {"type": "string"},
        "event_id": {"type": "integer", "nullable": True},
        "name": {"type": "string"}, "headline": {"type": "string"},
        "company": {"type": "string"}, "mnemonic": {"type": "string"},
        "email": {"type": "string"}, "phone": {"type": "string"}, "link": {"type": "string"},
        "tags": {"type": "array", "items": {"type": "string"}}, "notes": {"type": "string"},
        "follow_up": {"type": "boolean"}, "follow_up_by": _NULLABLE_STRING,
        "chat_seconds": {"type": "integer", "nullable": True},
        "source": {"type": "string"}, "met_at": _NULLABLE_STRING,
        "last_contacted_at": _NULLABLE_STRING, "updated_at": _NULLABLE_STRING,
        "deleted_at": _NULLABLE_STRING, "revision": {"type": "integer"},
        "url": {"type": "string"},
    },
}
_EVENT = {
    "type": "object", "nullable": True,
    "properties": {
        "id": {"type": "integer"}, "name": {"type": "string"}, "held_on": {"type": "string"},
        "place": {"type": "string"}, "goal": {"type": "integer"}, "met": {"type": "integer"},
        "challenge_mode": {"type": "boolean"},
        "chat_target_seconds": {"type": "integer", "nullable": True},
        "url": {"type": "string"},
    },
}
_RESULT = {
    "type": "object", "required": ["index", "status"],
    "properties": {
        "index": {"type": "integer"}, "status": {"type": "string", "enum": ["ok", "error"]},
        "code": {"type": "integer"}, "op": {"nullable": True}, "uuid": _NULLABLE_STRING,
        "op_id": _NULLABLE_STRING, "error": {"type": "string"}, "field": _NULLABLE_STRING,
        "contact": _CONTACT,
    },
}
_ITEM = {
    "type": "object", "required": ["op", "uuid"],
    "properties": {
        "op": {"type": "string", "enum": ["create", "update", "delete"]},
        "uuid": {"type": "string", "format": "uuid"},
        "op_id": {"type": "string", "format": "uuid"},
        "fields": {"type": "object"},
        "base": {"type": "object"},
        "client_time": {"type": "string"},
    },
}


def _errors(*codes: int) -> dict:
    described = {401: "Not logged in.", 400: "Not JSON, or a bad cursor.",
                 409: "Made while someone else was logged in on this device.",
                 413: "Over 500 items or 1 MB.", 422: "A malformed batch.",
                 429: "Too many requests.", 503: "The database is busy or down; retry after "
                                                 "the Retry-After header's seconds."}
    return {str(code): {"description": described[code], "content": {
        "application/json": {"schema": _ERROR}}} for code in codes}


def description() -> dict:
    return {
        "openapi": "3.0.3",
        "info": {"title": "netpwa sync API", "version": "1",
                 "description": "Offline outbox push and change pull for the installed app. "
                                "Cookie session (log in through /login); POST needs the "
                                "X-CSRFToken header (csrf_token from /api/changes)."},
        "paths": {
            "/api/sync": {"post": {
                "summary": "Apply a batch of outbox operations, one result per item",
                "requestBody": {"required": True, "content": {"application/json": {"schema": {
                    "type": "object", "required": ["items"],
                    "properties": {"items": {"type": "array", "items": _ITEM},
                                   "user": {"type": "string"}}}}}},
                "responses": {
                    "200": {"description": "One result per item, in order.", "content": {
                        "application/json": {"schema": {
                            "type": "object", "required": ["results", "server_time"],
                            "properties": {
                                "results": {"type": "array", "items": _RESULT},
                                "current_event": _EVENT,
                                "server_time": {"type": "string"}}}}}},
                    **_errors(400, 401, 409, 413, 422, 429, 503)},
            }},
            "/api/changes": {"get": {
                "summary": "Contacts changed since a cursor (tombstones included)",
                "parameters": [{"name": "since", "in": "query", "required": False,
                                "schema": {"type": "string"}}],
                "responses": {
                    "200": {"description": "A page of changes and the next cursor.", "content": {
                        "application/json": {"schema": {
                            "type": "object",
                            "required": ["contacts", "cursor", "has_more", "server_time"],
                            "properties": {
                                "contacts": {"type": "array", "items": _CONTACT},
                                "cursor": {"type": "string"},
                                "has_more": {"type": "boolean"},
                                "current_event": _EVENT,
                                "server_time": {"type": "string"},
                                "csrf_token": {"type": "string"}}}}}},
                    **_errors(400, 401, 429, 503)},
            }},
        },
    }
