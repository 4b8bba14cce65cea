"""What a scanned code says, as a prefill for the capture form (scan/payloads.py)."""

import pytest
from segno import helpers as segno_helpers

from netpwa.scan.payloads import PayloadError, understand

HOST = "netpwa.example"


def test_our_own_card_url_is_recognised():
    """A card URL on our host is a netpwa card (Connect is offered), with its slug."""
    payload = understand(f"https://{HOST}/c/AbCdEfGhIjKlMnOpQrStUv", own_host=HOST)
    assert payload.kind == "card" and payload.slug == "AbCdEfGhIjKlMnOpQrStUv"


def test_a_card_url_on_another_host_is_just_a_link():
    """The same path elsewhere is someone else's site: a plain link, no lookup."""
    payload = understand("https://other.example/c/AbCdEfGhIjKlMnOpQrStUv", own_host=HOST)
    assert payload.kind == "url" and payload.slug is None


def test_a_linkedin_slug_names_only_the_person():
    """The name comes from the slug's words alone: an id or a trailing role/degree token is not
    part of it (/in/priya-raman-ux is Priya Raman), and a short family name stays."""
    cases = {"/in/priya-raman-ux": "Priya Raman", "/in/ana-lima-4b2a19": "Ana Lima",
             "/in/sam-okafor-phd-7a1b": "Sam Okafor", "/in/andrew-ng": "Andrew Ng",
             "/in/lee-dev": "Lee", "/in/ux": "Ux"}
    for path, name in cases.items():
        payload = understand("https://www.linkedin.com" + path, own_host=HOST)
        assert payload.prefill["name"] == name, path


def test_a_linkedin_profile_becomes_a_contact_with_that_link():
    """linkedin.com/in/<name> prefills the link and a name guessed from it."""
    payload = understand("https://www.linkedin.com/in/ana-lima-4b2a19/", own_host=HOST)
    assert payload.kind == "url"
    assert payload.prefill["link"] == "https://www.linkedin.com/in/ana-lima-4b2a19/"
    assert payload.prefill["name"] == "Ana Lima"


def test_a_segno_vcard_is_read():
    """A vCard made by another generator (segno's helper) prefills name, email, phone, URL."""
    text = segno_helpers.make_vcard_data(
        name="Núñez;Zoë", displayname="Zoë Núñez", email="zoe@example.com",
        phone="+351912345678", url="https://www.linkedin.com/in/zoe", org="Acme",
        title="Data lead")
    prefill = understand(text, own_host=HOST).prefill
    assert prefill == {"name": "Zoë Núñez", "headline": "Data lead", "company": "Acme",
                       "email": "zoe@example.com", "phone": "+351912345678",
                       "link": "https://www.linkedin.com/in/zoe", "notes": ""}


def test_vcard_21_quoted_printable_in_a_qr():
    """vCard 2.1 with quoted-printable and CHARSET, as old phones put in a QR."""
    text = ("BEGIN:VCARD\r\nVERSION:2.1\r\nN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:"
            "=D0=9F=D0=B5=D1=82=D1=80=D0=BE=D0=B2;=D0=94=D0=BC=D0=B8=D1=82=D1=80=D0=B8=D0=B9"
            "\r\nTEL;CELL:+7 900 000-00-00\r\nEND:VCARD")
    payload = understand(text)
    assert payload.kind == "vcard"
    assert payload.prefill["name"] == "Дмитрий Петров"
    assert payload.prefill["phone"] == "+7 900 000-00-00"


def test_mecard_is_read():
    """MECARD (N:family,given; escaped characters) prefills the form."""
    text = r"MECARD:N:Lima,Ana;TEL:+351 912 345 678;EMAIL:ana@example.com;URL:ana.example;" \
           r"NOTE:Likes\; jazz\, and tea;ORG:Acme;;"
    prefill = understand(text).prefill
    assert prefill["name"] == "Ana Lima" and prefill["phone"] == "+351 912 345 678"
    assert prefill["email"] == "ana@example.com" and prefill["link"] == "https://ana.example"
    assert prefill["notes"] == "Likes; jazz, and tea" and prefill["company"] == "Acme"


def test_tel_and_mailto():
    """tel: fills the phone, mailto: the email (query dropped)."""
    assert understand("tel:+351912345678").prefill["phone"] == "+351912345678"
    assert understand("mailto:Ana@Example.com?subject=hi").prefill["email"] == "Ana@Example.com"


def test_plain_text_is_kept_as_a_note():
    """Anything else is kept as a note to confirm."""
    payload = understand("Ana from the Rust meetup\nloves bikes")
    assert payload.kind == "text"
    assert payload.prefill["notes"] == "Ana from the Rust meetup\nloves bikes"


def test_only_web_links_are_kept():
    """A javascript: or data: link is never offered as a profile link."""
    for text in ("javascript:alert(1)", "data:text/html,<script>"):
        assert understand(text).prefill["link"] == ""


@pytest.mark.parametrize("text, message", [
    ("", "empty"), ("   ", "empty"),
    ("\x00\x01\x02binary\xff", "binary"), ("abc\ufffd\ufffd", "binary"),
    ("x" * 9000, "far more text"),
    ("BEGIN:VCARD\n" + "NOTE:x\n" * 10_000 + "END:VCARD", "far more text"),
    ("BEGIN:VCARD\n" + "NOTE:x\n" * 600 + "END:VCARD", "lines"),
    ("tel:call-me", "phone link"), ("mailto:nobody", "email link"),
])
def test_unusable_payloads_get_a_clear_message(text, message):
    """Empty, binary, oversized, 10,000-line vCards and broken tel:/mailto: are refused."""
    with pytest.raises(PayloadError, match=message):
        understand(text)
