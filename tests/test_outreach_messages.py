"""Message templates, my profile and Write…: placeholders filled, gaps visible, bad input kept."""

import re
from datetime import UTC, datetime

import pytest
from helpers import HTMX, page_text, visible_text
from route_map import snapshot

from netpwa.outreach.defaults import DEFAULTS
from netpwa.outreach.placeholders import PLACEHOLDERS, as_text, fill, problems


def _my_template_ref(page: str) -> str:
    return re.search(r'href="/templates/(\d+)/edit"', page).group(1)


def test_every_default_uses_only_known_placeholders():
    for default in DEFAULTS:
        assert problems(default.subject) == [] and problems(default.body) == [], default.key


@pytest.mark.parametrize("text, expected", [
    ("Hi {first_name", "never closed"),
    ("Hi first_name}", "has no “{”"),
    ("Hi {firstname}", "not a placeholder we know"),
    ("Hi {0}", "not a placeholder we know"),
    ("Hi {first_name.__class__}", "not a placeholder we know"),
])
def test_bad_placeholders_are_named(text, expected):
    assert any(expected in message for message in problems(text))


def test_missing_values_are_gaps_never_braces_or_blanks():
    parts = fill("Hi {first_name}, {{literal}} from {my_name}.", {"my_name": "Ana"})
    text = as_text(parts)
    assert text == "Hi [first name], {literal} from Ana."
    assert "{first_name}" not in text and "Hi ," not in text
    assert [p.text for p in parts if p.gap] == [PLACEHOLDERS["first_name"]]


def _thank_you_setup(app, auth, make_event, make_contact):
    user_id = auth.as_new_user()
    event_id = make_event(user_id, name="PyData Lisbon")
    contact_id = make_contact(user_id, name="Bea Costa", event_id=event_id, email="bea@example.com",
                              notes="Data careers in healthcare",
                              met_at=datetime(2026, 3, 12, 19, tzinfo=UTC))
    return user_id, contact_id


def test_write_fills_the_template_for_the_contact(app, client, auth, make_event, make_contact):
    _user_id, contact_id = _thank_you_setup(app, auth, make_event, make_contact)
    client.post("/profile", data={"pitch": "I build data tools for clinics.",
                                  "superpowers": "SQL reviews", "career_goals": "Lead a team"})
    response = client.get(f"/outreach/contacts/{contact_id}/write?template=nice-to-meet-you")
    text = page_text(response)
    assert response.status_code == 200
    assert "Hi Bea," in text and "PyData Lisbon" in text and "12 March 2026" in text
    assert "Data careers in healthcare" in text and "SQL reviews" in text
    assert "mailto:bea@example.com?subject=" in text
    assert "{" not in visible_text(response).split("Write to Bea Costa", 1)[1].split("Sent:")[0]


def test_a_value_i_have_not_given_is_a_gap_to_fill(app, client, auth, make_event, make_contact):
    _user_id, contact_id = _thank_you_setup(app, auth, make_event, make_contact)
    response = client.get(f"/outreach/contacts/{contact_id}/write?template=thank-you-interview")
    text = visible_text(response)
    assert "Fill in before sending:" in text
    assert "[what helped]" in text and "[what I can offer]" in text
    assert "{what_helped}" not in text


def test_picking_another_template_swaps_only_the_composer(client, auth, make_event, make_contact, app):
    _user_id, contact_id = _thank_you_setup(app, auth, make_event, make_contact)
    response = client.get(f"/outreach/contacts/{contact_id}/write?template=referral-request", headers=HTMX)
    body = page_text(response)
    assert body.lstrip().startswith("<section id=\"composer\"")
    assert "Who else should I talk to?" in body


def test_sent_logs_the_interaction_in_one_tap(app, client, auth, make_event, make_contact):
    _user_id, contact_id = _thank_you_setup(app, auth, make_event, make_contact)
    response = client.post(f"/outreach/contacts/{contact_id}/sent", data={"template": "reconnect"})
    assert response.status_code == 302
    page = visible_text(client.get(response.headers["Location"]))
    assert "Logged on Bea Costa's timeline" in page


def test_i_edit_a_default_and_reset_it(client, auth):
    auth.as_new_user()
    response = client.post("/templates/reconnect/edit", data={
        "name": "Reconnect (mine)", "subject": "Hello again {first_name}",
        "body": "Hi {first_name}! {my_pitch}", "kind": "message"})
    assert response.status_code == 302
    listing = visible_text(client.get("/templates"))
    assert "Reconnect (mine)" in listing and "Default, edited by you" in listing
    client.post("/templates/reconnect/delete")
    listing = visible_text(client.get("/templates"))
    assert "Reconnect (mine)" not in listing and "Reconnect with an update" in listing


def test_i_add_my_own_template_and_use_it(client, auth, make_contact):
    user_id = auth.as_new_user()
    contact_id = make_contact(user_id, name="Caio Lima")
    client.post("/templates", data={"name": "Coffee?", "subject": "",
                                    "body": "{first_name}, coffee next week?"})
    page = page_text(client.get("/templates"))
    assert "Coffee?" in page
    ref = _my_template_ref(page)
    text = visible_text(client.get(f"/outreach/contacts/{contact_id}/write?template={ref}"))
    assert "Caio, coffee next week?" in text


def test_unbalanced_or_unknown_placeholders_are_refused_at_the_field(app, client, auth):
    auth.as_new_user()
    before = snapshot(app)
    response = client.post("/templates", data={"name": "Broken", "subject": "Hi {frist_name}",
                                               "body": "Hello {first_name"})
    text = visible_text(response)
    assert response.status_code == 422
    assert "“{frist_name}” is not a placeholder we know" in text
    assert "A “{” is never closed" in text
    assert "Hello {first_name" in page_text(response)  # what I typed stays in the form
    assert snapshot(app) == before


def test_others_templates_and_contacts_answer_404(client, auth, make_user, make_contact, app):
    other = make_user("zoe@example.com")
    theirs = make_contact(other, name="Their Contact")
    auth.login("zoe@example.com")
    client.post("/templates", data={"name": "Zoe's", "body": "Hi {first_name}"})
    ref = _my_template_ref(page_text(client.get("/templates")))
    auth.logout()
    auth.as_new_user()
    assert client.get(f"/templates/{ref}/edit").status_code == 404
    assert client.post(f"/templates/{ref}/delete").status_code == 404
    assert client.get(f"/outreach/contacts/{theirs}/write").status_code == 404
    assert client.post(f"/outreach/contacts/{theirs}/sent").status_code == 404


def test_trashed_contact_cannot_be_written_to(client, auth, make_contact):
    user_id = auth.as_new_user()
    contact_id = make_contact(user_id, name="Gone", deleted_at=datetime.now(UTC))
    assert client.get(f"/outreach/contacts/{contact_id}/write").status_code == 404
    assert client.post(f"/outreach/contacts/{contact_id}/sent").status_code == 404


def test_profile_too_long_is_refused_and_kept(app, client, auth):
    auth.as_new_user()
    response = client.post("/profile", data={"pitch": "x" * 1001, "superpowers": "mine",
                                             "career_goals": ""})
    assert response.status_code == 422
    assert "Keep this under 1,000 characters" in visible_text(response)
    assert "mine" in page_text(response)
