"""vCard import and export, as other readers and real address books need them: photos (a 3 MB
one too), emails in their own case, preferred values first, group cards skipped, URIs not
text-escaped, N split like name tags split names, tags and every link kept, and the public
card's download name."""

import base64
import io
import os

import pytest
import vobject
from PIL import Image
from sqlalchemy import select
from test_cards import save_card, slug_of
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from netpwa.contacts.models import Contact, ContactChannel, ContactPhoto
from netpwa.contacts.vcard import read_vcards
from netpwa.contacts.vcard_import import import_vcf
from netpwa.extensions import db


def big_jpeg(min_bytes: int = 3_000_000) -> bytes:
    """A photo of random noise (which JPEG can't shrink), over min_bytes."""
    width, height = 2300, 1700
    image = Image.frombytes("RGB", (width, height), os.urandom(width * height * 3))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=92)
    data = out.getvalue()
    assert len(data) >= min_bytes
    return data


def photo_card(photo: bytes, name: str = "Photo Person", version: str = "3.0") -> bytes:
    encoded = base64.b64encode(photo).decode()
    if version == "4.0":
        line = "PHOTO:data:image/jpeg;base64," + encoded
    else:
        line = "PHOTO;ENCODING=b;TYPE=JPEG:" + encoded
    folded = "\r\n ".join(line[i:i + 74] for i in range(0, len(line), 74))
    return (f"BEGIN:VCARD\r\nVERSION:{version}\r\nFN:{name}\r\nEMAIL:photo@example.com\r\n"
            f"{folded}\r\nEND:VCARD\r\n").encode()


def upload(client, data: bytes, filename: str = "cards.vcf"):
    # Encoded here in memory: the test client would spool a big body to a temporary file and
    # leave it for the garbage collector (an unraisable-exception warning in a later test).
    boundary, body = encode_multipart({"vcf": FileStorage(io.BytesIO(data), filename)})
    return client.post("/contacts/import", data=body,
                       content_type=f"multipart/form-data; boundary={boundary}")


def contacts_of(owner_id: int) -> list[Contact]:
    return list(db.session.scalars(
        select(Contact).where(Contact.owner_id == owner_id).order_by(Contact.id)))


def test_a_3_mb_photo_imports_and_exports_with_its_photo(app, client, owner):
    """Its 55,000 folded lines don't count against the card's line limit; the photo is kept
    downscaled, served on the contact's page, and written back on export."""
    photo = big_jpeg()
    response = upload(client, photo_card(photo))
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    assert "1 photo kept" in response.get_data(as_text=True)
    with app.app_context():
        [contact] = contacts_of(owner)
        stored = db.session.scalar(select(ContactPhoto).where(
            ContactPhoto.contact_id == contact.id))
        assert max(stored.width, stored.height) == 512 and len(stored.jpeg) < 300_000
        contact_id = contact.id
    page = client.get(f"/contacts/{contact_id}").get_data(as_text=True)
    assert f"/contacts/{contact_id}/photo.jpg" in page
    assert f"/contacts/{contact_id}/photo.jpg" in client.get("/contacts").get_data(as_text=True)
    served = client.get(f"/contacts/{contact_id}/photo.jpg")
    assert served.status_code == 200 and served.mimetype == "image/jpeg"
    assert Image.open(io.BytesIO(served.data)).size == (stored.width, stored.height)
    exported = client.get("/contacts/export.vcf").get_data(as_text=True)
    assert all(len(line.encode()) <= 75 for line in exported.split("\r\n"))
    [card] = read_vcards(exported)
    assert card.photo == served.data
    parsed = vobject.readOne(exported)
    assert parsed.photo.value == served.data


def test_a_vcard_4_data_uri_photo_is_kept():
    small = io.BytesIO()
    Image.new("RGB", (40, 30), "red").save(small, "PNG")
    [card] = read_vcards(photo_card(small.getvalue(), version="4.0"))
    assert card.photo == small.getvalue()


def test_a_broken_photo_is_ignored_and_the_card_still_imports(app, owner):
    with app.app_context():
        report = import_vcf(owner, photo_card(b"not a picture at all" * 100))
        assert report.created == 1 and report.photos == 0
        assert db.session.scalar(select(ContactPhoto.id)) is None


def test_a_card_of_many_plain_lines_is_still_refused(app, owner):
    """The photo exemption doesn't open the door to a 10,000-line card of notes."""
    notes = "".join(f"NOTE:line {n}\r\n" for n in range(10_000))
    with app.app_context(), pytest.raises(ValueError, match="runs past"):
        import_vcf(owner, f"BEGIN:VCARD\r\nFN:A\r\n{notes}END:VCARD\r\n".encode())


def test_emails_keep_their_case_and_match_ignoring_it(app, owner):
    """Ana.Silva@Example.com stays as written; the same address in lower case later merges."""
    with app.app_context():
        import_vcf(owner, b"BEGIN:VCARD\r\nFN:Ana Silva\r\nEMAIL:Ana.Silva@Example.com\r\n"
                          b"END:VCARD\r\n")
        report = import_vcf(owner, b"BEGIN:VCARD\r\nFN:Ana Silva\r\n"
                                   b"EMAIL:ana.silva@example.com\r\nEND:VCARD\r\n")
        assert report.merged == ["Ana Silva"] and report.created == 0
        [contact] = contacts_of(owner)
        assert contact.email == "Ana.Silva@Example.com"


@pytest.mark.parametrize("card", [
    # vCard 3.0: TYPE=pref on the second of each.
    "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Bea\r\nEMAIL;TYPE=work:work@example.com\r\n"
    "EMAIL;TYPE=home,pref:home@example.com\r\nTEL;TYPE=work:+1 555 0100\r\n"
    "TEL;TYPE=cell;TYPE=pref:+1 555 0199\r\nEND:VCARD\r\n",
    # vCard 4.0: PREF=1 beats PREF=2 and none.
    "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Bea\r\nEMAIL;PREF=2:work@example.com\r\n"
    "EMAIL;PREF=1:home@example.com\r\nTEL;VALUE=uri:tel:+1-555-0100\r\n"
    "TEL;VALUE=uri;PREF=1:tel:+1 555 0199\r\nEND:VCARD\r\n",
])
def test_the_preferred_email_and_phone_come_first(app, owner, card):
    with app.app_context():
        import_vcf(owner, card.encode())
        [contact] = contacts_of(owner)
        assert contact.email == "home@example.com"
        assert contact.phone == "+1 555 0199"


def test_group_cards_are_reported_and_skipped(app, client, owner):
    data = (b"BEGIN:VCARD\r\nVERSION:4.0\r\nKIND:group\r\nFN:Book club\r\n"
            b"MEMBER:urn:uuid:03a0e51f-d1aa-4385-8a53-e29025acd8af\r\nEND:VCARD\r\n"
            b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Team\r\nX-ADDRESSBOOKSERVER-KIND:group\r\n"
            b"END:VCARD\r\n"
            b"BEGIN:VCARD\r\nVERSION:4.0\r\nKIND:individual\r\nFN:Carla Dias\r\nEND:VCARD\r\n")
    response = upload(client, data)
    text = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "2 group cards skipped" in text and "Book club" in text and "Team" in text
    with app.app_context():
        assert [c.name for c in contacts_of(owner)] == ["Carla Dias"]


def test_urls_are_not_text_escaped_on_export(app, client, make_contact, owner):
    make_contact(owner, name="Link Person", link="https://example.com/a,b;c")
    exported = client.get("/contacts/export.vcf").get_data(as_text=True)
    # RFC 6350: URL's value is a URI, not TEXT, so its , and ; are not backslash-escaped.
    assert "URL:https://example.com/a,b;c\r\n" in exported
    assert read_vcards(exported)[0].urls[0].value == "https://example.com/a,b;c"


@pytest.mark.parametrize("name, family, given, suffix", [
    ("山田 太郎", "山田", "太郎", ""),
    ("山田太郎", "山", "田太郎", ""),
    ("王小明", "王", "小明", ""),
    ("Ludwig van Beethoven", "van Beethoven", "Ludwig", ""),
    ("Martin Luther King Jr.", "King", "Martin Luther", "Jr."),
    ("Ana Silva 🎉", "Silva", "Ana", ""),
    ("Cher", "Cher", "", ""),
])
def test_n_is_split_as_name_tags_split_names(app, client, make_contact, owner,
                                              name, family, given, suffix):
    make_contact(owner, name=name)
    exported = client.get("/contacts/export.vcf").get_data(as_text=True)
    n = vobject.readOne(exported).n.value
    assert (n.family, n.given, n.suffix) == (family, given, suffix)
    assert vobject.readOne(exported).fn.value == name


def test_categories_come_back_as_tags_and_every_url_is_kept(app, client, owner):
    card = (b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Dmitri Ivanov\r\nCATEGORIES:Rust,Hiring,PyData\r\n"
            b"URL;TYPE=home:https://dmitri.example/blog\r\n"
            b"item1.URL:https\\://www.linkedin.com/in/dmitri\r\n"
            b"URL;TYPE=work:https://ferrous.example/team/dmitri\r\nEND:VCARD\r\n")
    assert upload(client, card).status_code == 200
    with app.app_context():
        [contact] = contacts_of(owner)
        assert contact.tag_list == ["rust", "hiring", "pydata"]
        assert contact.link == "https://www.linkedin.com/in/dmitri"
        links = db.session.scalars(select(ContactChannel.value).where(
            ContactChannel.contact_id == contact.id, ContactChannel.kind == "url")
            .order_by(ContactChannel.position)).all()
        assert set(links) == {"https://dmitri.example/blog", "https://www.linkedin.com/in/dmitri",
                              "https://ferrous.example/team/dmitri"}
    page = client.get(f"/contacts/{contact.id}").get_data(as_text=True)
    assert "Also from their card" in page
    assert 'href="https://dmitri.example/blog"' in page
    assert 'href="https://ferrous.example/team/dmitri"' in page
    exported = client.get("/contacts/export.vcf").get_data(as_text=True)
    parsed = vobject.readOne(exported)
    assert [u.value for u in parsed.contents["url"]][0] == "https://www.linkedin.com/in/dmitri"
    assert {u.value for u in parsed.contents["url"]} == set(links)
    assert parsed.categories.value == ["rust", "hiring", "pydata"]


def test_public_card_download_name_has_no_double_dot(app, client, auth):
    user_id = auth.as_new_user("mlk@example.com")
    assert save_card(client, name="Martin Luther King Jr.").status_code == 302
    response = client.get(f"/c/{slug_of(app, user_id)}.vcf")
    disposition = response.headers["Content-Disposition"]
    assert 'filename="Martin-Luther-King-Jr.vcf"' in disposition
    assert ".." not in disposition


def test_vcard_export_then_import_into_a_new_account_is_lossless(app, client, auth,
                                                                 make_contact):
    """Every field a vCard can carry comes back as it was: names of every kind, role, company,
    remember-them-by, email in its case, phones, links, tags, notes, typed extra channels and
    the photo, byte for byte."""
    owner = auth.as_new_user("ana@example.com")
    small = io.BytesIO()
    Image.frombytes("RGB", (300, 200), os.urandom(300 * 200 * 3)).save(small, "JPEG")
    people = [
        dict(name="Martin Luther King Jr.", headline="Preacher, activist", company="SCLC; Atlanta",
             mnemonic="Dream speech", email="Martin@Example.org", phone="+1 (404) 555-0100",
             link="https://example.com/a,b;c", tags=",speaker,civil rights,",
             notes="Line one\nLine two, with; punctuation\\ and a backslash"),
        dict(name="山田 太郎", email="taro@example.jp", tags=",tokyo,"),
        dict(name="Ana 🎉", phone="+46 70 123 45 67", notes="Emoji 🎉 and ünïcödé"),
        dict(name="Ludwig van Beethoven", link="https://www.linkedin.com/in/ludwig"),
    ]
    with app.app_context():
        ids = [make_contact(owner, **fields) for fields in people]
        db.session.add_all([
            ContactChannel(owner_id=owner, contact_id=ids[0], kind="email",
                           value="mlk@work.example", types="work", position=0),
            ContactChannel(owner_id=owner, contact_id=ids[0], kind="tel", value="+1 404 555 0199",
                           types="cell", position=1),
            ContactChannel(owner_id=owner, contact_id=ids[0], kind="url",
                           value="https://blog.example/mlk", types="home", position=2),
            ContactPhoto(owner_id=owner, contact_id=ids[0], jpeg=small.getvalue(), width=300,
                         height=200)])
        db.session.commit()
    exported = client.get("/contacts/export.vcf").data
    auth.logout()
    newcomer = auth.as_new_user("new@example.com")
    assert upload(client, exported).status_code == 200

    def snapshot(owner_id):
        out = []
        for contact in contacts_of(owner_id):
            channels = {(c.kind, c.value, c.types) for c in db.session.scalars(
                select(ContactChannel).where(ContactChannel.contact_id == contact.id))
                if not (c.kind == "url" and c.value == contact.link)
                and not (c.kind == "email" and c.value == contact.email)
                and not (c.kind == "tel" and c.value == contact.phone)}
            photo = db.session.scalar(select(ContactPhoto.jpeg).where(
                ContactPhoto.contact_id == contact.id))
            out.append({field: getattr(contact, field) for field in (
                "name", "headline", "company", "mnemonic", "email", "phone", "link", "tags",
                "notes")} | {"channels": channels, "photo": photo})
        return out

    with app.app_context():
        before, after = snapshot(owner), snapshot(newcomer)
    assert len(after) == len(people)
    for old, new in zip(before, after, strict=True):
        assert new == old


def _post_photo(client, url: str, data: bytes, filename: str = "face.png"):
    boundary, body = encode_multipart({"photo": FileStorage(io.BytesIO(data), filename)})
    return client.post(url, data=body, content_type=f"multipart/form-data; boundary={boundary}")


def test_a_photo_taken_or_chosen_on_the_contact_page_is_kept_downscaled(app, client, owner,
                                                                        make_contact):
    contact_id = make_contact(owner, name="Bea Costa")
    page = client.get(f"/contacts/{contact_id}").get_data(as_text=True)
    assert 'accept="image/*"' in page and "Add a photo" in page
    picture = io.BytesIO()
    Image.new("RGBA", (1600, 1200), (0, 128, 128, 255)).save(picture, "PNG")
    response = _post_photo(client, f"/contacts/{contact_id}/photo", picture.getvalue())
    assert response.status_code == 302
    served = client.get(f"/contacts/{contact_id}/photo.jpg")
    assert Image.open(io.BytesIO(served.data)).size == (512, 384)
    assert "Remove photo" in client.get(f"/contacts/{contact_id}").get_data(as_text=True)
    assert client.post(f"/contacts/{contact_id}/photo/delete").status_code == 302
    assert client.get(f"/contacts/{contact_id}/photo.jpg").status_code == 404


@pytest.mark.parametrize("data, message", [
    (b"", "Choose a photo first"),
    (b"GIF89a but not really", "a photo we can read"),
])
def test_a_bad_photo_upload_says_why_and_keeps_the_old_photo(app, client, owner, make_contact,
                                                            data, message):
    contact_id = make_contact(owner, name="Bea Costa")
    with app.app_context():
        db.session.add(ContactPhoto(owner_id=owner, contact_id=contact_id, jpeg=b"\xff\xd8old",
                                    width=1, height=1))
        db.session.commit()
    response = (_post_photo(client, f"/contacts/{contact_id}/photo", data) if data
                else client.post(f"/contacts/{contact_id}/photo", data={}))
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert client.get(f"/contacts/{contact_id}/photo.jpg").data == b"\xff\xd8old"
