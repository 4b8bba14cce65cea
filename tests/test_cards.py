"""My card, the public card page, Save contact, Connect, QR codes and export."""

import io
import re
from datetime import UTC, datetime

import pytest
import zxingcpp
from helpers import page_text, visible_text
from PIL import Image
from qr_helpers import decode_png, decode_svg
from sqlalchemy import func, select

from netpwa.cards.models import CardProfile
from netpwa.contacts.models import Contact
from netpwa.contacts.vcard import read_vcards
from netpwa.events.goal import people_met
from netpwa.extensions import db
from route_map import snapshot

PRIVATE_EMAIL = "secret-zoe@example.com"
PRIVATE_PHONE = "+351 910 000 111"
CARD = {"name": "Zoë Ñúñez", "pronouns": "she/her", "headline": "Data lead",
        "company": "Acme", "email": PRIVATE_EMAIL, "phone": PRIVATE_PHONE,
        "website": "zoe.example", "linkedin": "linkedin.com/in/zoe-nunez",
        "portfolio": "", "ask_me_about": "sourdough", "pitch": "I help teams ship data."}
PUBLIC = ["name", "pronouns", "headline", "company", "website", "linkedin", "ask_me_about",
          "pitch"]


def save_card(client, **changes):
    data = {**CARD, **changes}
    public = data.pop("public", PUBLIC)
    return client.post("/card", data={**data, "public": public})


def slug_of(app, user_id) -> str:
    with app.app_context():
        return db.session.scalar(select(CardProfile.slug).where(CardProfile.owner_id == user_id))


@pytest.fixture
def zoe(app, client, auth):
    """Zoë, logged in, with a saved card (email and phone private): her id and slug."""
    user_id = auth.as_new_user("zoe@example.com")
    assert save_card(client).status_code == 302
    return {"id": user_id, "slug": slug_of(app, user_id)}


def count_contacts(app, owner_id) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count(Contact.id)).where(
            Contact.owner_id == owner_id))


def test_my_card_needs_login_and_starts_from_the_account(app, client, auth):
    """/card asks visitors to log in; a new account's card is there at once, with its name."""
    assert client.get("/card").status_code == 302
    auth.register("ana@example.com")
    page = page_text(client.get("/card"))
    assert 'value="Ana"' in page and "What's in my QR" in page
    assert "<svg" in page_text(client.get("/card/qr"))


def test_an_account_without_a_card_sets_one_up_with_one_tap(app, client, auth):
    """An account from before cards: My QR offers "Set up my card" (opening it stores nothing);
    the tap starts the card from the account's name and shows the QR."""
    user_id = auth.as_new_user("ana@example.com")
    for path in ("/card", "/card/qr"):
        assert "Set up my card" in page_text(client.get(path))
    assert slug_of(app, user_id) is None
    response = client.post("/card/start", data={"then": "show_qr"})
    assert response.status_code == 302 and response.headers["Location"].endswith("/card/qr")
    assert slug_of(app, user_id) and "<svg" in page_text(client.get("/card/qr"))
    client.post("/card/start")
    assert 'value="Ana"' in page_text(client.get("/card"))


def test_saving_the_card_keeps_values_and_public_choices(app, client, zoe):
    """Saved fields come back in the form; each field's Public box remembers the choice."""
    page = page_text(client.get("/card"))
    assert 'value="Zoë Ñúñez"' in page
    assert 'value="https://linkedin.com/in/zoe-nunez"' in page
    assert re.search(r'name="public" value="headline" checked', page)
    assert not re.search(r'name="public" value="email" checked', page)


@pytest.mark.parametrize("field, value, message", [
    ("email", "not-an-email", "doesn't look right"),
    ("website", "javascript:alert(1)", "web address"),
    ("linkedin", "https://evil.example/in/zoe", "LinkedIn address"),
    ("phone", "call me maybe", "digits"),
    ("name", "", "Enter the name"),
    ("ask_me_about", "x" * 500, "under 120"),
])
def test_bad_card_input_gets_a_message_and_changes_nothing(app, client, zoe, field, value,
                                                           message):
    """Each bad field is named in a 422 page with the typed text kept; nothing is stored."""
    before = snapshot(app)
    response = save_card(client, **{field: value})
    assert response.status_code == 422
    assert message in page_text(response)
    assert snapshot(app) == before


def test_card_fields_are_sanitised_so_they_cannot_inject_vcard_properties(app, client, zoe):
    """Newlines and control characters in a field become spaces: the stored headline is one
    line, and the .vcf holds exactly one EMAIL (none, as email is private) and one TITLE."""
    response = save_card(client, headline="CTO\r\nEMAIL:evil@example.com\nTEL:666",
                         company="Acme;TYPE=x:y\x00\x1b", public=PUBLIC + ["email"])
    assert response.status_code == 302
    with app.app_context():
        card = db.session.scalar(select(CardProfile).where(CardProfile.owner_id == zoe["id"]))
        assert card.headline == "CTO EMAIL:evil@example.com TEL:666"
        assert card.company == "Acme;TYPE=x:y"
    vcf = client.get(f"/c/{zoe['slug']}.vcf").get_data(as_text=True)
    names = [line.split(":")[0].split(";")[0] for line in vcf.split("\r\n") if line[:1] not in
             (" ", "")]
    assert names.count("EMAIL") == 1 and names.count("TEL") == 0 and names.count("TITLE") == 1
    parsed = read_vcards(vcf)[0]
    assert parsed.emails[0].value == PRIVATE_EMAIL
    assert parsed.title == "CTO EMAIL:evil@example.com TEL:666"
    assert parsed.org == "Acme;TYPE=x:y"


def test_public_page_shows_only_public_fields_without_login(app, client, zoe):
    """A visitor sees the public fields; private email and phone appear nowhere (page, .vcf,
    either QR); the page asks not to be indexed."""
    visitor = app.test_client()
    response = visitor.get(f"/c/{zoe['slug']}")
    assert response.status_code == 200
    text = visible_text(response)
    for shown in ("Zoë Ñúñez", "she/her", "Data lead", "Acme", "sourdough",
                  "I help teams ship data."):
        assert shown in text
    body = page_text(response)
    assert '<meta name="robots" content="noindex' in body
    assert "noindex" in response.headers["X-Robots-Tag"]
    leaks = [body, visitor.get(f"/c/{zoe['slug']}.vcf").get_data(as_text=True)]
    for payload in ("url", "vcard"):
        leaks += decode_png(visitor.get(f"/c/{zoe['slug']}/qr.png?payload={payload}").data)
        leaks += decode_svg(visitor.get(f"/c/{zoe['slug']}/qr.svg?payload={payload}").data)
    for blob in leaks:
        assert PRIVATE_EMAIL not in blob and "910 000 111" not in blob and "910000111" not in blob


def test_unticking_a_field_hides_it_everywhere(app, client, zoe):
    """Make the pitch private: it leaves the page and the vCard."""
    save_card(client, public=[f for f in PUBLIC if f != "pitch"])
    visitor = app.test_client()
    assert "I help teams" not in page_text(visitor.get(f"/c/{zoe['slug']}"))
    assert "I help teams" not in visitor.get(f"/c/{zoe['slug']}.vcf").get_data(as_text=True)


def test_slugs_are_unguessable_and_unknown_ones_are_404(app, client, zoe):
    """A slug carries 128 random bits; a made-up or near-miss slug answers the 404 page."""
    assert len(zoe["slug"]) >= 22 and re.fullmatch(r"[A-Za-z0-9_-]+", zoe["slug"])
    visitor = app.test_client()
    near_miss = zoe["slug"][:-1] + ("A" if zoe["slug"][-1] != "A" else "B")
    for url in (f"/c/{near_miss}", "/c/1", "/c/admin", f"/c/{near_miss}.vcf",
                f"/c/{near_miss}/qr.png", f"/c/{near_miss}/qr.svg"):
        response = visitor.get(url)
        assert response.status_code == 404, url
        assert "couldn't find that" in page_text(response)


def test_regenerating_the_slug_retires_the_old_url(app, client, zoe):
    """A new link: the old page, .vcf and QR answer 404; the new one works."""
    old = zoe["slug"]
    assert client.post("/card/slug").status_code == 302
    new = slug_of(app, zoe["id"])
    assert new != old
    visitor = app.test_client()
    for suffix in ("", ".vcf", "/qr.png", "/qr.svg"):
        assert visitor.get(f"/c/{old}{suffix}").status_code == 404
        assert visitor.get(f"/c/{new}{suffix}").status_code == 200
    assert new in page_text(client.get("/card"))


def test_save_contact_is_a_vcard_30_file(app, client, zoe):
    """Save contact downloads text/vcard, UTF-8, version 3.0, with the card URL in it."""
    response = app.test_client().get(f"/c/{zoe['slug']}.vcf")
    assert response.mimetype == "text/vcard"
    assert response.mimetype_params["charset"] == "utf-8"
    assert "attachment" in response.headers["Content-Disposition"]
    text = response.get_data(as_text=True)
    assert text.startswith("BEGIN:VCARD\r\nVERSION:3.0\r\n")
    card = read_vcards(response.data)[0]
    assert card.name == "Zoë Ñúñez" and card.org == "Acme" and card.title == "Data lead"
    assert f"http://localhost/c/{zoe['slug']}" in [u.value for u in card.urls]


@pytest.mark.parametrize("name", ["Zoë Ñúñez", "王小明", "Дмитрий"])
def test_qr_codes_round_trip_exactly(app, client, zoe, name):
    """Both payloads, SVG and PNG, decode with zxing-cpp to exactly the text we encoded:
    the card URL, and the offline vCard (which carries the card URL too)."""
    save_card(client, name=name)
    url = f"http://localhost/c/{zoe['slug']}"
    vcf = client.get(f"/c/{zoe['slug']}.vcf").get_data(as_text=True)
    for kind in ("png", "svg"):
        decode = decode_png if kind == "png" else decode_svg
        assert decode(client.get(f"/c/{zoe['slug']}/qr.{kind}").data) == [url]
        assert decode(client.get(f"/c/{zoe['slug']}/qr.{kind}?payload=url").data) == [url]
        decoded = decode(client.get(f"/c/{zoe['slug']}/qr.{kind}?payload=vcard").data)
        assert decoded == [vcf]
        card = read_vcards(decoded[0])[0]
        assert card.name == name and url in [u.value for u in card.urls]


def test_qr_uses_error_correction_m_and_a_4_module_quiet_zone(app, client, zoe):
    """zxing-cpp reports level M; the PNG's outer 4 modules are white on every side."""
    png = client.get(f"/c/{zoe['slug']}/qr.png").data
    image = Image.open(io.BytesIO(png)).convert("L")
    result = zxingcpp.read_barcodes(image)[0]
    assert result.ec_level == "M"
    svg = client.get(f"/c/{zoe['slug']}/qr.svg").data.decode()
    size = int(re.search(r'viewBox="0 0 (\d+) \d+"', svg).group(1))
    scale = image.width // size
    quiet = 4 * scale
    pixels = image.load()
    for i in range(image.width):
        for j in range(quiet):
            assert pixels[i, j] == 255 and pixels[j, i] == 255
            assert pixels[i, image.height - 1 - j] == 255 and pixels[image.width - 1 - j, i] == 255


def test_an_unknown_payload_is_refused(app, client, zoe):
    """?payload= takes url or vcard; anything else is a 400 page, not a 500."""
    assert client.get(f"/c/{zoe['slug']}/qr.png?payload=sql").status_code == 400


def test_whats_in_my_qr_lists_exactly_what_each_qr_holds(app, client, zoe):
    """The list on My card matches the decoded payloads: the link QR holds only the URL; the
    vCard QR holds the public fields and the URL, and no private field."""
    page = page_text(client.get("/card"))
    url = f"http://localhost/c/{zoe['slug']}"
    url_list = re.search(r'data-qr-contents="url">(.*?)</ul>', page, re.S).group(1)
    assert re.sub(r"<[^>]+>|\s+", " ", url_list).split() == ["Card", "link:", url]
    vcard_list = re.search(r'data-qr-contents="vcard">(.*?)</ul>', page, re.S).group(1)
    listed = dict(re.findall(r"<strong>(.*?):</strong> <span[^>]*>(.*?)</span>", vcard_list,
                             re.S))
    assert listed == {"Name": "Zoë Ñúñez", "Headline / role": "Data lead", "Company": "Acme",
                      "Card link": url, "Website": "https://zoe.example",
                      "LinkedIn": "https://linkedin.com/in/zoe-nunez", "Pronouns": "she/her",
                      "Ask me about": "sourdough", "Elevator pitch": "I help teams ship data."}
    decoded = decode_png(client.get(f"/c/{zoe['slug']}/qr.png?payload=vcard").data)[0]
    card = read_vcards(decoded)[0]
    assert card.name == listed["Name"] and card.title == listed["Headline / role"]
    assert card.org == listed["Company"] and card.emails == [] and card.phones == []
    assert [u.value for u in card.urls] == [url, listed["Website"], listed["LinkedIn"]]
    for label in ("Pronouns", "Ask me about", "Elevator pitch"):
        assert f"{label}: {listed[label]}" in card.notes[0]


def test_show_my_qr_embeds_the_current_code_for_offline_use(app, client, zoe):
    """/card/qr carries the QR as inline SVG (no request needed offline) for the current slug,
    with the wake-lock script; after a new link it shows the new code."""
    assert app.test_client().get("/card/qr").status_code == 302
    page = client.get("/card/qr").get_data()
    assert b"js/showqr.js" in page and b"page-showqr" in page
    svgs = re.findall(rb"<svg.*?</svg>", page, re.S)
    assert decode_svg(svgs[0]) == [f"http://localhost/c/{zoe['slug']}"]
    client.post("/card/slug")
    page = client.get("/card/qr").get_data()
    assert decode_svg(re.findall(rb"<svg.*?</svg>", page, re.S)[0]) == [
        f"http://localhost/c/{slug_of(app, zoe['id'])}"]


def test_a_visitor_connects_into_the_owners_current_event(app, client, zoe, make_event):
    """Name, email and one line from a visitor land in the owner's contacts, at the owner's
    current event, and count toward its goal."""
    event_id = make_event(zoe["id"], current=True)
    visitor = app.test_client()
    response = visitor.post(f"/c/{zoe['slug']}/connect", data={
        "name": "Bea Costa", "email": "Bea@Example.com", "line": "Met at the coffee queue"})
    assert response.status_code == 200
    assert "has your details now" in visible_text(response)
    with app.app_context():
        contact = db.session.scalar(select(Contact).where(Contact.owner_id == zoe["id"]))
        assert (contact.name, contact.email, contact.event_id) == (
            "Bea Costa", "Bea@Example.com", event_id)
        assert "Met at the coffee queue" in contact.notes and contact.source == "connect"
        assert people_met(event_id) == 1


def test_a_visitor_connecting_twice_is_stored_once(app, client, zoe):
    """The same email twice (a double tap, or coming back) doesn't make a second row, and the
    answer looks the same, so the page reveals nothing about the owner's contacts."""
    visitor = app.test_client()
    first = visitor.post(f"/c/{zoe['slug']}/connect", data={"name": "Bea", "email": "b@x.io"})
    again = visitor.post(f"/c/{zoe['slug']}/connect", data={"name": "Bea", "email": "b@x.io"})
    assert visible_text(first) == visible_text(again)
    assert count_contacts(app, zoe["id"]) == 1


@pytest.mark.parametrize("data, message", [
    ({"name": "", "email": "b@x.io"}, "Enter a name"),
    ({"name": "Bea", "email": ""}, "Enter your email"),
    ({"name": "Bea", "email": "nope"}, "doesn't look right"),
    ({"name": "Bea", "email": "b@x.io", "line": "x" * 300}, "under 200"),
])
def test_bad_connect_input_gets_a_message_and_stores_nothing(app, client, zoe, data, message):
    """A 422 card page with the message and the typed values; no contact is made."""
    before = snapshot(app)
    response = app.test_client().post(f"/c/{zoe['slug']}/connect", data=data)
    assert response.status_code == 422
    assert message in page_text(response)
    if data["name"]:
        assert f'value="{data["name"]}"' in page_text(response)
    assert snapshot(app) == before


@pytest.fixture
def app_config(app_config):
    return {**app_config, "CONNECT_RATE_LIMIT": "3 per minute"}


def test_connect_is_rate_limited(app, client, zoe):
    """After a few posts a minute the visitor gets the friendly 429 page and nothing is stored."""
    visitor = app.test_client()
    for i in range(3):
        visitor.post(f"/c/{zoe['slug']}/connect", data={"name": f"P{i}", "email": f"p{i}@x.io"})
    before = snapshot(app)
    response = visitor.post(f"/c/{zoe['slug']}/connect", data={"name": "P", "email": "p@x.io"})
    assert response.status_code == 429
    assert "Too many attempts" in page_text(response)
    assert snapshot(app) == before


def test_two_users_connect_and_each_gets_the_other_at_their_own_event(
        app, client, auth, zoe, make_event):
    """Bea, logged in, connects on Zoë's card: Bea gets Zoë (public fields only) at Bea's
    event, Zoë gets Bea at Zoë's event; both counters tick."""
    zoe_event = make_event(zoe["id"], name="Zoë's meetup", current=True)
    auth.logout()
    bea_id = auth.as_new_user("bea@example.com")
    bea_event = make_event(bea_id, name="Bea's meetup", current=True)
    page = page_text(client.get(f"/c/{zoe['slug']}"))
    assert "You both get each other" in page and "bea@example.com" in page
    response = client.post(f"/c/{zoe['slug']}/connect")
    assert response.status_code == 302
    with app.app_context():
        for_bea = db.session.scalar(select(Contact).where(Contact.owner_id == bea_id))
        for_zoe = db.session.scalar(select(Contact).where(Contact.owner_id == zoe["id"]))
        assert for_bea.name == "Zoë Ñúñez" and for_bea.event_id == bea_event
        assert for_bea.email == "" and for_bea.phone == ""
        assert for_bea.link == "https://linkedin.com/in/zoe-nunez"
        assert for_zoe.name == "Ana" and for_zoe.email == "bea@example.com"
        assert for_zoe.event_id == zoe_event
        assert people_met(bea_event) == 1 and people_met(zoe_event) == 1
    assert response.headers["Location"].endswith(f"/contacts/{for_bea.id}")
    client.post(f"/c/{zoe['slug']}/connect")
    assert count_contacts(app, bea_id) == 1 and count_contacts(app, zoe["id"]) == 1


def test_connecting_to_your_own_card_stores_nothing(app, client, zoe):
    """The owner's own Connect is a no-op with a note, not a contact of themselves."""
    assert "This is your card" in page_text(client.get(f"/c/{zoe['slug']}"))
    response = client.post(f"/c/{zoe['slug']}/connect")
    assert response.status_code == 302
    assert count_contacts(app, zoe["id"]) == 0


def test_export_writes_every_live_contact_of_the_owner(app, client, auth, make_contact):
    """Export holds the user's contacts (not trashed ones, not another user's) as vCard 3.0."""
    ana = auth.as_new_user()
    make_contact(ana, name="Bea Costa", email="bea@example.com", phone="+351 91 234 5678",
                 headline="Designer", company="Studio", tags=",design,")
    make_contact(ana, name="Gone", deleted_at=datetime(2026, 1, 1, tzinfo=UTC))
    other = auth._make_user("other@example.com")
    make_contact(other, name="Not Yours")
    response = client.get("/contacts/export.vcf")
    assert response.mimetype == "text/vcard"
    cards = read_vcards(response.data)
    assert [c.name for c in cards] == ["Bea Costa"]
    assert cards[0].title == "Designer" and cards[0].org == "Studio"
    assert cards[0].categories == ["design"] and cards[0].tel == "+351 91 234 5678"


def test_export_keeps_phone_and_email_types_from_an_import(app, client, auth):
    """A card imported with cell/work/home numbers and emails exports with the same types."""
    auth.as_new_user()
    vcf = ("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Typed Person\r\n"
           "TEL;TYPE=CELL:+44 7700 900001\r\nTEL;TYPE=WORK:+44 20 7946 0002\r\n"
           "TEL;TYPE=HOME:+44 20 7946 0003\r\nEMAIL;TYPE=WORK:t@work.example\r\n"
           "EMAIL;TYPE=HOME:t@home.example\r\nEND:VCARD\r\n")
    client.post("/contacts/import", data={"vcf": (io.BytesIO(vcf.encode()), "t.vcf")},
                content_type="multipart/form-data")
    card = read_vcards(client.get("/contacts/export.vcf").data)[0]
    assert [(c.value, c.types) for c in card.phones] == [
        ("+44 7700 900001", ("cell",)), ("+44 20 7946 0002", ("work",)),
        ("+44 20 7946 0003", ("home",))]
    assert [(c.value, c.types) for c in card.emails] == [
        ("t@work.example", ("work",)), ("t@home.example", ("home",))]


def test_a_visitor_with_a_card_is_promised_and_gives_their_email(app, client, auth, zoe):
    """Bea has a card that keeps her email private; Connect on Zoë's card says Zoë gets Bea's
    card and email, and Zoë's new contact has exactly that email."""
    auth.logout()
    auth.as_new_user("bea@example.com")
    assert save_card(client).status_code == 302  # the same private-email card, for Bea
    page = page_text(client.get(f"/c/{zoe['slug']}"))
    assert "gets your public card and email (bea@example.com)" in " ".join(page.split())
    client.post(f"/c/{zoe['slug']}/connect")
    with app.app_context():
        for_zoe = db.session.scalar(select(Contact).where(Contact.owner_id == zoe["id"]))
        assert for_zoe.email == "bea@example.com"
