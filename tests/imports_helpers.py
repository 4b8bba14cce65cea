"""Running an import in tests the way the app does (claim, then the chunked writer)."""

from pathlib import Path

from netpwa.extensions import db
from netpwa.imports import service, writing

DATA = Path(__file__).parent / "data" / "imports"


def import_bytes(app, owner_id: int, filename: str, data: bytes, *, mapping=None,
                 day_first=None) -> int:
    with app.app_context():
        batch = service.create_batch(owner_id, filename, data)
        if mapping is not None or day_first is not None:
            service.set_mapping(batch, mapping if mapping is not None else service.mapping(batch),
                                day_first)
        service.remember_mapping(batch)
        db.session.commit()
        batch_id = batch.id
        assert writing.claim(owner_id, batch_id)
        writing.run_batch(batch_id)
        return batch_id


def import_fixture(app, owner_id: int, name: str, **options) -> int:
    return import_bytes(app, owner_id, name, (DATA / name).read_bytes(), **options)


def upload(client, filename: str, data: bytes):
    """POST /imports with the file. The body is built here: for a file over 500 KB the test
    client spools the body to a temporary file that it never closes."""
    body = (b"--netpwa-boundary\r\nContent-Disposition: form-data; name=\"file\"; filename=\""
            + filename.encode() + b"\"\r\nContent-Type: application/octet-stream\r\n\r\n"
            + data + b"\r\n--netpwa-boundary--\r\n")
    return client.post("/imports", data=body,
                       content_type="multipart/form-data; boundary=netpwa-boundary")
