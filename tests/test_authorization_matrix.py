"""The authorization matrix, generated from the app's URL map: every route, every method.

For each route the matrix knows
- whether visitors may use it (PUBLIC); every other route sends a visitor to log in (a page)
  or answers 401 (under /api), and stores nothing;
- how to make another user's value for each of its URL arguments (OWNED_ARGUMENTS), so that
  a logged-in user asking for someone else's row gets 404 (never 403, never a peek) for every
  method, and nothing of the owner's changes;
- or why an argument is not an owned id (NOT_AN_ID), with a valid value to use.

ADDING A ROUTE? If test_every_route_is_in_the_matrix fails, its message names the route and
what to add here:
    OWNED_ARGUMENTS["note_id"] = lambda owner_id: _add(Note(owner_id=owner_id, text="x"))
(a row owned by owner_id, its id returned; every route taking <note_id> is then checked), or
    PUBLIC["notebook.feed"] = "why a visitor may open it"
    NOT_AN_ID["view"] = ("week", "why it is not an owned id")
"""

from datetime import UTC, date, datetime

import pytest
from helpers import log_in_as
from route_map import STATE_CHANGING, routes, snapshot
from werkzeug.routing import IntegerConverter

from netpwa.auth.models import User
from netpwa.contacts.models import Contact, ContactPhoto
from netpwa.events.models import Event
from netpwa.extensions import db
from netpwa.friends.models import EventFriend
from netpwa.imports.models import ImportBatch
from netpwa.interviews.models import CareerPath, Interview, InterviewQuestion, Question
from netpwa.known.models import KnownPerson
from netpwa.nametags.models import TagBatch, TagStock
from netpwa.notebook.models import Interaction
from netpwa.outreach.models import Intro, MessageTemplate
from netpwa.plan.models import Plan, PlanTarget

FORM = {"name": "Forged", "notes": "forged", "email": "x@example.com", "goal": "9",
        "title": "Forged", "offset_x": "1", "offset_y": "1"}


def _add(row) -> int:
    db.session.add(row)
    db.session.flush()
    return row.id


def _stock(owner_id: int) -> int:
    return _add(TagStock(owner_id=owner_id, brand="Forge", part="1", geometry_json="{}"))


def _contact(owner_id: int) -> int:
    return _add(Contact(owner_id=owner_id, name="Owned Contact"))


def _contact_with_photo(owner_id: int) -> int:
    """A contact with a photo, so /contacts/<id>/photo.jpg has something to refuse."""
    contact_id = _contact(owner_id)
    _add(ContactPhoto(owner_id=owner_id, contact_id=contact_id, jpeg=b"\xff\xd8", width=1,
                      height=1))
    return contact_id


def _interview_row(owner_id: int) -> Interview:
    interview = Interview(owner_id=owner_id, contact_id=_contact(owner_id),
                          starts_at=datetime(2026, 5, 4, 18, tzinfo=UTC))
    _add(interview)
    return interview


def _interview_question(owner_id: int) -> int:
    interview = _interview_row(owner_id)
    return _add(InterviewQuestion(owner_id=owner_id, interview_id=interview.id,
                                  text="What surprised you?"))


def _board_member(owner_id: int) -> int:
    """Someone on the board of an event of owner_id's (here the owner themself)."""
    event_id = _add(Event(owner_id=owner_id, name="Shared Event", held_on=date(2026, 5, 4)))
    return _add(EventFriend(event_id=event_id, user_id=owner_id, own_event_id=event_id,
                            shown_name="Owner"))


def _plan(owner_id: int) -> int:
    return _add(Plan(owner_id=owner_id, starts_on=date(2026, 1, 1), ends_on=date(2026, 6, 30)))


def _target(owner_id: int) -> int:
    return _add(PlanTarget(owner_id=owner_id, plan_id=_plan(owner_id), kind="people",
                           target=3))


# URL argument -> how to make a row of it owned by owner_id (runs in an app context; return
# the value that goes in the URL).
def _import(owner_id: int) -> int:
    return _add(ImportBatch(owner_id=owner_id, filename="owned.csv", header_json='["Name"]',
                            rows_json='[[2, ["Owned Import"]]]', mapping_json='["name"]',
                            total=1))


OWNED_ARGUMENTS = {
    "import_id": _import,
    "contact_id": _contact_with_photo,
    "event_id": lambda owner_id: _add(Event(owner_id=owner_id, name="Owned Event",
                                            held_on=date(2026, 5, 4))),
    "batch_id": lambda owner_id: _add(TagBatch(owner_id=owner_id, title="Owned List",
                                               attendees_json='[{"name": "Ana Lima"}]')),
    "stock_id": _stock,
    # A user's uploaded label stock is addressed as "custom-<its id>".
    "key": lambda owner_id: f"custom-{_stock(owner_id)}",
    "interview_id": lambda owner_id: _interview_row(owner_id).id,
    # Interview notes from the offline outbox are addressed by the interview's uuid.
    "uuid": lambda owner_id: _interview_row(owner_id).uuid,
    "row_id": _interview_question,
    "person_id": lambda owner_id: _add(KnownPerson(owner_id=owner_id,
                                                   contact_id=_contact(owner_id))),
    "path_id": lambda owner_id: _add(CareerPath(owner_id=owner_id, name="Data engineering")),
    "plan_id": _plan,
    # A person on the board of one of my shared events (removing them is the creator's).
    "member_id": _board_member,
    "target_id": _target,
    "question_id": lambda owner_id: _add(Question(owner_id=owner_id, category="story",
                                                  text="How did you start?")),
    "intro_id": lambda owner_id: _add(Intro(owner_id=owner_id, a_id=_contact(owner_id),
                                            b_id=_contact(owner_id))),
    "interaction_id": lambda owner_id: _add(Interaction(
        owner_id=owner_id, contact_id=_contact(owner_id), kind="message",
        occurred_on=date(2026, 5, 4), text="Owned note")),
    # A message template of mine is addressed by its row id (defaults by their key); the
    # follow-ups' <kind>/<ref> get the same id, which is not the other user's either.
    "ref": lambda owner_id: str(_add(MessageTemplate(owner_id=owner_id, name="Mine",
                                                     body="Hi {first_name}"))),
}

# URL arguments that are not an owned row's id: (a valid value, why).
NOT_AN_ID = {
    "name": ("name", "a contact field's name, with the contact's id beside it"),
    "fmt": ("csv", "an export format"),
    "slug": ("no-such-card", "a public card's unguessable slug: the card is public on purpose"),
    "token": ("not-a-token", "a signed link from an email; forged ones are refused"),
    "kind": ("contact", "which list a follow-up item comes from; its <ref> is the id"),
    "code": ("no-such-code", "a friends' join code (/e/<code>): 128 random bits, the link "
                              "is the invitation; bad ones get a message, attempts are limited"),
    "feed_token": ("no-such-feed", "a calendar feed's secret: the token is the credential "
                                   "(calendar apps can't log in), like a password"),
}

# Endpoints a visitor (not logged in) may use, and why.
PUBLIC = {
    "meet.home": "the welcome page for visitors, capture once logged in",
    "health.healthz": "load balancers' health check",
    "auth.login": "logging in", "auth.register": "creating an account",
    "auth.confirm_registration": "the emailed link that finishes an account",
    "auth.reset_request": "asking for a reset link", "auth.reset_password": "the emailed link",
    "cards.public": "a card shown to people met", "cards.vcf": "its contact file",
    "cards.qr_png_image": "its QR", "cards.qr_svg_image": "its QR",
    "cards.connect": "a visitor leaves their details (rate-limited per IP and per card)",
    "pwa.manifest": "the install manifest", "pwa.service_worker": "the offline worker",
    "pwa.offline": "the offline page",
    "sync.openapi": "the API's description (no data)",
    "outreach.calendar_feed": "calendar apps fetch it with its secret token, no login",
}


def _matrix_routes(app):
    return [route for route in routes(app) if route.rule.endpoint != "static"]


def test_every_route_is_in_the_matrix(app):
    """A new route fails here until the matrix knows how to check it."""
    problems = []
    for route in _matrix_routes(app):
        for argument, converter in route.rule._converters.items():
            if argument in OWNED_ARGUMENTS or argument in NOT_AN_ID:
                continue
            kind = "an id" if isinstance(converter, IntegerConverter) else "a value"
            problems.append(
                f"{route} takes <{argument}>, {kind} the authorization matrix can't make for "
                f"another user. In tests/test_authorization_matrix.py add "
                f"OWNED_ARGUMENTS[{argument!r}] = lambda owner_id: _add(YourModel("
                f"owner_id=owner_id, ...)) (a row owned by owner_id; return its id), or, if "
                f"it isn't an owned id, NOT_AN_ID[{argument!r}] = (a valid value, why).")
    assert not problems, "\n".join(problems)
    endpoints = {route.rule.endpoint for route in _matrix_routes(app)}
    stale = sorted(set(PUBLIC) - endpoints)
    assert not stale, f"PUBLIC names endpoints that no longer exist: {stale}"


def _url(route, values: dict) -> str:
    from flask import url_for
    arguments = {}
    for argument in route.rule.arguments:
        arguments[argument] = values[argument] if argument in values else NOT_AN_ID[argument][0]
    return url_for(route.rule.endpoint, **arguments)


def test_visitors_are_sent_to_log_in_everywhere_but_public_routes(app, client, make_user):
    owner = make_user()
    with app.app_context():
        values = {name: make(owner) for name, make in OWNED_ARGUMENTS.items()}
        db.session.commit()
    before = snapshot(app)
    checked = 0
    with app.test_request_context():
        targets = [(route, method, _url(route, values)) for route in _matrix_routes(app)
                   if route.rule.endpoint not in PUBLIC for method in sorted(route.methods)]
    for route, method, url in targets:
        response = client.open(url, method=method, data=FORM)
        if url.startswith("/api/"):
            assert response.status_code == 401, (method, url, response.status_code)
        else:
            assert response.status_code == 302, (method, url, response.status_code)
            assert response.headers["Location"].startswith("/login"), (method, url)
        checked += 1
    assert snapshot(app) == before
    assert checked > 30


@pytest.fixture
def owner_and_intruder(app, client, make_user):
    """Ana owns one of everything the matrix can make; Bea is logged in on `client`."""
    ana = make_user("ana@example.com")
    bea = make_user("bea@example.com")
    with app.app_context():
        values = {name: make(ana) for name, make in OWNED_ARGUMENTS.items()}
        db.session.commit()
    log_in_as(app, client, bea)
    return ana, values


def test_another_users_ids_answer_404_for_every_route_and_method(app, client, owner_and_intruder):
    _ana, values = owner_and_intruder
    before = snapshot(app)
    with app.test_request_context():
        targets = [(route, method, _url(route, values)) for route in _matrix_routes(app)
                   if set(route.rule.arguments) & set(OWNED_ARGUMENTS)
                   for method in sorted(route.methods)]
    failures = []
    for route, method, url in targets:
        for kwargs in ({"data": FORM}, {"json": FORM}):
            response = client.open(url, method=method, **kwargs)
            if response.status_code != 404:
                failures.append(f"{method} {url} ({route.rule.endpoint}): "
                                f"{response.status_code}, not 404")
    assert not failures, "\n".join(failures)
    assert snapshot(app) == before, "a refused request changed the owner's rows"
    assert len({target[0].rule.endpoint for target in targets}) >= 20


def test_the_owner_can_open_what_the_matrix_made(app, client, owner_and_intruder):
    """The matrix's rows are real: their owner gets no 404 on any page that shows them (else
    the 404s above would prove nothing)."""
    ana, values = owner_and_intruder
    log_in_as(app, client, ana)
    with app.test_request_context():
        targets = [(route, _url(route, values)) for route in _matrix_routes(app)
                   if set(route.rule.arguments) & set(OWNED_ARGUMENTS)
                   and "GET" in route.methods]
    missing = [url for route, url in targets if client.get(url).status_code == 404]
    assert not missing, missing
    assert targets
