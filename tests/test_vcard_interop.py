"""Real exports from other address books (tests/data/vcards) import with the values in
expected.json: the parser reads them, and the import stores them as contacts."""

import io
import json

import pytest
from helpers import VCARDS
from sqlalchemy import select

from netpwa.contacts.models import Contact
from netpwa.contacts.vcard import read_vcards
from netpwa.contacts.vcard_import import import_vcf
from netpwa.extensions import db

EXPECTED = json.loads((VCARDS / "expected.json").read_text())
FILES = sorted(name for name in EXPECTED if not name.startswith("_"))


def test_every_vcf_in_the_folder_has_expectations():
    """A file dropped into the folder without expectations would go untested."""
    assert sorted(p.name for p in VCARDS.glob("*.vcf")) == FILES


@pytest.mark.parametrize("filename", FILES)
def test_parser_reads_the_expected_values(filename):
    """Each card's name, first email, first ORG (and title, tel where listed) as expected."""
    cards = read_vcards((VCARDS / filename).read_bytes())
    expected = EXPECTED[filename]
    assert len(cards) == len(expected)
    for card, wanted in zip(cards, expected, strict=True):
        for key, value in wanted.items():
            assert getattr(card, key) == value, (filename, key)


@pytest.mark.parametrize("filename", FILES)
def test_import_stores_the_expected_contacts(app, client, auth, filename):
    """Uploaded through the contacts page, every card lands as a contact with those values;
    a card with no name is named after its email or phone."""
    user_id = auth.as_new_user()
    data = (VCARDS / filename).read_bytes()
    response = client.post("/contacts/import", data={"vcf": (io.BytesIO(data), filename)},
                           content_type="multipart/form-data")
    assert response.status_code == 200, response.get_data(as_text=True)
    expected = EXPECTED[filename]
    with app.app_context():
        contacts = db.session.scalars(
            select(Contact).where(Contact.owner_id == user_id).order_by(Contact.id)).all()
        assert len(contacts) == len(expected)
        for contact, wanted in zip(contacts, expected, strict=True):
            name = wanted["name"] or wanted["email"] or wanted.get("tel")
            assert contact.name == name
            assert contact.email == (wanted["email"] or "")
            if "org" in wanted:
                assert contact.company == (wanted["org"] or "")
            if "title" in wanted:
                assert contact.headline == wanted["title"]
            if "tel" in wanted:
                assert contact.phone == wanted["tel"]
            assert contact.source == "import"
