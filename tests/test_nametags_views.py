"""Name tag pages: my tags, an event's, an uploaded list's, a contact's; calibration; stock."""

import io
import re

import pytest
from helpers import LABELS, page_text, visible_text
from nametag_checks import NON_LATIN, finds, pdf_text

from netpwa.cards.models import CardProfile
from netpwa.extensions import db
from netpwa.nametags.models import TagBatch, TagCalibration, TagStock


@pytest.fixture
def card(app):
    """Give a user a card profile."""
    def make(owner_id, **fields):
        with app.app_context():
            profile = CardProfile(owner_id=owner_id, **fields)
            db.session.add(profile)
            db.session.commit()
            return profile.slug
    return make


def upload(client, data: bytes, filename="attendees.csv", **form):
    return client.post("/tags/batches", data={"attendees": (io.BytesIO(data), filename), **form},
                       content_type="multipart/form-data")


def test_name_tags_need_login(client):
    """Every name tag page sends a visitor to log in."""
    for url in ("/tags", "/tags/me.pdf", "/tags/calibration", "/tags/stocks"):
        response = client.get(url)
        assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_my_tags_come_from_my_card(auth, card, client):
    """My PDF has my card's name, pronouns, company and role, "Ask me about" with my topic,
    and a QR that points at my card page."""
    user_id = auth.as_new_user()
    slug = card(user_id, name="José Ñúñez", pronouns="he/him", headline="Data engineer",
                company="Acme", ask_me_about="sourdough and Rust")
    page = client.get("/tags")
    assert page.status_code == 200
    body = visible_text(page)
    assert "José Ñúñez" in body and "sourdough and Rust" in body
    assert f"/c/{slug}" not in body  # the link is inside the QR image, not printed as text
    assert 'class="tag__qr"' in page_text(page)
    response = client.get("/tags/me.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    text = pdf_text(response.data)
    for expected in ("José Ñúñez", "he/him", "Data engineer · Acme", "Ask me about",
                     "sourdough and Rust"):
        assert finds(text, expected), expected


def test_without_a_card_my_tag_uses_my_account_name(auth, client):
    """No card profile yet: the tag says my display name, with no QR."""
    auth.as_new_user()
    response = client.get("/tags/me.pdf")
    assert finds(pdf_text(response.data), "Ana")
    assert 'class="tag__qr"' not in page_text(client.get("/tags"))


def test_options_turn_off_the_qr_and_company_and_fill_a_sheet(auth, card, client):
    """Unticking the QR and company hides them; "fill" puts a tag on every label of the sheet."""
    user_id = auth.as_new_user()
    card(user_id, name="Ana Lima", company="Acme")
    body = page_text(client.get("/tags?stock=avery-l4785&qr=0&company=0&fill=0"))
    assert 'class="tag__qr"' not in body and "Acme" not in body
    response = client.get("/tags/me.pdf?stock=avery-l4785&fill=1")
    assert pdf_text(response.data).count("Ana") == 5 and pdf_text(response.data).count(
        "Ask me about") == 5


def test_card_link_builds_the_public_card_url(app):
    """The QR carries the absolute /c/<slug> URL of my public card."""
    from netpwa.nametags.views import card_link
    with app.test_request_context("/tags", base_url="https://tags.example"):
        assert card_link("abc123") == "https://tags.example/c/abc123"


def test_event_tags_use_its_contacts_sorted_by_family_name(auth, client, make_event,
                                                          make_contact):
    """The event's own list (its contacts, not deleted, not other events') as one PDF sorted by
    family name."""
    from netpwa.extensions import now_utc
    user_id = auth.as_new_user()
    event_id = make_event(user_id)
    other_event = make_event(user_id, name="Other")
    for name in ("Zed Alpha", "Amy Zulu", "Bo Mills", *NON_LATIN):
        make_contact(user_id, name=name, event_id=event_id, company="Acme")
    make_contact(user_id, name="Gone Person", event_id=event_id, deleted_at=now_utc())
    make_contact(user_id, name="Elsewhere Person", event_id=other_event)
    preview = client.get(f"/tags/events/{event_id}")
    assert preview.status_code == 200
    body = visible_text(preview)
    assert "Zed Alpha" in body and "Gone Person" not in body and "Elsewhere" not in body
    response = client.get(f"/tags/events/{event_id}.pdf?stock=avery-5395")
    assert response.status_code == 200
    text = pdf_text(response.data)
    for name in NON_LATIN:
        assert finds(text, name), name
    assert text.index("Alpha") < text.index("Mills") < text.index("Zulu")
    assert "Gone" not in text and "Elsewhere" not in text


def test_uploaded_list_previews_with_row_messages_and_prints(auth, client):
    """A CSV with good and bad rows: the preview shows the good tags and a numbered message for
    each bad row; the PDF and the print view have every good name, sorted by family name."""
    auth.as_new_user()
    data = ("Name;Pronouns;Company;Ask me about\nZed Alpha;he/him;Acme;Rust\n;she/her;;\n"
            "Amy Zulu;;;\n=HYPERLINK(\"x\");;;\n").encode("utf-8-sig")
    response = upload(client, data, title="PyCon badges")
    assert response.status_code == 302
    preview = client.get(response.headers["Location"])
    body = visible_text(preview)
    assert "PyCon badges" in body and "Zed Alpha" in body and "Amy Zulu" in body
    assert "Row 3: no name; skipped." in body and "Row 5: the name" in body
    batch_id = int(re.search(r"/tags/batches/(\d+)", response.headers["Location"]).group(1))
    text = pdf_text(client.get(f"/tags/batches/{batch_id}.pdf?ask=1").data)
    assert text.index("Alpha") < text.index("Zulu")
    assert "Rust" in text and "Ask me about" in text
    printed = page_text(client.get(f"/tags/batches/{batch_id}/print?stock=plain-a4"))
    assert "Zed Alpha" in visible_text(client.get(f"/tags/batches/{batch_id}/print"))
    assert 'class="sheet"' in printed
    assert "/tags/stock/plain-a4.css" in printed


def test_a_file_that_is_not_csv_is_refused_with_a_message(auth, client):
    """An Excel workbook or an empty file: 422, the message by the field, nothing stored."""
    auth.as_new_user()
    for data, message in ((b"PK\x03\x04rest", "isn't a CSV"), (b"", "empty")):
        response = upload(client, data, title="Keep me")
        assert response.status_code == 422
        body = page_text(response)
        assert message in body and 'value="Keep me"' in body
    response = client.post("/tags/batches", data={}, content_type="multipart/form-data")
    assert response.status_code == 422 and "Choose a CSV file" in page_text(response)
    with client.application.app_context():
        assert db.session.query(TagBatch).count() == 0


def test_a_contact_page_prints_a_tag_for_that_person(auth, client, make_contact):
    """A contact's tag: preview, PDF with their name and company, print view."""
    user_id = auth.as_new_user()
    contact_id = make_contact(user_id, name="محمد علي", company="Acme", headline="CTO")
    assert client.get(f"/tags/contacts/{contact_id}").status_code == 200
    text = pdf_text(client.get(f"/tags/contacts/{contact_id}.pdf?stock=dymo-30374").data)
    assert finds(text, "محمد علي") and "CTO · Acme" in text
    assert client.get(f"/tags/contacts/{contact_id}/print").status_code == 200
    contact_page = page_text(client.get(f"/contacts/{contact_id}"))
    assert f'href="/tags/contacts/{contact_id}">Print name tag</a>' in contact_page


def test_print_view_css_has_exact_millimetres_and_my_offset(auth, client):
    """The per-stock stylesheet sets @page to the paper and places labels to 0.01 mm, moved by
    my calibration offset."""
    auth.as_new_user()
    css = client.get("/tags/stock/avery-l4785.css").get_data(as_text=True)
    assert "@page { size: 210.00mm 297.00mm; margin: 0; }" in css
    assert ".sheet .slot-0 { left: 18.00mm; top: 13.00mm; }" in css
    assert ".sheet .slot-9 { left: 113.00mm; top: 233.00mm; }" in css
    client.post("/tags/calibration?stock=avery-l4785", data={"offset_x": "1.5",
                                                            "offset_y": "-0,5"})
    css = client.get("/tags/stock/avery-l4785.css").get_data(as_text=True)
    assert ".sheet .slot-0 { left: 19.50mm; top: 12.50mm; }" in css
    assert client.get("/tags/stock/nope.css").status_code == 404


def test_calibration_saves_per_stock_and_rejects_nonsense(auth, client):
    """Offsets are saved per stock; the test page states them; bad numbers get a message."""
    auth.as_new_user()
    response = client.post("/tags/calibration?stock=dymo-30856",
                           data={"offset_x": "2", "offset_y": "−1.25"})
    assert response.status_code == 302
    assert 'value="2"' in page_text(client.get("/tags/calibration?stock=dymo-30856"))
    assert 'value="0"' in page_text(client.get("/tags/calibration?stock=avery-5395"))
    test_page = client.get("/tags/calibration/test.pdf?stock=dymo-30856")
    assert "x +2.00 mm, y -1.25 mm" in pdf_text(test_page.data)
    bad = client.post("/tags/calibration?stock=dymo-30856",
                      data={"offset_x": "lots", "offset_y": "99"})
    assert bad.status_code == 422
    body = page_text(bad)
    assert "Enter a number of millimetres" in body and "between -20 and 20" in body
    assert 'value="lots"' in body
    with client.application.app_context():
        row = db.session.query(TagCalibration).one()
        assert (row.offset_x_mm, row.offset_y_mm) == (2.0, -1.25)


def test_uploading_a_glabels_template_adds_a_stock(auth, client):
    """A gLabels file from tests/data/labels with a part number becomes a stock I can print on."""
    auth.as_new_user()
    data = (LABELS / "avery-iso-templates.xml").read_bytes()
    many = client.post("/tags/stocks", data={"template": (io.BytesIO(data), "avery.xml")},
                       content_type="multipart/form-data")
    assert many.status_code == 422 and "type the part number" in page_text(many)
    response = client.post("/tags/stocks", data={"template": (io.BytesIO(data), "avery.xml"),
                                                 "part": "l4785"},
                           content_type="multipart/form-data")
    assert response.status_code == 302
    with client.application.app_context():
        key = db.session.query(TagStock).one().key
    css = client.get(f"/tags/stock/{key}.css").get_data(as_text=True)
    assert ".sheet .slot-9 { left: 113.00mm; top: 233.00mm; }" in css
    assert finds(pdf_text(client.get(f"/tags/me.pdf?stock={key}").data), "Ana")
    bad = client.post("/tags/stocks", data={"template": (io.BytesIO(b"<x>"), "x.xml")},
                      content_type="multipart/form-data")
    assert bad.status_code == 422 and "isn't gLabels template XML" in page_text(bad)


def test_unknown_stock_is_404(auth, client):
    auth.as_new_user()
    assert client.get("/tags?stock=no-such-stock").status_code == 404


def test_another_users_events_lists_contacts_and_stock_are_404(auth, client, make_user,
                                                               make_event, make_contact, app):
    """User B gets 404 for A's event, uploaded list, contact and uploaded stock, on every URL,
    and cannot delete them."""
    a_id = auth.as_new_user("a@example.com")
    upload(client, b"Name\nAna Lima\n")
    client.post("/tags/stocks", data={"template": (io.BytesIO(
        (LABELS / "dymo-other-templates.xml").read_bytes()), "d.xml"), "part": "30374"},
        content_type="multipart/form-data")
    event_id = make_event(a_id)
    contact_id = make_contact(a_id, name="Secret Person", event_id=event_id)
    with app.app_context():
        batch_id = db.session.query(TagBatch).one().id
        stock_id = db.session.query(TagStock).one().id
    auth.logout()
    auth.as_new_user("b@example.com")
    for url in (f"/tags/events/{event_id}", f"/tags/events/{event_id}.pdf",
                f"/tags/events/{event_id}/print", f"/tags/batches/{batch_id}",
                f"/tags/batches/{batch_id}.pdf", f"/tags/batches/{batch_id}/print",
                f"/tags/contacts/{contact_id}", f"/tags/contacts/{contact_id}.pdf",
                f"/tags/contacts/{contact_id}/print", f"/tags/stock/custom-{stock_id}.css",
                f"/tags?stock=custom-{stock_id}", f"/tags/calibration?stock=custom-{stock_id}"):
        assert client.get(url).status_code == 404, url
    assert client.post(f"/tags/batches/{batch_id}/delete").status_code == 404
    assert client.post(f"/tags/stocks/{stock_id}/delete").status_code == 404
    assert upload(client, b"Name\nX\n", event_id=str(event_id)).status_code == 404
    with app.app_context():
        assert db.session.query(TagBatch).count() == 1 and db.session.query(TagStock).count() == 1


def test_owner_can_delete_a_list_and_a_stock(auth, client, app):
    """Deleting my uploaded list or stock removes it."""
    auth.as_new_user()
    upload(client, b"Name\nAna Lima\n")
    client.post("/tags/stocks", data={"template": (io.BytesIO(
        (LABELS / "dymo-other-templates.xml").read_bytes()), "d.xml"), "part": "30374"},
        content_type="multipart/form-data")
    with app.app_context():
        batch_id = db.session.query(TagBatch).one().id
        stock_id = db.session.query(TagStock).one().id
    assert client.post(f"/tags/batches/{batch_id}/delete").status_code == 302
    assert client.post(f"/tags/stocks/{stock_id}/delete").status_code == 302
    with app.app_context():
        assert db.session.query(TagBatch).count() == 0 and db.session.query(TagStock).count() == 0
