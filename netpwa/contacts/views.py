"""Every /contacts page: the list, the contact page with inline edits, follow-up, trash,
and .vcf import and export."""

from flask import (Blueprint, Response, abort, flash, redirect, render_template, request,
                   session, url_for)
from flask_login import current_user, login_required
from sqlalchemy import select
from werkzeug.exceptions import RequestEntityTooLarge

from netpwa.contacts import export, service
from netpwa.contacts.event_choices import EventChoice, owner_events
from netpwa.contacts.history import earlier_values
from netpwa.contacts.inline import (DETAIL_FIELDS, FIELDS, FOLLOW_UP_FIELDS, clean_inline,
                                    typed_value)
from netpwa.contacts.models import Contact, ContactChannel
from netpwa.contacts.photos import contact_ids_with_photos, downscale, photo_of, set_photo
from netpwa.contacts.search import SORTS, all_matching, list_page, parse_list_query, tags_in_use
from netpwa.contacts.vcard import VCardError
from netpwa.contacts.vcard_export import export_contacts
from netpwa.contacts.vcard_import import MAX_IMPORT_BYTES, import_vcf
from netpwa.extensions import db, end_read, now_utc
from netpwa.htmx import is_htmx, page_or_fragment, respond
from netpwa.ownership import owned_or_404

bp = Blueprint("contacts", __name__)

# The list remembers one just-deleted contact in the session, to offer Restore right there.
TRASHED_KEY = "contacts.just_trashed"


def _events() -> list[EventChoice]:
    return owner_events(current_user.id)


def _live_contact_or_404(contact_id: int) -> Contact:
    """The current user's contact, unless it is in the trash (restore it first)."""
    contact = owned_or_404(Contact, contact_id)
    if contact.deleted_at is not None:
        abort(404)
    return contact


def _field_or_404(name: str):
    field = FIELDS.get(name)
    if field is None:
        abort(404)
    return field


def _just_trashed() -> Contact | None:
    contact_id = session.pop(TRASHED_KEY, None)
    if not isinstance(contact_id, int):
        return None
    contact = db.session.scalar(select(Contact).where(
        Contact.id == contact_id, Contact.owner_id == current_user.id))
    return contact if contact is not None and contact.deleted_at is not None else None


def _tag_urls(contacts, query) -> dict[str, str]:
    """Each tag's filter link, built once per page: a page of 50 people repeats a handful of
    tags, and building a URL per chip was a good part of the page's time."""
    tags = {tag for contact in contacts for tag in contact.tag_list}
    return {tag: url_for("contacts.index", **query.params(tag=tag, after=None, before=None))
            for tag in tags}


@bp.get("/contacts")
@login_required
def index():
    """Every contact: instant search, filters, sorting, keyset pages; htmx gets the results."""
    query = parse_list_query(request.args)
    results = list_page(current_user.id, query)
    context = {"results": results, "query": query, "today": now_utc().date(),
               "photo_ids": contact_ids_with_photos(current_user.id,
                                                    (c.id for c in results.contacts)),
               "tag_urls": _tag_urls(results.contacts, query)}
    if not is_htmx():
        context.update(events=_events(), tags=tags_in_use(current_user.id), sorts=SORTS,
                       just_trashed=_just_trashed())
    response = page_or_fragment("contacts/index.html", "contacts/_results.html", **context)
    if is_htmx():
        # The address bar shows the clean query (no empty parameters), ready to bookmark.
        response.headers["HX-Push-Url"] = url_for("contacts.index", **query.params())
    return response


@bp.get("/contacts/export.<fmt>")
@login_required
def export_list(fmt: str):
    """The filtered list (every page of it) as a CSV or XLSX download."""
    if fmt not in ("csv", "xlsx"):
        abort(404)
    contacts = all_matching(current_user.id, parse_list_query(request.args))
    referrers = export.referrer_names(current_user.id)
    filename = f"contacts-{now_utc().date().isoformat()}.{fmt}"
    if fmt == "csv":
        response = Response(export.to_csv(contacts, referrers), mimetype="text/csv")
        response.charset = "utf-8"
    else:
        response = Response(export.to_xlsx(contacts, referrers), mimetype=(
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Cache-Control"] = "no-store"
    return response


def _show_context(contact: Contact, **extra) -> dict:
    return {"contact": contact, "fields": FIELDS, "detail_fields": DETAIL_FIELDS,
            "follow_up_fields": FOLLOW_UP_FIELDS, "events": _events(),
            "history": earlier_values(contact), "today": now_utc().date(),
            "photo": photo_of(contact.owner_id, contact.id),
            "channels": db.session.scalars(select(ContactChannel).where(
                ContactChannel.owner_id == contact.owner_id,
                ContactChannel.contact_id == contact.id).order_by(
                ContactChannel.kind, ContactChannel.position)).all(),
            "editing": None, "typed": "", "error": None, "photo_error": None, **extra}


@bp.get("/contacts/<int:contact_id>")
@login_required
def show(contact_id: int):
    """One contact: every field editable in place, follow-up, notes and earlier values."""
    contact = owned_or_404(Contact, contact_id)
    return render_template("contacts/show.html", **_show_context(contact))


@bp.get("/contacts/<int:contact_id>/photo.jpg")
@login_required
def photo(contact_id: int):
    """The contact's photo (the owner's only: anyone else's id is a 404, like the contact)."""
    contact = owned_or_404(Contact, contact_id)
    row = photo_of(current_user.id, contact.id)
    if row is None:
        abort(404)
    response = Response(row.jpeg, mimetype="image/jpeg")
    # Private to this login; revalidated by its version so a new photo shows at once.
    response.headers["Cache-Control"] = "private, no-cache"
    response.set_etag(f"{row.id}-{int(row.updated_at.timestamp())}")
    return response.make_conditional(request)


PHOTO_UPLOAD_BYTES = 10 * 1024 * 1024


@bp.post("/contacts/<int:contact_id>/photo")
@login_required
def upload_photo(contact_id: int):
    """Add or replace a contact's photo (a phone's camera or a file), kept downscaled."""
    contact = _live_contact_or_404(contact_id)

    def failed(message: str, status: int = 422):
        return render_template("contacts/show.html",
                               **_show_context(contact, photo_error=message)), status
    try:
        upload = request.files.get("photo")
    except RequestEntityTooLarge:
        return failed("That photo is over 10 MB. Choose a smaller one.", 413)
    if upload is None or not upload.filename:
        return failed("Choose a photo first.")
    data = upload.stream.read(PHOTO_UPLOAD_BYTES + 1)
    if len(data) > PHOTO_UPLOAD_BYTES:
        return failed("That photo is over 10 MB. Choose a smaller one.", 413)
    owner_id = current_user.id
    end_read()  # decoding and scaling a photo must not hold SQLite's write lock
    photo = downscale(data)
    if photo is None:
        return failed("That file isn't a photo we can read. Choose a JPEG, PNG or WebP picture.")
    set_photo(owner_id, contact.id, photo)
    db.session.commit()
    flash(f"Photo of {contact.name} saved.")
    return redirect(url_for("contacts.show", contact_id=contact.id) + "#details-heading")


@bp.post("/contacts/<int:contact_id>/photo/delete")
@login_required
def delete_photo(contact_id: int):
    """Remove a contact's photo."""
    contact = _live_contact_or_404(contact_id)
    row = photo_of(current_user.id, contact.id)
    if row is not None:
        db.session.delete(row)
        db.session.commit()
        flash(f"Photo of {contact.name} removed.")
    return redirect(url_for("contacts.show", contact_id=contact.id) + "#details-heading")


@bp.get("/contacts/<int:contact_id>/fields/<name>")
@login_required
def field_view(contact_id: int, name: str):
    """One field as shown (what Cancel brings back)."""
    contact = _live_contact_or_404(contact_id)
    field = _field_or_404(name)
    if not is_htmx():
        return redirect(url_for("contacts.show", contact_id=contact.id, _anchor=f"field-{name}"))
    return respond(render_template("contacts/_inline_view.html", contact=contact, field=field,
                                   events=_events(), today=now_utc().date()))


@bp.get("/contacts/<int:contact_id>/fields/<name>/edit")
@login_required
def field_edit(contact_id: int, name: str):
    """One field's edit form; without htmx, the contact page with that form open."""
    contact = _live_contact_or_404(contact_id)
    field = _field_or_404(name)
    typed = typed_value(contact, field)
    if not is_htmx():
        return render_template("contacts/show.html", **_show_context(
            contact, editing=name, typed=typed))
    return respond(render_template("contacts/_inline_edit.html", contact=contact, field=field,
                                   typed=typed, error=None, events=_events()))


@bp.post("/contacts/<int:contact_id>/fields/<name>")
@login_required
def field_save(contact_id: int, name: str):
    """Save one field, keeping the old value in the history; bad input answers 422 in place."""
    contact = _live_contact_or_404(contact_id)
    field = _field_or_404(name)
    events = _events()
    values, errors, typed = clean_inline(contact, field, request.form, {e.id for e in events})
    if errors:
        error = errors.get(name) or next(iter(errors.values()))
        if not is_htmx():
            return render_template("contacts/show.html", **_show_context(
                contact, editing=name, typed=typed, error=error)), 422
        return respond(render_template("contacts/_inline_edit.html", contact=contact,
                                       field=field, typed=typed, error=error, events=events), 422)
    service.apply_changes(contact, values)
    db.session.commit()
    if not is_htmx():
        flash(f"{field.label} saved.")
        return redirect(url_for("contacts.show", contact_id=contact.id, _anchor=f"field-{name}"))
    return respond(render_template("contacts/_inline_saved.html", contact=contact, field=field,
                                   events=events, history=earlier_values(contact),
                                   today=now_utc().date()))


@bp.post("/contacts/<int:contact_id>/contacted")
@login_required
def mark_contacted(contact_id: int):
    """Spoke to them today: last contacted is now, the next follow-up two months on."""
    contact = _live_contact_or_404(contact_id)
    service.mark_contacted(contact)
    db.session.commit()
    if not is_htmx():
        flash(f"Marked {contact.name} as contacted today.")
        return redirect(url_for("contacts.show", contact_id=contact.id))
    return respond(render_template("contacts/_follow_up.html", contact=contact, fields=FIELDS,
                                   follow_up_fields=FOLLOW_UP_FIELDS, events=[],
                                   today=now_utc().date(), marked=True))


@bp.post("/contacts/<int:contact_id>/delete")
@login_required
def delete(contact_id: int):
    """Move a contact to the trash (restorable for 30 days) and go back to the list."""
    contact = owned_or_404(Contact, contact_id)
    if contact.deleted_at is None:
        service.trash(contact)
        service.purge_expired_trash(current_user.id)
        db.session.commit()
    session[TRASHED_KEY] = contact.id
    return redirect(url_for("contacts.index"))


@bp.post("/contacts/<int:contact_id>/restore")
@login_required
def restore(contact_id: int):
    """Take a contact out of the trash."""
    contact = owned_or_404(Contact, contact_id)
    if contact.deleted_at is not None:
        service.restore(contact)
        service.purge_expired_trash(current_user.id)
        db.session.commit()
    if is_htmx():
        return respond(render_template("contacts/_trash_restored.html", contact=contact))
    flash(f"{contact.name} is back in your contacts.")
    return redirect(url_for("contacts.show", contact_id=contact.id))


@bp.get("/contacts/trash")
@login_required
def trash():
    """Deleted contacts, restorable for 30 days; older ones are no longer shown (the next delete
    or restore purges them for good)."""
    contacts = db.session.scalars(
        select(Contact).where(Contact.owner_id == current_user.id,
                              Contact.deleted_at >= service.trash_cutoff())
        .order_by(Contact.deleted_at.desc(), Contact.id.desc())).all()
    return render_template("contacts/trash.html", contacts=contacts,
                           keeps_days=service.TRASH_KEEPS.days, keeps=service.TRASH_KEEPS)


@bp.get("/contacts/export.vcf")
@login_required
def export_vcf():
    """Every contact as one .vcf file, phone and email types kept."""
    response = Response(export_contacts(current_user.id), mimetype="text/vcard")
    response.headers["Content-Disposition"] = 'attachment; filename="netpwa-contacts.vcf"'
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/contacts/import")
@login_required
def import_form():
    """Import contacts from a .vcf file (one card or thousands)."""
    return render_template("contacts/import.html", error=None,
                           max_mb=MAX_IMPORT_BYTES // (1024 * 1024))


@bp.post("/contacts/import")
@login_required
def import_upload():
    """Import a .vcf: every card or none; duplicates merged into the contact they match."""
    def failed(message, status=422):
        return render_template("contacts/import.html", error=message,
                               max_mb=MAX_IMPORT_BYTES // (1024 * 1024)), status
    try:
        upload = request.files.get("vcf")
    except RequestEntityTooLarge:
        return failed(f"That file is over {MAX_IMPORT_BYTES // (1024 * 1024)} MB. "
                      "Split it into smaller files.", 413)
    if upload is None or not upload.filename:
        return failed("Choose a .vcf file first.")
    try:
        report = import_vcf(current_user.id, upload.stream.read(MAX_IMPORT_BYTES + 1))
    except VCardError as error:
        return failed(str(error))
    return render_template("contacts/imported.html", report=report)
