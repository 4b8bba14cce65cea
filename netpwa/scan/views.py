"""Scanning other people's QR codes (camera or photo), confirming and merging."""

from flask import Blueprint, flash, make_response, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from werkzeug.exceptions import RequestEntityTooLarge

from netpwa.cards import profile as cards
from netpwa.contacts import service
from netpwa.contacts.duplicates import apply_merge, find_duplicate, matched_by, merge_plan
from netpwa.contacts.fields import clean_contact_fields
from netpwa.contacts.models import Contact, new_uuid
from netpwa.contacts.vcard import Channel, squash
from netpwa.contacts.vcard_import import store_channels
from netpwa.events import goal as goal_counter
from netpwa.events.current import current_event
from netpwa.extensions import db
from netpwa.ownership import owned_or_404
from netpwa.scan.decode import MAX_UPLOAD_BYTES, DecodeError, decode_photo
from netpwa.scan.payloads import Payload, PayloadError, understand
from netpwa.security import CONTENT_SECURITY_POLICY

bp = Blueprint("scan", __name__)

SCAN_FIELDS = ("name", "headline", "company", "email", "phone", "link", "notes")
MAX_HIDDEN_CHANNELS = 20
# The zxing polyfill compiles WebAssembly, which CSP allows only with 'wasm-unsafe-eval'
# (it does not allow JavaScript eval); only the scan screen gets it.
SCAN_CSP = CONTENT_SECURITY_POLICY.replace("script-src 'self'",
                                           "script-src 'self' 'wasm-unsafe-eval'")


def _with_scan_csp(body: str, status: int):
    response = make_response(body, status)
    response.headers["Content-Security-Policy"] = SCAN_CSP
    return response


def _render_scan(error=None, field=None, status=200, text=""):
    return _with_scan_csp(render_template(
        "scan/index.html", error=error, error_field=field, text=text,
        max_mb=MAX_UPLOAD_BYTES // (1024 * 1024)), status)


@bp.get("/scan")
@login_required
def index():
    """The scanner: camera where the browser allows it, a photo upload everywhere."""
    return _render_scan()


def _channels(payload_or_form, kind: str) -> list[Channel]:
    """Typed phones/emails: from a payload, or from the confirm form's hidden "types|value"."""
    if isinstance(payload_or_form, Payload):
        return payload_or_form.phones if kind == "tel" else payload_or_form.emails
    channels = []
    for raw in payload_or_form.getlist("channel_" + kind)[:MAX_HIDDEN_CHANNELS]:
        types, _, value = raw.partition("|")
        channels.append(Channel(squash(value)[:254],
                                tuple(squash(t) for t in types.split(",") if squash(t))[:5]))
    return channels


def _confirm(values: dict, *, payload_kind: str, phones, emails, card=None, errors=None,
             status=200, uuid=None):
    duplicate = None
    plan = []
    reasons = []
    if not errors:
        duplicate = find_duplicate(current_user.id, values, [e.value for e in emails],
                                   [p.value for p in phones])
        if duplicate is not None:
            plan = merge_plan(duplicate, values)
            reasons = matched_by(duplicate, values)
    event = current_event()
    return render_template(
        "scan/confirm.html", values=values, errors=errors or {}, payload_kind=payload_kind,
        phones=phones, emails=emails, card=card,
        card_shown=cards.public_values(card) if card else {}, duplicate=duplicate, plan=plan,
        reasons=reasons, phone_only=reasons == ["phone"], event=event, progress=goal_counter.progress(event),
        form_uuid=uuid or new_uuid()), status


def _from_payload(payload: Payload):
    card = None
    values = dict(payload.prefill)
    if payload.kind == "card":
        card = cards.by_slug(payload.slug)
        if card is None:
            return _render_scan("That netpwa card no longer exists: its owner may have made a "
                                "new link.", "photo", 422)
        if card.owner_id == current_user.id:
            flash("That's your own card.")
            return redirect(url_for("cards.mine"))
        values = cards.card_as_contact(card, payload.prefill["link"])
    return _confirm(values, payload_kind=payload.kind, phones=payload.phones,
                    emails=payload.emails, card=card)


def _own_host() -> str:
    return request.host


@bp.post("/scan/read")
@login_required
def read():
    """A payload the camera (or the paste box) read: show it as a form to confirm."""
    text = request.form.get("payload", "")
    try:
        payload = understand(text, own_host=_own_host())
    except PayloadError as error:
        return _render_scan(str(error), "payload", 422, text=text[:2000])
    return _from_payload(payload)


@bp.post("/scan/photo")
@login_required
def photo():
    """Scan from a photo: decode on the server, then the same confirm form."""
    try:
        upload = request.files.get("photo")
    except RequestEntityTooLarge:
        return _render_scan(f"That photo is over {MAX_UPLOAD_BYTES // (1024 * 1024)} MB. "
                            "Take a smaller one, or crop it to the QR code.", "photo", 413)
    if upload is None or not upload.filename:
        return _render_scan("Choose a photo of a QR code first.", "photo", 422)
    data = upload.stream.read(MAX_UPLOAD_BYTES + 1)
    try:
        payload = understand(decode_photo(data), own_host=_own_host())
    except (DecodeError, PayloadError) as error:
        return _render_scan(str(error), "photo", 422)
    return _from_payload(payload)


def _form_values():
    return {f: request.form.get(f, "") for f in SCAN_FIELDS}


@bp.post("/scan/save")
@login_required
def save():
    """Save a confirmed scan as a new contact at the current event (it counts to the goal)."""
    form = request.form
    phones, emails = _channels(form, "tel"), _channels(form, "email")
    typed = _form_values()
    values, errors = clean_contact_fields(typed, partial=False)
    uuid = form.get("uuid")
    if errors:
        return _confirm(typed, payload_kind=form.get("kind", "text"), phones=phones,
                        emails=emails, errors=errors, status=422, uuid=uuid)
    stored = service.find_by_uuid(current_user.id, uuid) if uuid else None
    duplicate = None if stored else find_duplicate(
        current_user.id, values, [e.value for e in emails], [p.value for p in phones])
    if duplicate is not None and not (form.get("new_anyway") and matched_by(
            duplicate, values) == ["phone"]):
        return _confirm(values, payload_kind=form.get("kind", "text"), phones=phones,
                        emails=emails, status=409, uuid=uuid)
    event = current_event()
    contact, created = service.create_contact(
        current_user.id, values, uuid=uuid, event_id=event.id if event else None, source="scan")
    if created:
        store_channels(current_user.id, contact.id, phones, emails)
        db.session.commit()
    progress = goal_counter.progress(event)
    counted = f" {progress.met} of {progress.goal} new people." if event else ""
    flash(f"Saved {contact.name}.{counted}")
    return redirect(url_for("scan.index"))


@bp.post("/scan/merge/<int:contact_id>")
@login_required
def merge(contact_id: int):
    """Merge a scan into the contact it matched: chosen fields taken, notes appended."""
    contact = owned_or_404(Contact, contact_id)
    values, errors = clean_contact_fields(_form_values(), partial=True)
    for name in errors:
        values.pop(name, None)
    changed = apply_merge(contact, values, request.form.getlist("take"))
    store_channels(current_user.id, contact.id, _channels(request.form, "tel"),
                   _channels(request.form, "email"))
    db.session.commit()
    flash(f"Merged into {contact.name}" + (f" ({', '.join(changed)} updated)." if changed
                                           else ": nothing new to add."))
    return redirect(url_for("contacts.show", contact_id=contact.id))
