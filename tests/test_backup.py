"""The full backup: a JSON of everything an account owns, restored into an empty account with
every id remapped, compared field by field and table by table; bad files and non-empty
accounts get a clear message and change nothing."""

import io
import json

import pytest
from helpers import page_text
from sqlalchemy import func, select
from test_authorization_matrix import OWNED_ARGUMENTS
from test_get_is_read_only import _seed
from test_vcard_fixes import photo_card
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from netpwa.auth import backup
from netpwa.auth.account_data import delete_account
from netpwa.contacts.models import Contact
from netpwa.contacts.vcard_import import import_vcf
from netpwa.extensions import db
from netpwa.outreach.models import Referral

SMALL_JPEG = bytes.fromhex(
    "ffd8ffe000104a46494600010100000100010000ffdb004300080606070605080707070909080a0c140d0c0b0b"
    "0c1912130f141d1a1f1e1d1a1c1c20242e2720222c231c1c2837292c30313434341f27393d38323c2e333432ff"
    "c0000b080001000101011100ffc4001f0000010501010101010100000000000000000102030405060708090a0b"
    "ffc400b5100002010303020403050504040000017d01020300041105122131410613516107227114328191a108"
    "2342b1c11552d1f02433627282090a161718191a25262728292a3435363738393a434445464748494a53545556"
    "5758595a636465666768696a737475767778797a838485868788898a92939495969798999aa2a3a4a5a6a7a8a9"
    "aab2b3b4b5b6b7b8b9bac2c3c4c5c6c7c8c9cad2d3d4d5d6d7d8d9dae1e2e3e4e5e6e7e8e9eaf1f2f3f4f5f6f7"
    "f8f9faffda0008010100003f00fbd3ffd9")


def _post_file(client, url: str, field: str, data: bytes, filename: str):
    boundary, body = encode_multipart({field: FileStorage(io.BytesIO(data), filename)})
    return client.post(url, data=body, content_type=f"multipart/form-data; boundary={boundary}")


def _fill(app, client, auth, make_event, make_contact) -> int:
    """An account with one of everything: contacts with channels, a photo and a referrer,
    a timeline, events, templates, the card, a plan, tag lists and label stocks, interviews…"""
    seeded = _seed(app, client, auth, make_event, make_contact)
    user_id = seeded["user_id"]
    # An edit keeps the earlier value in contact_history.
    client.post(f"/contacts/{seeded['contact_id']}/fields/headline",
                data={"headline": "Lead designer"})
    with app.app_context():
        from PIL import Image
        picture = io.BytesIO()
        Image.new("RGB", (64, 48), "teal").save(picture, "JPEG")
        card = photo_card(picture.getvalue(), name="Photo Person").replace(
            b"END:VCARD", b"TEL;TYPE=cell:+46 70 123 45 67\r\nURL:https://photo.example\r\n"
                          b"CATEGORIES:friends\r\nEND:VCARD")
        import_vcf(user_id, card)
        from netpwa.notebook.service import log_interaction
        log_interaction(user_id, seeded["contact_id"], "coffee", text="Talked about Rust")
        bea = db.session.get(Contact, seeded["contact_id"])
        photo = db.session.scalar(select(Contact).where(Contact.name == "Photo Person"))
        db.session.add(Referral(owner_id=user_id, contact_id=photo.id, referrer_id=bea.id))
        for make in OWNED_ARGUMENTS.values():
            make(user_id)
        db.session.commit()
    return user_id


def _normalised(tables: dict) -> dict:
    """Each restorable table's rows with ids replaced by positions, so two accounts compare."""
    positions = {}
    for name, rows in tables.items():
        positions[name] = {row.get("id"): index for index, row in enumerate(rows)}
    out = {}
    for table in db.metadata.sorted_tables:
        if table.name in backup.NOT_RESTORED or table.name not in tables:
            continue
        primary = [c.name for c in table.primary_key.columns]
        rows = []
        for row in tables[table.name]:
            clean = {}
            for column in table.columns:
                if column.name not in row:
                    continue
                value = row[column.name]
                key = next(iter(column.foreign_keys), None)
                if key is not None and key.column.table.name == "users":
                    value = "the owner"
                elif key is not None and value is not None:
                    value = (key.column.table.name, positions[key.column.table.name].get(value))
                elif column.name in primary and len(primary) == 1:
                    continue
                clean[column.name] = value
            if table.name == "users":
                clean = {k: clean.get(k) for k in backup.USER_FIELDS}
            rows.append(clean)
        out[table.name] = rows
    return out


def _backup_of(client) -> bytes:
    response = client.get("/account/export.json")
    assert response.status_code == 200
    assert "netpwa-backup-" in response.headers["Content-Disposition"]
    return response.data


def test_backup_restores_losslessly_into_a_new_account(app, client, auth, make_event,
                                                      make_contact):
    """Every table comes back field by field (ids remapped), photos included."""
    old_id = _fill(app, client, auth, make_event, make_contact)
    data = _backup_of(client)
    original = json.loads(data)
    assert original["format"] == "netpwa-backup" and original["version"] == backup.VERSION
    # Moving to a new account: the old one is gone, so even the card's address comes back.
    with app.app_context():
        delete_account(old_id)
        db.session.commit()
    fresh = app.test_client()
    response = fresh.post("/register", data={"email": "new@example.com",
                                             "password": "correct horse battery",
                                             "confirm": "correct horse battery"})
    assert response.status_code == 302
    assert "Restore backup" in page_text(fresh.get("/account"))
    response = _post_file(fresh, "/account/restore", "backup", data, "backup.json")
    assert response.status_code == 302, page_text(response)[:2000]
    assert "Backup restored" in page_text(fresh.get(response.headers["Location"]))
    restored = json.loads(_backup_of(fresh))
    before, after = _normalised(original["tables"]), _normalised(restored["tables"])
    assert before.keys() == after.keys()
    must_come_back = {"contacts", "contact_channels", "contact_photos", "interactions",
                      "message_templates", "events", "card_profiles", "plans", "plan_targets",
                      "tag_batches", "tag_stocks", "referrals", "intros", "interviews",
                      "outreach_profiles", "contact_history"}
    for name in sorted(before):
        assert after[name] == before[name], name
    assert all(before[name] for name in must_come_back), [n for n in must_come_back
                                                           if not before[n]]
    # The photo is served to its new owner.
    with app.app_context():
        photo_id = db.session.scalar(select(Contact.id).where(Contact.name == "Photo Person"))
    assert fresh.get(f"/contacts/{photo_id}/photo.jpg").status_code == 200


def test_restoring_while_the_old_account_exists_gives_the_card_a_new_address(
        app, client, auth, make_event, make_contact):
    _fill(app, client, auth, make_event, make_contact)
    data = _backup_of(client)
    fresh = app.test_client()
    fresh.post("/register", data={"email": "new@example.com", "password": "correct horse battery",
                                  "confirm": "correct horse battery"})
    assert _post_file(fresh, "/account/restore", "backup", data, "b.json").status_code == 302
    old = json.loads(data)["tables"]["card_profiles"][0]
    new = json.loads(_backup_of(fresh))["tables"]["card_profiles"][0]
    assert new["slug"] != old["slug"] and new["name"] == old["name"]


def test_restore_refuses_an_account_with_data(app, client, auth, make_event, make_contact):
    user_id = _fill(app, client, auth, make_event, make_contact)
    data = _backup_of(client)
    with app.app_context():
        count = db.session.scalar(select(func.count(Contact.id)).where(
            Contact.owner_id == user_id))
    response = _post_file(client, "/account/restore", "backup", data, "b.json")
    assert response.status_code == 422
    assert "already has contacts" in page_text(response)
    with app.app_context():
        assert db.session.scalar(select(func.count(Contact.id)).where(
            Contact.owner_id == user_id)) == count


@pytest.mark.parametrize("data, message", [
    (b"{\"format\": \"netpwa-backup\", \"version\": 1, \"tables\": {\"contacts\": [",
     "isn't readable JSON"),
    (b"\xff\xfe\x00garbage", "isn't readable JSON"),
    (b"[1, 2, 3]", "has no tables"),
    (b'{"tables": {}}', "isn't a netpwa backup"),
    (b'{"format": "netpwa-backup", "version": 99, "tables": {}}', "has version 99"),
    (b'{"format": "netpwa-backup", "version": 1, "tables": {"contacts": "x"}}', "damaged"),
    (b'{"format": "netpwa-backup", "version": 1, "tables": {"contacts": [{"id": 1, '
     b'"name": "A", "met_at": "yesterday"}]}}', "bad 'met_at'"),
    (b'{"format": "netpwa-backup", "version": 1, "tables": {"contacts": [{"id": 1}]}}',
     "doesn't fit together"),
])
def test_bad_backup_files_get_a_clear_message_and_change_nothing(app, client, auth, data,
                                                                 message):
    user_id = auth.as_new_user()
    response = _post_file(client, "/account/restore", "backup", data, "backup.json")
    assert response.status_code == 422
    assert message in page_text(response).replace("&#39;", "'")
    assert "Nothing was restored" in page_text(response)
    with app.app_context():
        assert backup.is_empty(user_id)


def test_restore_without_a_file_asks_for_one(client, auth):
    auth.as_new_user()
    response = client.post("/account/restore", data={})
    assert response.status_code == 422
    assert "Choose a backup file" in page_text(response)


def test_a_backup_cannot_reach_into_another_account(app, client, auth, make_contact):
    """Foreign keys in a crafted file that don't point at a row of the same backup never
    reach another account's rows."""
    other = auth.as_new_user("other@example.com")
    victim = make_contact(other, name="Someone Else")
    auth.logout()
    user_id = auth.as_new_user("mallory@example.com")
    crafted = {"format": "netpwa-backup", "version": 1, "tables": {
        "contacts": [{"id": 7, "name": "Mine", "uuid": "7c0ffee0-0000-4000-8000-000000000001",
                      "owner_id": other}],
        "referrals": [{"id": 1, "owner_id": other, "contact_id": 7, "referrer_id": victim}],
        "contact_photos": [{"id": 1, "owner_id": other, "contact_id": victim,
                            "jpeg": SMALL_JPEG.hex(), "width": 1, "height": 1}]}}
    response = _post_file(client, "/account/restore", "backup",
                          json.dumps(crafted).encode(), "b.json")
    assert response.status_code == 302, page_text(response)[:1000]
    with app.app_context():
        mine = db.session.scalars(select(Contact).where(Contact.owner_id == user_id)).all()
        assert [c.name for c in mine] == ["Mine"]
        assert db.session.scalar(select(func.count(Referral.id))) == 0
        from netpwa.contacts.models import ContactPhoto
        assert db.session.scalar(select(func.count(ContactPhoto.id))) == 0


def test_a_backup_bigger_than_other_uploads_is_read(app, client, auth):
    """Photos make backups big: this route alone takes more than the app's 12 MB limit."""
    user_id = auth.as_new_user()
    padding = "x" * (13 * 1024 * 1024)
    data = json.dumps({"format": "netpwa-backup", "version": 1, "padding": padding,
                       "tables": {"contacts": [{"id": 1, "name": "Big Backup",
                                                "uuid": "0b0b0b0b-0000-4000-8000-000000000001"}]}})
    response = _post_file(client, "/account/restore", "backup", data.encode(), "b.json")
    assert response.status_code == 302, page_text(response)[-1500:]
    with app.app_context():
        assert db.session.scalar(select(Contact.name).where(Contact.owner_id == user_id)) == \
            "Big Backup"
