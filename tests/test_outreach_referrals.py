"""Referrals and double opt-in intros: chains seen from each person, loops refused, steps logged."""

from datetime import UTC, datetime

from helpers import HTMX, page_text, visible_text
from route_map import snapshot


def _people(make_contact, user_id, *names):
    return [make_contact(user_id, name=name) for name in names]


def test_a_chain_of_three_is_seen_from_each_person(client, auth, make_contact):
    user_id = auth.as_new_user()
    ana, bruno, carla = _people(make_contact, user_id, "Ana Reis", "Bruno Dias", "Carla Nunes")
    assert client.post(f"/outreach/contacts/{bruno}/introduced-by", data={"referrer": "ana reis"}
                       ).status_code == 302
    assert client.post(f"/outreach/contacts/{carla}/introduced-by", data={"referrer": "Bruno Dias"}
                       ).status_code == 302
    page_a = visible_text(client.get(f"/contacts/{ana}"))
    assert "Introduced you to: Bruno Dias" in page_a
    page_b = visible_text(client.get(f"/contacts/{bruno}"))
    assert "Introduced by Ana Reis" in page_b and "Introduced you to: Carla Nunes" in page_b
    page_c = visible_text(client.get(f"/contacts/{carla}"))
    assert "Introduced by Bruno Dias" in page_c
    referrals = visible_text(client.get("/referrals"))
    assert "Chains Ana Reis Bruno Dias Carla Nunes" in referrals
    assert "Haven't introduced you to anyone yet (1)" in referrals


def test_a_referral_loop_is_refused_with_a_message(app, client, auth, make_contact):
    user_id = auth.as_new_user()
    ana, bruno, carla = _people(make_contact, user_id, "Ana", "Bruno", "Carla")
    client.post(f"/outreach/contacts/{bruno}/introduced-by", data={"referrer": "Ana"})
    client.post(f"/outreach/contacts/{carla}/introduced-by", data={"referrer": "Bruno"})
    before = snapshot(app)
    response = client.post(f"/outreach/contacts/{ana}/introduced-by", data={"referrer": "Carla"},
                           headers=HTMX)
    assert response.status_code == 422
    text = visible_text(response)
    assert "That would make a loop" in text and "Ana → Bruno → Carla" in text
    assert 'value="Carla"' in page_text(response)
    response = client.post(f"/outreach/contacts/{ana}/introduced-by", data={"referrer": "Ana"})
    assert response.status_code == 422 and "can't have introduced themselves" in visible_text(response)
    assert snapshot(app) == before


def test_unknown_ambiguous_and_trashed_referrers_get_a_message(app, client, auth, make_contact):
    user_id = auth.as_new_user()
    bea, = _people(make_contact, user_id, "Bea")
    first, second = _people(make_contact, user_id, "Sam", "Sam")
    make_contact(user_id, name="Old Pal", deleted_at=datetime.now(UTC))
    before = snapshot(app)
    assert "No contact is called “Nobody”" in visible_text(
        client.post(f"/outreach/contacts/{bea}/introduced-by", data={"referrer": "Nobody"}))
    ambiguous = client.post(f"/outreach/contacts/{bea}/introduced-by", data={"referrer": "Sam"})
    assert ambiguous.status_code == 422 and "Several contacts are called “Sam”" in visible_text(ambiguous)
    assert f'value="{second}"' in page_text(ambiguous)
    assert "“Old Pal” is in the trash" in visible_text(
        client.post(f"/outreach/contacts/{bea}/introduced-by", data={"referrer": "Old Pal"}))
    assert snapshot(app) == before
    chosen = client.post(f"/outreach/contacts/{bea}/introduced-by",
                         data={"referrer": "Sam", "referrer_id": str(second)})
    assert chosen.status_code == 302


def test_others_ids_answer_404_and_change_nothing(app, client, auth, make_user, make_contact):
    other = make_user("zoe@example.com")
    theirs = make_contact(other, name="Zed")
    user_id = auth.as_new_user()
    mine = make_contact(user_id, name="Mine")
    before = snapshot(app)
    assert client.post(f"/outreach/contacts/{theirs}/introduced-by", data={"referrer": "Mine"}
                       ).status_code == 404
    response = client.post(f"/outreach/contacts/{mine}/introduced-by", data={"referrer_id": str(theirs)})
    assert response.status_code == 422
    assert snapshot(app) == before


def test_tell_the_referrer_how_it_went_after_meeting(app, client, auth, make_contact):
    from netpwa.contacts.models import Contact
    from netpwa.extensions import db
    from netpwa.outreach import timeline
    user_id = auth.as_new_user()
    ana = make_contact(user_id, name="Ana", source="import")
    bruno = make_contact(user_id, name="Bruno", source="import")  # not met yet
    client.post(f"/outreach/contacts/{bruno}/introduced-by", data={"referrer": "Ana"})
    assert "Tell Ana how it went" not in visible_text(client.get(f"/contacts/{ana}"))
    with app.app_context():
        timeline.log(user_id, db.session.get(Contact, bruno), "coffee", "Coffee with Bruno")
        db.session.commit()
    page = visible_text(client.get(f"/contacts/{ana}"))
    assert "Tell Ana how it went with Bruno" in page
    assert "Tell them how it went" in visible_text(client.get("/referrals"))
    response = client.post(f"/outreach/contacts/{bruno}/told-referrer", data={"back": "referrer"})
    assert response.headers["Location"].startswith(f"/contacts/{ana}")
    page = visible_text(client.get(f"/contacts/{ana}"))
    assert "Tell Ana how it went" not in page and "you told Ana how it went with Bruno" in page


def test_double_opt_in_intro_runs_to_the_end(app, client, auth, make_contact):
    user_id = auth.as_new_user()
    ana, bruno = _people(make_contact, user_id, "Ana", "Bruno")
    response = client.post("/intros", data={"a": "Ana", "b": "Bruno", "note": "Both love R"})
    assert response.status_code == 302
    intro_url = response.headers["Location"]
    page = visible_text(client.get(intro_url))
    assert "Write to Ana: would they like an intro?" in page
    for step in ("a_agreed", "asked_b", "b_agreed", "sent"):
        assert client.post(f"{intro_url}/step", data={"to": step}).status_code == 302
    page = visible_text(client.get(intro_url))
    assert "Done. Ana and Bruno have been introduced." in page
    again = client.post(f"{intro_url}/step", data={"to": "sent"})
    assert again.status_code == 409 and "finished" in visible_text(again)


def test_intro_writes_the_ask_with_the_other_persons_details(client, auth, make_contact):
    user_id = auth.as_new_user()
    ana = make_contact(user_id, name="Ana Reis")
    make_contact(user_id, name="Bruno Dias", headline="Data engineer", company="Acme")
    intro_url = client.post("/intros", data={"a": "Ana Reis", "b": "Bruno Dias"}
                            ).headers["Location"]
    write_link = page_text(client.get(intro_url)).split('href="/outreach/contacts/', 1)[1]
    write_link = "/outreach/contacts/" + write_link.split('"')[0]
    assert write_link.startswith(f"/outreach/contacts/{ana}/write")
    text = visible_text(client.get(write_link))
    assert "Hi Ana," in text and "Bruno (Data engineer at Acme)" in text


def test_intro_declined_and_bad_input(app, client, auth, make_contact):
    user_id = auth.as_new_user()
    _people(make_contact, user_id, "Ana", "Bruno")
    make_contact(user_id, name="Gone", deleted_at=datetime.now(UTC))
    before = snapshot(app)
    same = client.post("/intros", data={"a": "Ana", "b": "Ana"})
    assert same.status_code == 422 and "two different people" in visible_text(same)
    trashed = client.post("/intros", data={"a": "Ana", "b": "Gone"})
    assert trashed.status_code == 422 and "in the trash" in visible_text(trashed)
    assert snapshot(app) == before
    intro_url = client.post("/intros", data={"a": "Ana", "b": "Bruno"}).headers["Location"]
    client.post(f"{intro_url}/step", data={"to": "declined"})
    assert "Stopped" in visible_text(client.get(intro_url))


def test_others_intros_answer_404(app, client, auth, make_user, make_contact):
    other = make_user("zoe@example.com")
    make_contact(other, name="A1")
    make_contact(other, name="B1")
    auth.login("zoe@example.com")
    intro_url = client.post("/intros", data={"a": "A1", "b": "B1"}).headers["Location"]
    auth.logout()
    auth.as_new_user()
    assert client.get(intro_url).status_code == 404
    assert client.post(f"{intro_url}/step", data={"to": "a_agreed"}).status_code == 404


def test_the_service_records_a_referral_for_other_packages(app, auth, make_user, make_contact):
    from werkzeug.exceptions import NotFound

    from netpwa.extensions import db
    from netpwa.outreach import service
    user_id = auth.as_new_user()
    ana, bruno = _people(make_contact, user_id, "Ana", "Bruno")
    theirs = make_contact(make_user("zoe@example.com"), name="Zed")
    with app.app_context():
        assert service.record_referral(user_id, bruno, ana) is None
        db.session.commit()
        assert "loop" in service.record_referral(user_id, ana, bruno)
        try:
            service.record_referral(user_id, bruno, theirs)
        except NotFound:
            pass
        else:
            raise AssertionError("another user's contact must be NotFound")
        from netpwa.contacts.models import Contact
        assert service.referrer_of(db.session.get(Contact, bruno)).name == "Ana"
        draft = service.fill_for(user_id, db.session.get(Contact, ana), "how-it-went",
                                 other=db.session.get(Contact, bruno))
        assert "introducing me to Bruno" in draft.body


def test_a_big_network_shows_its_biggest_chains_and_says_what_is_left_out(
        app, client, auth, make_contact, monkeypatch):
    """However many referrals there are, the page shows the biggest chains and a bounded
    number of people in them; whoever is left out is one tap away, and the page says so."""
    from netpwa.outreach import referral_views, referrals
    monkeypatch.setattr(referrals, "MAX_CHAINS", 2)
    monkeypatch.setattr(referrals, "MAX_PEOPLE", 4)
    monkeypatch.setattr(referral_views, "HOW_IT_WENT_SHOWN", 1)
    user_id = auth.as_new_user()
    ana, bo, cy, di, ed, flo, gus, hal = _people(
        make_contact, user_id, "Ana", "Bo", "Cy", "Di", "Ed", "Flo", "Gus", "Hal")
    for person, referrer in ((bo, "Ana"), (cy, "Ana"), (di, "Ana"), (ed, "Bo"),
                             (gus, "Flo"), (hal, "Gus")):
        assert client.post(f"/outreach/contacts/{person}/introduced-by",
                           data={"referrer": referrer}).status_code == 302
    # A third, smaller chain that doesn't fit.
    ivy, jo = _people(make_contact, user_id, "Ivy", "Jo")
    client.post(f"/outreach/contacts/{jo}/introduced-by", data={"referrer": "Ivy"})
    page = visible_text(client.get("/referrals"))
    # Ana's chain (5 people) first, then Flo's (3); four people shown, breadth first.
    assert ("Chains Ana Bo and 1 more introduced by Bo Cy and 1 more introduced by Ana "
            "Flo and 1 more introduced by Flo The 2 biggest of 3 chains.") in page
    assert "Ivy" not in page.split("Chains")[1].split("Haven't introduced")[0]
    # Everyone met (captured) is someone whose referrer should hear how it went.
    assert "Tell them how it went (7)" in page
    assert "Showing the first 1;" in page
    with app.app_context():
        due = referrals.how_it_went_due(user_id)
        assert len(due) == 7 and due[0].referrer.name == "Ana" and due[0].contact.name == "Bo"
