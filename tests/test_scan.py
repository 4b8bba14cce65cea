"""The scan screen: camera setup, photo upload, the confirm form, saving to the goal,
duplicates offered as a merge, and .vcf import through the contacts page."""

import io
import re

import pytest
import segno
from segno import helpers as segno_helpers
from helpers import page_text, visible_text
from route_map import snapshot
from PIL import Image
from scan_images import png_claiming
from sqlalchemy import func, select

from netpwa.cards.models import CardProfile
from netpwa.contacts.models import Contact, ContactChannel, ContactHistory
from netpwa.contacts.vcard import Channel, VCardEntry, write_vcards
from netpwa.events.goal import people_met
from netpwa.extensions import db


BOUNDARY = "netpwa-test-boundary"


def post_file(client, url: str, field: str, data: bytes, filename: str):
    """A multipart upload built in memory: for bodies over 500 KB the test client spools to a
    temp file that it never closes (a ResourceWarning, an error under -W error)."""
    body = (f"--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{field}\"; "
            f"filename=\"{filename}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
            ).encode() + data + f"\r\n--{BOUNDARY}--\r\n".encode()
    return client.post(url, data=body, content_type=f"multipart/form-data; boundary={BOUNDARY}")


def upload(client, data: bytes, name="photo.jpg"):
    return post_file(client, "/scan/photo", "photo", data, name)


def import_file(client, data: bytes, name="contacts.vcf"):
    return post_file(client, "/contacts/import", "vcf", data, name)


def contacts_of(app, owner_id):
    with app.app_context():
        return db.session.scalars(select(Contact).where(Contact.owner_id == owner_id)
                                  .order_by(Contact.id)).all()


@pytest.fixture
def ana(auth, make_event):
    """Ana, logged in, at an event: her id and the event's."""
    user_id = auth.as_new_user()
    return {"id": user_id, "event": make_event(user_id, current=True)}


def test_scan_page_sets_up_the_vendored_decoder_without_a_cdn(client, ana):
    """The scanner page loads scan.js, names the polyfill and wasm under /static/vendor, and
    only this page's CSP allows compiling WebAssembly (not JavaScript eval)."""
    response = client.get("/scan")
    page = page_text(response)
    assert "js/scan.js" in page
    assert re.search(r'data-polyfill="/static/vendor/barcode-detector-3\.2\.2/polyfill\.js'
                     r'\?v=[0-9a-f]{16}"', page)
    assert re.search(r'data-wasm="/static/vendor/zxing-wasm-3\.1\.3/zxing_reader\.wasm'
                     r'\?v=[0-9a-f]{16}"', page)
    assert "polyfill.js" not in re.findall(r'<script[^>]*src="([^"]+)"', page)
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self' 'wasm-unsafe-eval'" in csp and "'unsafe-eval'" not in csp
    assert "wasm-unsafe-eval" not in client.get("/").headers["Content-Security-Policy"]
    assert 'type="file"' in page and "Scan from a photo" in page


def test_scan_needs_login(client):
    """Scanning and importing are for users."""
    for url in ("/scan", "/contacts/import"):
        assert client.get(url).status_code == 302


def test_a_photo_of_a_vcard_qr_opens_a_prefilled_form(client, ana):
    """A segno-made vCard QR in a photo: the confirm form is prefilled with its details."""
    qr = segno_helpers.make_vcard(name="Costa;Bea", displayname="Bea Costa",
                                  email="bea@example.com", phone="+351912345678")
    out = io.BytesIO()
    qr.save(out, kind="png", scale=8)
    page = page_text(upload(client, out.getvalue(), "bea.png"))
    assert 'value="Bea Costa"' in page and 'value="bea@example.com"' in page
    assert 'value="+351912345678"' in page and "Save contact" in page


def test_our_card_qr_photo_offers_connect_prefilled_with_public_fields(app, client, auth,
                                                                        ana):
    """Bea's card QR photographed by Ana: Connect is offered and the form shows Bea's public
    fields only."""
    auth.logout()
    bea = auth.as_new_user("bea@example.com")
    client.post("/card", data={"name": "Bea Costa", "headline": "Designer",
                               "email": "private@example.com", "public": ["name", "headline"]})
    with app.app_context():
        slug = db.session.scalar(select(CardProfile.slug).where(CardProfile.owner_id == bea))
    png = client.get(f"/c/{slug}/qr.png").data
    auth.logout()
    auth.login()
    page = page_text(upload(client, png, "card.png"))
    assert "Connect with Bea Costa" in page and f"/c/{slug}/connect" in page
    assert 'value="Bea Costa"' in page and 'value="Designer"' in page
    assert "private@example.com" not in page


def test_scanning_your_own_card_says_so(app, client, ana):
    """Your own card URL goes back to My card, storing nothing."""
    client.post("/card/start")
    with app.app_context():
        slug = db.session.scalar(select(CardProfile.slug))
    response = client.post("/scan/read", data={"payload": f"http://localhost/c/{slug}"})
    assert response.status_code == 302 and response.headers["Location"].endswith("/card")


def test_a_retired_card_url_gets_a_message(client, ana):
    """A card URL whose slug was regenerated is refused with a message."""
    response = client.post("/scan/read",
                           data={"payload": "http://localhost/c/AbCdEfGhIjKlMnOpQrStUv"})
    assert response.status_code == 422 and "no longer exists" in page_text(response)


def test_saving_a_scan_counts_toward_the_event_goal(app, client, ana):
    """Confirming the form stores the person at the current event: the counter ticks; typed
    phones and emails from the card are kept with their types."""
    response = client.post("/scan/save", data={
        "name": "Bea Costa", "email": "bea@example.com", "phone": "+351912345678",
        "uuid": "0b7d6a1e-5b0e-4e8e-9a43-2f4d1d1c0a11", "kind": "vcard",
        "channel_tel": ["cell|+351912345678", "work|+351 21 000 0000"],
        "channel_email": ["home|bea@example.com"]})
    assert response.status_code == 302
    assert "Saved Bea Costa. 1 of 3 new people." in page_text(client.get("/scan"))
    [bea] = contacts_of(app, ana["id"])
    assert bea.event_id == ana["event"] and bea.source == "scan"
    with app.app_context():
        assert people_met(ana["event"]) == 1
        channels = db.session.scalars(select(ContactChannel)).all()
        assert {(c.value, c.types) for c in channels} == {
            ("+351912345678", "cell"), ("+351 21 000 0000", "work"), ("bea@example.com", "home")}


def test_a_double_submitted_scan_is_stored_once(app, client, ana):
    """The same form uuid twice (a double tap) stores one contact."""
    data = {"name": "Bea", "email": "bea@example.com",
            "uuid": "0b7d6a1e-5b0e-4e8e-9a43-2f4d1d1c0a12"}
    client.post("/scan/save", data=data)
    assert client.post("/scan/save", data=data).status_code == 302
    assert len(contacts_of(app, ana["id"])) == 1


def test_an_invalid_confirm_form_keeps_the_typed_values(app, client, ana):
    """A bad email comes back as a 422 form with the message; nothing is stored."""
    before = snapshot(app)
    response = client.post("/scan/save", data={"name": "Bea", "email": "bea@"})
    assert response.status_code == 422
    assert "doesn't look right" in page_text(response) and 'value="Bea"' in page_text(response)
    assert snapshot(app) == before


@pytest.mark.parametrize("field, scanned", [
    ("email", {"payload": "MECARD:N:Costa,Bea;EMAIL:BEA@example.com;;"}),
    ("phone", {"payload": "tel:00351912345678"}),
    ("profile link", {"payload": "https://www.linkedin.com/in/bea-costa/"}),
])
def test_a_known_person_is_offered_as_a_merge(app, client, ana, make_contact, field, scanned):
    """Matching email, phone (same last digits) or profile URL: the page offers a merge into
    the existing contact, not a second row."""
    existing = make_contact(ana["id"], name="Bea Costa", email="bea@example.com",
                            phone="+351 912 345 678", link="https://linkedin.com/in/bea-costa")
    page = page_text(client.post("/scan/read", data=scanned))
    assert "Already in your contacts: Bea Costa" in page
    assert f"Matched by {field}" in page
    assert f"/scan/merge/{existing}" in page


def test_saving_a_duplicate_anyway_is_refused_with_the_merge_offer(app, client, ana,
                                                                    make_contact):
    """Posting the save form for a known email shows the merge offer (409), storing nothing."""
    make_contact(ana["id"], name="Bea Costa", email="bea@example.com")
    before = snapshot(app)
    response = client.post("/scan/save", data={"name": "Bea C.", "email": "bea@example.com"})
    assert response.status_code == 409 and "Already in your contacts" in page_text(response)
    assert snapshot(app) == before


def test_a_phone_only_match_can_still_be_saved_as_someone_new(app, client, ana, make_contact):
    """People share phones: with only the phone matching, "save as new" is offered and works."""
    make_contact(ana["id"], name="Switchboard", phone="+351 210 000 000")
    page = page_text(client.post("/scan/read", data={
        "payload": "MECARD:N:Costa,Bea;TEL:+351210000000;;"}))
    assert "Not the same person?" in page
    response = client.post("/scan/save", data={"name": "Bea Costa", "phone": "+351210000000",
                                               "new_anyway": "1"})
    assert response.status_code == 302
    assert len(contacts_of(app, ana["id"])) == 2


def test_merge_takes_the_chosen_fields_and_keeps_history(app, client, ana, make_contact):
    """Merging fills what was ticked, appends notes, and keeps overwritten values in history."""
    existing = make_contact(ana["id"], name="Bea", email="bea@example.com", notes="Met 2025")
    response = client.post(f"/scan/merge/{existing}", data={
        "name": "Bea Costa", "email": "bea@example.com", "company": "Studio",
        "notes": "Scanned at PyData", "headline": "Designer",
        "take": ["name", "company", "notes"]})
    assert response.status_code == 302
    [bea] = contacts_of(app, ana["id"])
    assert (bea.name, bea.company, bea.headline) == ("Bea Costa", "Studio", "")
    assert bea.notes == "Met 2025\n\nScanned at PyData"
    with app.app_context():
        history = db.session.scalars(select(ContactHistory.old_value)).all()
        assert "Bea" in history


def test_another_users_contact_cannot_be_merged_into(app, client, auth, ana, make_contact):
    """Bea's merge of a scan into Ana's contact id answers 404 and changes nothing."""
    existing = make_contact(ana["id"], name="Cleo")
    auth.logout()
    auth.as_new_user("bea@example.com")
    before = snapshot(app)
    response = client.post(f"/scan/merge/{existing}", data={"name": "Hijack", "take": "name"})
    assert response.status_code == 404
    assert snapshot(app) == before


BAD_PHOTOS = {"corrupt": "couldn't read that file", "no qr": "couldn't find a QR code",
              "bomb": "too many pixels", "binary": "binary data", "over 10 MB": "over 10 MB"}


def _bad_photo(kind: str) -> bytes:
    out = io.BytesIO()
    if kind == "no qr":
        Image.new("RGB", (800, 600), "white").save(out, "PNG")
    elif kind == "binary":
        segno.make(bytes(range(80)), error="m", micro=False).save(out, kind="png", scale=6)
    elif kind == "bomb":
        return png_claiming(30_000, 30_000)
    elif kind == "corrupt":
        return b"\xff\xd8\xff\xe0 broken jpeg"
    else:
        return b"\xff\xd8\xff" + b"\x00" * (10 * 1024 * 1024 + 10)
    return out.getvalue()


@pytest.mark.parametrize("kind", sorted(BAD_PHOTOS))
def test_bad_photos_get_a_clear_message_and_store_nothing(app, client, ana, kind):
    """Corrupt, no code, a bomb, binary junk, over 10 MB: the scan page says why (422),
    never a 500, and nothing stored changes."""
    before = snapshot(app)
    response = upload(client, _bad_photo(kind))
    assert response.status_code == 422
    assert BAD_PHOTOS[kind] in page_text(response)
    assert 'id="scan-error"' in page_text(response)
    assert snapshot(app) == before


def test_an_upload_over_the_request_limit_gets_the_scan_page(app, client, ana):
    """A photo bigger than the whole request limit still gets a message, not a 500."""
    response = upload(client, b"\x00" * (13 * 1024 * 1024))
    assert response.status_code == 413
    assert "over 10 MB" in page_text(response) or "too large" in page_text(response)


def test_no_file_chosen(client, ana):
    """Submitting the photo form empty asks for a photo."""
    response = client.post("/scan/photo", data={}, content_type="multipart/form-data")
    assert response.status_code == 422 and "Choose a photo" in page_text(response)


def test_a_pasted_payload_that_is_junk_keeps_the_text(client, ana):
    """The paste box answers binary junk with a message and keeps what was typed."""
    response = client.post("/scan/read", data={"payload": "abc\x01\x02def"})
    assert response.status_code == 422 and "binary data" in page_text(response)


def test_import_of_thousands_of_cards_in_one_go(app, client, ana):
    """3,000 cards import as 3,000 contacts, not at the event (imports aren't meetings)."""
    data = write_vcards(VCardEntry(name=f"Person {i}", emails=[Channel(f"p{i}@example.com")],
                                   phones=[Channel(f"+44 7700 9{i:05d}", ("cell",))])
                        for i in range(3000)).encode()
    response = import_file(client, data)
    assert response.status_code == 200
    assert "3000 new contacts" in visible_text(response)
    with app.app_context():
        assert db.session.scalar(select(func.count(Contact.id))) == 3000
        assert people_met(ana["event"]) == 0


def test_import_merges_people_already_known(app, client, ana, make_contact):
    """A card whose email is known fills the blanks of that contact instead of adding one."""
    make_contact(ana["id"], name="Bea Costa", email="bea@example.com")
    data = ("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Bea Costa\r\nEMAIL:BEA@example.com\r\n"
            "ORG:Studio\r\nEND:VCARD\r\nBEGIN:VCARD\r\nVERSION:3.0\r\nFN:New Person\r\n"
            "END:VCARD\r\n").encode()
    text = visible_text(import_file(client, data))
    assert "1 new contact" in text and "1 merged" in text
    bea, new = contacts_of(app, ana["id"])
    assert bea.company == "Studio" and new.name == "New Person"


@pytest.mark.parametrize("data, message", [
    (b"", "Choose a .vcf"),
    (b"just some text", "couldn't find any contact card"),
    (("BEGIN:VCARD\nVERSION:3.0\nFN:Ok\nEND:VCARD\nBEGIN:VCARD\nFN:Long\n"
      + "NOTE:x\n" * 10_000 + "END:VCARD\n").encode(), "Nothing was imported"),
])
def test_bad_vcf_files_import_nothing(app, client, ana, data, message):
    """An empty upload, a file with no card, or a 10,000-line card: a message, and not even
    the good cards before it are stored."""
    before = snapshot(app)
    response = import_file(client, data, "x.vcf" if data else "")
    assert response.status_code == 422
    assert message in page_text(response)
    assert snapshot(app) == before


def test_the_contacts_page_links_import_and_export(client, ana):
    """Import .vcf and Export .vcf sit in the contact list's page head."""
    page = page_text(client.get("/contacts"))
    head = re.search(r'<div class="page-head">.*?</div>\s*</div>', page, re.S).group(0)
    assert 'href="/contacts/import"' in head and 'href="/contacts/export.vcf"' in head
