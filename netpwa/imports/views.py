"""Every /imports page: upload a CSV or XLSX, preview and map it, import with progress, undo."""

import json

from flask import (
    Blueprint,
    abort,
    current_app,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user, login_required
from sqlalchemy import select
from werkzeug.exceptions import RequestEntityTooLarge

from netpwa.extensions import begin_read, db, end_read
from netpwa.htmx import is_htmx
from netpwa.imports import service, writing
from netpwa.imports.models import ImportBatch
from netpwa.imports.read import MAX_BYTES, ImportFileError
from netpwa.ownership import owned_or_404

bp = Blueprint("imports", __name__)
ACCEPT = (".csv,.tsv,.txt,.xlsx,text/csv,text/tab-separated-values,"
          "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


def _recent() -> list[ImportBatch]:
    return list(db.session.scalars(select(ImportBatch).where(
        ImportBatch.owner_id == current_user.id, ImportBatch.status != "preview")
        .order_by(ImportBatch.created_at.desc(), ImportBatch.id.desc()).limit(10)))


def _upload_page(error: str | None = None, status: int = 200):
    return render_template("imports/index.html", error=error, recent=_recent(),
                           max_mb=MAX_BYTES // (1024 * 1024), accept=ACCEPT,
                           can_undo=writing.can_undo), status


@bp.get("/imports")
@login_required
def index():
    return _upload_page()


@bp.post("/imports")
@login_required
def upload():
    """Read the file (outside any write transaction) and show its preview; nothing is
    imported yet."""
    begin_read()
    try:
        upload_file = request.files.get("file")
    except RequestEntityTooLarge:
        return _upload_page(f"That file is over {MAX_BYTES // (1024 * 1024)} MB. "
                            "Split it into smaller files.", 413)
    if upload_file is None or not upload_file.filename:
        return _upload_page("Choose a CSV or Excel (.xlsx) file first.", 422)
    data = upload_file.stream.read(MAX_BYTES + 1)
    upload_file.close()  # a large upload is spooled to a temporary file
    owner_id = current_user.id
    end_read()
    try:
        batch = service.create_batch(owner_id, upload_file.filename, data)
    except ImportFileError as error:
        return _upload_page(str(error), 422)
    return redirect(url_for("imports.show", import_id=batch.id), 303)


def _posted_mapping(width: int) -> list[str]:
    return [request.form.get(f"map-{index}", "") for index in range(width)]


def _posted_day_first() -> bool | None:
    return {"day": True, "month": False}.get(request.form.get("day_first", ""))


def _preview_page(batch: ImportBatch, error: str | None = None, status: int = 200):
    template = "imports/_preview.html" if is_htmx() else "imports/show.html"
    return render_template(template, batch=batch, preview=service.preview(batch),
                           error=error), status


@bp.get("/imports/<int:import_id>")
@login_required
def show(import_id: int):
    batch = owned_or_404(ImportBatch, import_id)
    if batch.status == "preview":
        return _preview_page(batch)
    return render_template("imports/show.html", batch=batch, preview=None, error=None,
                           report=_report(batch))


@bp.post("/imports/<int:import_id>/mapping")
@login_required
def set_mapping(import_id: int):
    """A changed mapping (or day/month order): the preview again, as it now would import."""
    batch = owned_or_404(ImportBatch, import_id)
    if batch.status != "preview":
        return redirect(url_for("imports.show", import_id=batch.id), 303)
    service.set_mapping(batch, _posted_mapping(len(service.header(batch))), _posted_day_first())
    end_read()
    begin_read()  # the preview reads and plans every row: no write lock for that
    return _preview_page(batch)


@bp.post("/imports/<int:import_id>/start")
@login_required
def start(import_id: int):
    """Import: remember the mapping for this header, then write in chunks on a worker thread
    while the page shows progress."""
    begin_read()
    batch = owned_or_404(ImportBatch, import_id)
    if batch.status == "preview":
        posted = "map-0" in request.form
        chosen = service.clean_mapping(_posted_mapping(len(service.header(batch))),
                                       len(service.header(batch))) if posted else None
        ask, _guess = service.date_question(batch, chosen)
        end_read()  # checked outside the write lock; now the short write
        if posted:
            service.set_mapping(batch, chosen, _posted_day_first())
        chosen = service.mapping(batch)
        error = None
        if not ({"name", "first_name", "last_name"} & set(chosen)):
            error = "Map a column to Name (or First name / Last name) first."
        elif ask and batch.day_first is None:
            error = "Say how the dates are written: day first or month first."
        if error:
            end_read()
            begin_read()
            return _preview_page(batch, error, 422)
        service.remember_mapping(batch)
        db.session.commit()
    else:
        end_read()
    if writing.claim(current_user.id, batch.id):
        writing.start(current_app._get_current_object(), batch.id)
    return redirect(url_for("imports.show", import_id=batch.id), 303)


def _report(batch: ImportBatch) -> dict:
    return {"skipped": json.loads(batch.skipped_json), "remarks": json.loads(batch.notes_json),
            "can_undo": writing.can_undo(batch), "stalled": writing.stalled(batch), "percent": (
                100 * batch.done // batch.total if batch.total else 100)}


@bp.get("/imports/<int:import_id>/progress")
@login_required
def progress(import_id: int):
    """The progress fragment the page polls while the import runs."""
    batch = owned_or_404(ImportBatch, import_id)
    return render_template("imports/_progress.html", batch=batch, report=_report(batch))


@bp.post("/imports/<int:import_id>/undo")
@login_required
def undo(import_id: int):
    begin_read()
    batch = owned_or_404(ImportBatch, import_id)
    owner_id = current_user.id
    if not writing.can_undo(batch):
        abort(409, "This import can't be undone any more.")
    end_read()
    writing.undo(owner_id, import_id)
    return redirect(url_for("imports.show", import_id=import_id), 303)
