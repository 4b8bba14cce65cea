"""Both menus reach every capability: the tab bar's More on a phone and the top bar on a laptop
are the only way a user finds a feature, so a page missing from either is a page they never see."""

import re

from helpers import page_text, visible_text

# Where each capability starts, as the user knows it.
CAPABILITIES = {
    "/": "capture", "/contacts": "contacts", "/events/": "events", "/friends": "friends' boards",
    "/recall": "name practice", "/card": "my card", "/scan": "scanner", "/tags": "name tags",
    "/follow-ups": "follow-ups", "/interviews": "interviews", "/plan/": "plan",
    "/known/": "people I know", "/outreach": "templates, referrals, intros", "/imports": "import",
    "/account": "account, export and backup",
}

# Reached from those, and worth walking too (the reminders page shows the user's email).
PAGES = [*CAPABILITIES, "/reminders"]


def _links(html: str, nav_label: str) -> set[str]:
    nav = re.search(rf'<nav[^>]*aria-label="{nav_label}"[^>]*>(.*?)</nav>', html, re.S)
    assert nav, f"no {nav_label} navigation"
    return set(re.findall(r'href="([^"]+)"', nav.group(1)))


def test_phone_and_laptop_menus_link_every_capability(client, auth):
    auth.as_new_user()
    html = page_text(client.get("/"))
    for nav_label in ("Main", "Quick"):
        missing = {f"{url} ({what})" for url, what in CAPABILITIES.items()
                   if url not in _links(html, nav_label)}
        assert not missing, f"{nav_label} menu has no link to: {sorted(missing)}"
    for url in CAPABILITIES:
        assert client.get(url).status_code == 200, url


def _ids_and_label_targets(html: str) -> tuple[list[str], dict[str, str]]:
    ids = re.findall(r'\sid="([^"]+)"', html)
    tags = dict((i, tag) for tag, i in re.findall(r'<(\w+)[^>]*\sid="([^"]+)"', html))
    return ids, {target: tags.get(target, "nothing") for target in re.findall(r'<label[^>]*\sfor="([^"]+)"', html)}


def test_account_labels_each_name_their_own_field(client, auth):
    """Tapping "New password" or "Your password" (delete) focuses that very field: the page
    holds two password forms, and a label pointing at a section or at the other form's field
    leaves the field without a name for a screen reader."""
    auth.as_new_user()
    ids, targets = _ids_and_label_targets(page_text(client.get("/account")))
    assert len(ids) == len(set(ids)), sorted({i for i in ids if ids.count(i) > 1})
    assert all(tag in ("input", "select", "textarea") for tag in targets.values()), targets


def test_every_capability_page_has_unique_ids_and_labels_that_name_fields(client, auth):
    auth.as_new_user()
    for url in PAGES:
        ids, targets = _ids_and_label_targets(page_text(client.get(url)))
        assert len(ids) == len(set(ids)), (url, sorted({i for i in ids if ids.count(i) > 1}))
        assert all(tag in ("input", "select", "textarea") for tag in targets.values()), (url, targets)


def test_too_long_text_says_how_long_it_may_be_next_to_the_field(client, auth):
    """An event name pasted too long gets the same plain message as the rest of the app, in
    place of WTForms' "Field cannot be longer than 200 characters.", and the typing stays."""
    auth.as_new_user()
    response = client.post("/events/new", data={"name": "N" * 10_000, "held_on": "2026-12-06",
                                                 "goal": "3", "place": "Hall"})
    assert response.status_code == 422
    text = page_text(response)
    assert "Keep this under 200 characters (it has 10,000)." in text
    assert "Field cannot be longer" not in text
    assert "N" * 10_000 in text


def test_follow_ups_due_later_this_week_are_not_called_none_due(client, auth, make_contact):
    """Three people to thank by tomorrow are listed under "This week"; the count above them says
    nothing is due *today*, not "No follow-ups due." over a list of things due."""
    from datetime import date, timedelta
    owner = auth.as_new_user()
    make_contact(owner, "Bea Costa", source="import", follow_up_by=date.today() + timedelta(days=2))
    text = visible_text(client.get("/follow-ups"))
    assert "This week (1)" in text
    assert "No follow-ups due today." in text


def test_an_event_in_year_9999_or_0001_is_caught_next_to_the_date(client, auth):
    auth.as_new_user()
    for day, message in (("9999-12-31", "more than 5 years ahead"), ("0001-01-01", "before 1970")):
        response = client.post("/events/new", data={"name": "PyData", "held_on": day, "goal": "3"})
        assert response.status_code == 422
        assert message in page_text(response) and 'value="PyData"' in page_text(response)
    response = client.post("/events/new", data={"name": "PyData", "held_on": "2019-05-01", "goal": "3"})
    assert response.status_code == 302


def test_a_plan_starting_in_year_9999_is_caught_next_to_its_first_day(client, auth):
    auth.as_new_user()
    response = client.post("/plan/", data={"starts_on": "9999-01-01", "ends_on": "9999-06-30"})
    assert response.status_code == 422
    text = page_text(response)
    assert "Check the year: a plan starts within five years of today." in text
    assert 'value="9999-01-01"' in text
