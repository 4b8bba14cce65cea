"""Random input on contact review: inline edits and list queries never answer 500, a refused
edit stores nothing, and whatever was stored still renders.

(test_fuzz.py fuzzes every capture field; here the capture's tags are followed back through
the tag filter.)
"""

from urllib.parse import urlencode

import pytest
from helpers import HTMX
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from netpwa.contacts.inline import FIELDS
from netpwa.contacts.models import Contact, ContactHistory
from netpwa.extensions import db

FUZZ = settings(max_examples=60, deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture,
                                       HealthCheck.too_slow])
NASTY = ["", " ", "\x00", "a\x00b", "\r\n", "\u202eevil", "\ufeff", "😀" * 300, "x" * 10_001,
         "2026-02-30", "9999-12-31", "0000-01-01", "-1", "1e309", "NaN", "99:99", "1:60",
         "<script>alert(1)</script>", "javascript:alert(1)", "' OR 1=1 --", "%", "_", "\\"]
value = st.one_of(st.sampled_from(NASTY), st.text(max_size=300),
                  st.binary(max_size=40), st.integers().map(str))


def _post(client, url: str, data: dict, htmx: bool):
    # Encoded by hand so bytes that are not UTF-8 reach the server as they are.
    body = urlencode(data).encode()
    return client.post(url, data=body, headers={
        "Content-Type": "application/x-www-form-urlencoded", **(HTMX if htmx else {})})


def _stored(app, contact_id: int):
    with app.app_context():
        contact = db.session.get(Contact, contact_id)
        return ({name: getattr(contact, name) for name in FIELDS},
                db.session.scalar(select(func.count(ContactHistory.id))))


@pytest.fixture
def contact_id(app, auth, make_event):
    owner = auth.as_new_user()
    make_event(owner, name="PyData Night")
    with app.app_context():
        contact = Contact(owner_id=owner, name="Bea Costa", email="bea@example.com",
                          tags=",python,", notes="Likes trains")
        db.session.add(contact)
        db.session.commit()
        return contact.id


def test_inline_edit_traps(app, client, contact_id):
    """Each known trap in each field: saved or refused with nothing stored, never a 500."""
    for field, typed in ((field, typed) for field in sorted(FIELDS) for typed in NASTY):
        before = _stored(app, contact_id)
        response = _post(client, f"/contacts/{contact_id}/fields/{field}", {field: typed}, True)
        assert response.status_code in (200, 422), (field, typed)
        if response.status_code == 422:
            assert _stored(app, contact_id) == before, (field, typed)


@settings(FUZZ)
@given(field=st.sampled_from(sorted(FIELDS) + ["owner_id", "nope"]), typed=value,
       extra=st.dictionaries(st.sampled_from(["name", "owner_id", "deleted_at", "x"]), value,
                             max_size=2),
       htmx=st.booleans())
def test_inline_edit_survives_anything(app, client, contact_id, field, typed, extra, htmx):
    """Any value in any field (plus stray fields): saved, or refused with 4xx and nothing
    stored; never a 500; and the contact page still renders afterwards."""
    before = _stored(app, contact_id)
    response = _post(client, f"/contacts/{contact_id}/fields/{field}", {**extra, field: typed},
                     htmx)
    assert response.status_code < 500, (field, typed)
    if response.status_code >= 400:
        assert _stored(app, contact_id) == before
    assert client.get(f"/contacts/{contact_id}").status_code == 200


def test_list_query_traps(client, contact_id):
    """Each known trap in each list parameter still gives the list."""
    for param in ("q", "event", "tag", "due", "starred", "sort", "after", "before"):
        for typed in NASTY:
            response = client.get("/contacts", query_string={param: typed})
            assert response.status_code == 200, (param, typed)


@settings(FUZZ)
@given(args=st.dictionaries(
    st.sampled_from(["q", "event", "tag", "due", "starred", "sort", "after", "before"]),
    st.one_of(value.filter(lambda v: isinstance(v, str)), st.sampled_from(["met", "name",
                                                                            "contacted"])),
    max_size=5), htmx=st.booleans())
def test_list_query_survives_anything(client, contact_id, args, htmx):
    """Any search, filter, sort or cursor gives the list (or its fragment), never an error."""
    response = client.get("/contacts", query_string=args, headers=HTMX if htmx else {})
    assert response.status_code == 200, args
    assert client.get("/contacts/export.csv", query_string=args).status_code == 200


tag_text = st.lists(st.one_of(st.sampled_from(NASTY), st.text(max_size=50)), max_size=30).map(
    ", ".join)


@settings(FUZZ, max_examples=40)
@given(tags=tag_text, name=st.one_of(st.just("Bea Costa"), value))
def test_capture_tags_survive_anything_and_filter_back(app, client, contact_id, tags, name):
    """Whatever the tag box submits with a capture: saved or refused (nothing stored), never a
    500; every saved tag is a chip whose filter link finds the person again."""
    with app.app_context():
        before = db.session.scalar(select(func.count(Contact.id)))
    response = _post(client, "/capture", {"name": name, "tags": tags}, True)
    assert response.status_code in (200, 422), (name, tags)
    with app.app_context():
        newest = db.session.scalars(select(Contact).order_by(Contact.id.desc())).first()
        after = db.session.scalar(select(func.count(Contact.id)))
    if response.status_code == 422:
        assert after == before
        return
    assert after == before + 1 and len(newest.tag_list) <= 20
    for tag in newest.tag_list:
        listing = client.get("/contacts", query_string={"tag": tag})
        assert listing.status_code == 200 and f"/contacts/{newest.id}\"" in listing.get_data(
            as_text=True), tag
