"""The /imports pages: upload → preview → mapping → import → undo, and clear errors at the
field for files that can't be used (never a 500)."""

import re

from imports_helpers import DATA, upload
from sqlalchemy import select

from netpwa.contacts.models import Contact
from netpwa.extensions import db

HTMX = {"HX-Request": "true"}


def _upload(client, name: str, data: bytes):
    return upload(client, name, data)


def _import_id(response) -> int:
    assert response.status_code == 303, response.get_data(as_text=True)
    return int(response.headers["Location"].rsplit("/", 1)[1])


def _live_names(app, owner) -> list[str]:
    with app.app_context():
        return sorted(db.session.scalars(select(Contact.name).where(
            Contact.owner_id == owner, Contact.deleted_at.is_(None))))


def test_upload_preview_import_and_undo(app, client, owner):
    import_id = _import_id(_upload(client, "Connections.csv",
                                   (DATA / "linkedin_connections.csv").read_bytes()))
    page = client.get(f"/imports/{import_id}").get_data(as_text=True)
    assert "Recognised as a <strong>LinkedIn connections</strong> file" in page
    assert "Chief Technology Officer" in page and "2026-11-14" in page
    assert "Row 8: No name" in page
    assert _live_names(app, owner) == []  # nothing is written by a preview
    response = client.post(f"/imports/{import_id}/start")
    assert response.status_code == 303
    page = client.get(f"/imports/{import_id}").get_data(as_text=True)
    assert "3 new contacts" in page and "Undo this import" in page
    assert _live_names(app, owner) == ["Ana Lima", "Bruno Okafor", "Chloé Dubois"]
    assert client.post(f"/imports/{import_id}/undo").status_code == 303
    page = client.get(f"/imports/{import_id}").get_data(as_text=True)
    assert "Undone." in page and "Undo this import" not in page
    assert _live_names(app, owner) == []
    assert client.post(f"/imports/{import_id}/undo").status_code == 409
    assert "Connections.csv" in client.get("/imports").get_data(as_text=True)


def test_changing_the_mapping_updates_the_preview(app, client, owner):
    import_id = _import_id(_upload(client, "kontakte.csv",
                                   (DATA / "semicolon_de.csv").read_bytes()))
    page = client.get(f"/imports/{import_id}").get_data(as_text=True)
    assert "Recognised" not in page and 'id="map-7"' in page
    form = {f"map-{i}": key for i, key in enumerate(
        ["first_name", "last_name", "company", "email", "phone", "notes", "met_on", "tags"])}
    fragment = client.post(f"/imports/{import_id}/mapping", data=form, headers=HTMX)
    assert fragment.status_code == 200
    text = fragment.get_data(as_text=True)
    assert "<html" not in text and "käsespätzle" in text
    client.post(f"/imports/{import_id}/start", data=form)
    with app.app_context():
        lena = db.session.scalar(select(Contact).where(Contact.name == "Lena Schäfer"))
        assert lena.tag_list == ["käsespätzle"]


def test_ambiguous_dates_are_asked_before_importing(app, client, owner):
    data = b"Name,Met on\nAna,03/04/2026\nBea,05/06/2026\n"
    import_id = _import_id(_upload(client, "dates.csv", data))
    page = client.get(f"/imports/{import_id}").get_data(as_text=True)
    assert "How are the dates written?" in page and "03/04/2026" in page
    refused = client.post(f"/imports/{import_id}/start", data={"map-0": "name", "map-1": "met_on"})
    assert refused.status_code == 422
    assert "day first or month first" in refused.get_data(as_text=True)
    assert _live_names(app, owner) == []
    client.post(f"/imports/{import_id}/start",
                data={"map-0": "name", "map-1": "met_on", "day_first": "month"})
    with app.app_context():
        ana = db.session.scalar(select(Contact).where(Contact.name == "Ana"))
        assert ana.met_at.date().isoformat() == "2026-03-04"


def test_a_file_without_a_name_column_is_stopped_at_the_preview(app, client, owner):
    import_id = _import_id(_upload(client, "x.csv", b"Foo,Bar\n1,2\n"))
    refused = client.post(f"/imports/{import_id}/start")
    assert refused.status_code == 422
    assert "Map a column to Name" in refused.get_data(as_text=True)


def test_bad_files_get_a_message_at_the_field(client, owner):
    for name, data, message in (
            ("a.csv", b"", "That file is empty"),
            ("a.xls", b"\xd0\xcf\x11\xe0" + b"\0" * 64, "old Excel .xls"),
            ("a.csv", b"Name,Email\n", "no rows under it"),
            ("a.pdf", b"%PDF-1.4", "Choose a CSV or an Excel")):
        response = _upload(client, name, data)
        assert response.status_code == 422, name
        page = response.get_data(as_text=True)
        assert 'id="import-error"' in page and message in page
        assert 'aria-invalid="true"' in page
    response = client.post("/imports", data={}, content_type="multipart/form-data")
    assert response.status_code == 422
    assert "Choose a CSV or Excel (.xlsx) file first." in response.get_data(as_text=True)


def test_a_file_over_the_limit_is_refused_with_a_message(client, owner):
    response = upload(client, "big.csv", b"Name\n" + b"x" * int(10.5 * 1024 * 1024))
    assert response.status_code == 422
    assert "over 10 MB" in response.get_data(as_text=True)


def test_the_mapping_used_before_is_remembered(client, owner):
    data = b"Who,Mail\nAna,ana@example.com\n"
    first = _import_id(_upload(client, "a.csv", data))
    client.post(f"/imports/{first}/start", data={"map-0": "name", "map-1": "email"})
    second = _import_id(_upload(client, "b.csv", b"Who,Mail\nBea,bea@example.com\n"))
    page = client.get(f"/imports/{second}").get_data(as_text=True)
    selected = re.findall(r'<option value="(\w+)" selected>', page)
    assert selected == ["name", "email"]


def test_progress_fragment_polls_only_while_running(client, owner):
    import_id = _import_id(_upload(client, "a.csv", b"Name\nAna\n"))
    client.post(f"/imports/{import_id}/start")
    fragment = client.get(f"/imports/{import_id}/progress", headers=HTMX).get_data(as_text=True)
    assert "every 1s" not in fragment and "1 new contact" in fragment
