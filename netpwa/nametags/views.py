"""Name tags: mine, an event's, an uploaded list's, a contact's; as PDF and as a print page."""

import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import islice

from flask import (Blueprint, Response, abort, current_app, flash, redirect, render_template,
                   request, url_for)
from flask_login import current_user, login_required
from sqlalchemy import select

from netpwa.contacts.models import Contact
from netpwa.events.models import Event
from netpwa.extensions import db
from netpwa.formats.qr import qr_data_uri
from netpwa.nametags import checks, service
from netpwa.nametags.attendees import NotCsvError, parse_attendees
from netpwa.nametags.css import HTML_SHRINK, font_class, stock_css
from netpwa.nametags.fonts import PT_TO_MM
from netpwa.nametags.layout import (ASK, NAME, STYLE_FULL, STYLES, TagData, TagLayout,
                                    layout)
from netpwa.nametags.models import TagBatch, TagStock
from netpwa.nametags.pdf import alignment_test, render_tags
from netpwa.nametags.stock import DEFAULT_STOCK, LabelStock, StockError, find_part, parse_glabels
from netpwa.ownership import owned_or_404

bp = Blueprint("nametags", __name__, url_prefix="/tags")


@bp.before_request
@login_required
def _require_login():
    pass


@bp.app_template_global("tag_font_class")
def _tag_font_class(size: float) -> str:
    return font_class(size)


@bp.app_template_global("tag_text_mm")
def _tag_text_mm(size: float) -> str:
    """A shaped label's font size in SVG user units (mm), with the screen's slack."""
    return f"{size * PT_TO_MM * HTML_SHRINK:.3f}"


@bp.app_template_global("tag_direction")
def _tag_direction(text: str) -> str:
    """"rtl" when the first letter that has a direction is Arabic or Hebrew: SVG text has no
    dir="auto"."""
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind in ("R", "AL"):
            return "rtl"
        if kind == "L":
            return "ltr"
    return "ltr"


@bp.app_template_global("tag_qr_src")
def _tag_qr_src(url: str) -> str:
    return qr_data_uri(url, border=2)


def card_link(slug: str) -> str:
    """The public card URL for a QR: the cards page when it exists, else /c/<slug>."""
    if "cards.public" in current_app.view_functions:
        return url_for("cards.public", slug=slug, _external=True)
    return f"{request.url_root.rstrip('/')}/c/{slug}"


@dataclass
class Options:
    """What the person chose on the page (query string), with safe defaults."""

    stock: LabelStock
    qr: bool
    company: bool
    ask: bool
    fill: bool
    style: str = STYLE_FULL  # "full" name, or "first" name large

    def args(self, **changes) -> dict:
        values = {"stock": self.stock.key, "qr": int(self.qr), "company": int(self.company),
                  "ask": int(self.ask), "fill": int(self.fill), "style": self.style}
        values.update(changes)
        return values


def _flag(name: str, default: bool) -> bool:
    # A checkbox sends "1" after its hidden "0", so an unticked box still says "no".
    values = request.args.getlist(name)
    if not values:
        return default
    return any(value in ("1", "on", "true", "yes") for value in values)


def _options() -> Options:
    key = request.args.get("stock", DEFAULT_STOCK)
    stock = service.stock_for(current_user.id, key)
    if stock is None:
        abort(404)
    style = request.args.get("style", STYLE_FULL)
    return Options(stock=stock, qr=_flag("qr", True), company=_flag("company", True),
                   ask=_flag("ask", False), fill=_flag("fill", False),
                   style=style if style in STYLES else STYLE_FULL)


def _layouts(tags: Iterable[tuple[str, TagData]], stock: LabelStock,
             shrink: float = 1.0, style: str = STYLE_FULL) -> Iterator[TagLayout]:
    for kind, data in checks.printable_tags(tags):
        yield layout(kind, data, stock, shrink, style)


def _with_ask(people: Iterable[TagData], ask: bool) -> Iterator[tuple[str, TagData]]:
    for person in people:
        yield NAME, person
        if ask and person.ask_me_about.strip():
            yield ASK, person


def _pdf_response(tags: Iterable[tuple[str, TagData]], options: Options, title: str,
                  filename: str) -> Response:
    offset = service.offset_for(current_user.id, options.stock.key)
    body = render_tags(_layouts(tags, options.stock, style=options.style), options.stock,
                       offset, title)
    response = Response(body, mimetype="application/pdf")
    response.headers["Content-Disposition"] = f'inline; filename="{filename}"'
    response.headers["Cache-Control"] = "private, no-store"
    return response


def _sheets(tags: Iterable[tuple[str, TagData]], stock: LabelStock,
            style: str = STYLE_FULL) -> Iterator[list]:
    per_sheet = len(stock.label_origins())
    iterator = _layouts(tags, stock, HTML_SHRINK, style)
    while sheet := list(islice(iterator, per_sheet)):
        yield sheet


def _print_page(tags, options: Options, title: str, back: str):
    return render_template("nametags/print.html", sheets=_sheets(tags, options.stock, options.style),
                           options=options, title=title, back=back,
                           cuts=range(len(options.stock.cut_mark_segments()))
                           if options.stock.cut_marks else range(0))


def _preview_page(tags, options: Options, title: str, links: dict, messages=(), **context):
    tags = list(tags)
    layouts = list(_layouts(tags, options.stock, HTML_SHRINK, options.style))
    return render_template("nametags/preview.html", title=title, options=options,
                           tags=layouts, stocks=service.stocks_for(current_user.id), links=links,
                           messages=[*messages, *checks.notes(tags, layouts)], **context)


def _my_tags(options: Options) -> list[tuple[str, TagData]]:
    data = service.my_tag_data(current_user, company=options.company,
                               qr_url_for=card_link if options.qr else None)
    pair = [(NAME, data), (ASK, data)]
    if options.fill:
        return [pair[index % 2] for index in range(max(2, options.stock.per_sheet))]
    return pair


def _index_page(upload_errors=None, upload_values=None, status=200):
    options = _options()
    events = db.session.scalars(select(Event).where(Event.owner_id == current_user.id)
                                .order_by(Event.held_on.desc())).all()
    batches = db.session.scalars(select(TagBatch).where(TagBatch.owner_id == current_user.id)
                                 .order_by(TagBatch.created_at.desc())).all()
    return render_template(
        "nametags/index.html", options=options, stocks=service.stocks_for(current_user.id),
        tags=list(_layouts(_my_tags(options), options.stock, HTML_SHRINK, options.style)),
        events=events,
        batches=batches, upload_errors=upload_errors or {},
        upload_values=upload_values or {}), status


@bp.get("")
def index():
    """My name tag and my "Ask me about" tag, and tags for my events."""
    return _index_page()


@bp.get("/me.pdf")
def my_pdf():
    """My two tags (or a sheet of them) as a PDF."""
    options = _options()
    return _pdf_response(_my_tags(options), options, "My name tags", "my-name-tags.pdf")


@bp.get("/me/print")
def my_print():
    """My tags, ready to print from the browser."""
    options = _options()
    return _print_page(_my_tags(options), options, "My name tags",
                       url_for("nametags.index", **options.args()))


def _event_tags(event: Event, options: Options):
    people = service.event_tag_data(current_user.id, event.id, company=options.company)
    return _with_ask(people, options.ask)


@bp.get("/events/<int:event_id>")
def event_preview(event_id: int):
    """Tags for everyone met at an event, on screen."""
    event = owned_or_404(Event, event_id)
    options = _options()
    links = {"pdf": url_for("nametags.event_pdf", event_id=event.id, **options.args()),
             "print": url_for("nametags.event_print", event_id=event.id, **options.args())}
    return _preview_page(_event_tags(event, options), options, f"Tags for {event.name}", links,
                         event=event, empty="Nobody met at this event yet: capture people, or "
                         "upload the attendee list as a CSV.")


@bp.get("/events/<int:event_id>.pdf")
def event_pdf(event_id: int):
    """The whole event as one PDF, sorted by family name."""
    event = owned_or_404(Event, event_id)
    options = _options()
    return _pdf_response(_event_tags(event, options), options, f"Name tags: {event.name}",
                         f"name-tags-event-{event.id}.pdf")


@bp.get("/events/<int:event_id>/print")
def event_print(event_id: int):
    """The whole event, ready to print from the browser."""
    event = owned_or_404(Event, event_id)
    options = _options()
    return _print_page(_event_tags(event, options), options, f"Name tags: {event.name}",
                       url_for("nametags.event_preview", event_id=event.id, **options.args()))


@bp.post("/batches")
def upload_batch():
    """Read an attendee CSV; good rows become tags, bad rows get numbered messages."""
    upload = request.files.get("attendees")
    values = {"title": request.form.get("title", "").strip()[:200],
              "event_id": request.form.get("event_id", "")}
    event_id = None
    if values["event_id"]:
        if not values["event_id"].isdigit():
            abort(404)
        event_id = owned_or_404(Event, int(values["event_id"])).id
    if upload is None or not upload.filename:
        return _index_page({"attendees": "Choose a CSV file of attendees to upload."}, values, 422)
    try:
        parsed = parse_attendees(upload.read())
    except NotCsvError as error:
        return _index_page({"attendees": str(error)}, values, 422)
    title = values["title"] or upload.filename.rsplit("/", 1)[-1][:200]
    batch = service.save_batch(current_user.id, title, upload.filename, parsed, event_id)
    db.session.commit()
    flash(f"Read {len(parsed.attendees)} attendees from {upload.filename}."
          + (f" {len(parsed.messages)} notes below." if parsed.messages else ""))
    return redirect(url_for("nametags.batch_preview", batch_id=batch.id,
                            **request.args.to_dict()))


def _batch_tags(batch: TagBatch, options: Options):
    return _with_ask(service.batch_tag_data(batch, company=options.company), options.ask)


@bp.get("/batches/<int:batch_id>")
def batch_preview(batch_id: int):
    """An uploaded list's tags on screen, with a message for every row that needed one."""
    batch = owned_or_404(TagBatch, batch_id)
    options = _options()
    links = {"pdf": url_for("nametags.batch_pdf", batch_id=batch.id, **options.args()),
             "print": url_for("nametags.batch_print", batch_id=batch.id, **options.args())}
    return _preview_page(_batch_tags(batch, options), options, batch.title, links,
                         messages=batch.messages, batch=batch,
                         empty="No row in the file had a name we could print.")


@bp.get("/batches/<int:batch_id>.pdf")
def batch_pdf(batch_id: int):
    """An uploaded list as one PDF, sorted by family name."""
    batch = owned_or_404(TagBatch, batch_id)
    options = _options()
    return _pdf_response(_batch_tags(batch, options), options, f"Name tags: {batch.title}",
                         f"name-tags-{batch.id}.pdf")


@bp.get("/batches/<int:batch_id>/print")
def batch_print(batch_id: int):
    """An uploaded list, ready to print from the browser."""
    batch = owned_or_404(TagBatch, batch_id)
    options = _options()
    return _print_page(_batch_tags(batch, options), options, f"Name tags: {batch.title}",
                       url_for("nametags.batch_preview", batch_id=batch.id, **options.args()))


@bp.post("/batches/<int:batch_id>/delete")
def batch_delete(batch_id: int):
    """Forget an uploaded list."""
    batch = owned_or_404(TagBatch, batch_id)
    db.session.delete(batch)
    db.session.commit()
    flash(f"Deleted the list “{batch.title}”.")
    return redirect(url_for("nametags.index"))


def _contact_tags(contact: Contact, options: Options):
    return [(NAME, service.contact_tag_data(contact, company=options.company))]


@bp.get("/contacts/<int:contact_id>")
def contact_preview(contact_id: int):
    """A name tag for one contact."""
    contact = owned_or_404(Contact, contact_id)
    options = _options()
    links = {"pdf": url_for("nametags.contact_pdf", contact_id=contact.id, **options.args()),
             "print": url_for("nametags.contact_print", contact_id=contact.id,
                              **options.args())}
    return _preview_page(_contact_tags(contact, options), options, f"Name tag: {contact.name}",
                         links, contact=contact)


@bp.get("/contacts/<int:contact_id>.pdf")
def contact_pdf(contact_id: int):
    """One contact's tag as a PDF."""
    contact = owned_or_404(Contact, contact_id)
    options = _options()
    return _pdf_response(_contact_tags(contact, options), options, f"Name tag: {contact.name}",
                         f"name-tag-contact-{contact.id}.pdf")


@bp.get("/contacts/<int:contact_id>/print")
def contact_print(contact_id: int):
    """One contact's tag, ready to print from the browser."""
    contact = owned_or_404(Contact, contact_id)
    options = _options()
    return _print_page(_contact_tags(contact, options), options, f"Name tag: {contact.name}",
                       url_for("nametags.contact_preview", contact_id=contact.id,
                               **options.args()))


@bp.get("/stock/<key>.css")
def stock_stylesheet(key: str):
    """Exact millimetres for one stock, with my printer offset (the CSP bans inline styles)."""
    stock = service.stock_for(current_user.id, key)
    if stock is None:
        abort(404)
    css = stock_css(stock, service.offset_for(current_user.id, stock.key))
    response = Response(css, mimetype="text/css")
    response.headers["Cache-Control"] = "private, no-cache"
    return response


@bp.route("/stocks", methods=["GET", "POST"])
def stocks():
    """Label stock: the built-in list, and any gLabels template file I upload."""
    errors, values = {}, {"part": request.form.get("part", "").strip()[:60]}
    if request.method == "POST":
        upload = request.files.get("template")
        if upload is None or not upload.filename:
            errors["template"] = "Choose a gLabels template file (.xml) to upload."
        else:
            try:
                found, _notes = parse_glabels(upload.read())
                chosen = _choose_template(found, values["part"])
            except StockError as error:
                field = "part" if "part number" in str(error) else "template"
                errors[field] = str(error)
            else:
                row = service.save_stock(current_user.id, chosen)
                db.session.commit()
                flash(f"Added {chosen.name}: {chosen.per_sheet} per sheet.")
                return redirect(url_for("nametags.index", stock=row.key))
    mine = db.session.scalars(select(TagStock).where(TagStock.owner_id == current_user.id)
                              .order_by(TagStock.created_at)).all()
    return render_template("nametags/stocks.html", stocks=service.stocks_for(current_user.id),
                           mine=mine, errors=errors, values=values), 422 if errors else 200


def _choose_template(found: list[LabelStock], part: str) -> LabelStock:
    if part:
        chosen = find_part(found, part)
        if chosen is None:
            raise StockError(f"No part number {part!r} in that file. It has: "
                             + ", ".join(stock.part for stock in found[:40]))
        return chosen
    if len(found) == 1:
        return found[0]
    raise StockError(f"That file has {len(found)} templates: type the part number you want "
                     "(for example " + ", ".join(stock.part for stock in found[:8]) + ").")


@bp.post("/stocks/<int:stock_id>/delete")
def stock_delete(stock_id: int):
    """Remove an uploaded stock."""
    row = owned_or_404(TagStock, stock_id)
    db.session.delete(row)
    db.session.commit()
    flash(f"Removed {row.brand} {row.part}.")
    return redirect(url_for("nametags.stocks"))


@bp.route("/calibration", methods=["GET", "POST"])
def calibration():
    """Printer calibration: an x/y offset per stock, and a test page to measure it with."""
    options = _options()
    errors: dict[str, str] = {}
    offset_x, offset_y = service.offset_for(current_user.id, options.stock.key)
    values = {"offset_x": f"{offset_x:g}", "offset_y": f"{offset_y:g}"}
    if request.method == "POST":
        values = {"offset_x": request.form.get("offset_x", ""),
                  "offset_y": request.form.get("offset_y", "")}
        parsed = {}
        for field in ("offset_x", "offset_y"):
            try:
                parsed[field] = service.parse_offset(values[field])
            except StockError as error:
                errors[field] = str(error)
        if not errors:
            service.save_offset(current_user.id, options.stock.key, parsed["offset_x"],
                                parsed["offset_y"])
            db.session.commit()
            flash(f"Saved: tags on {options.stock.name} move {parsed['offset_x']:+g} mm across "
                  f"and {parsed['offset_y']:+g} mm down.")
            return redirect(url_for("nametags.calibration", stock=options.stock.key))
    return render_template("nametags/calibration.html", options=options, values=values,
                           errors=errors, stocks=service.stocks_for(current_user.id)), (
        422 if errors else 200)


@bp.get("/calibration/test.pdf")
def calibration_test():
    """A one-page alignment test for a stock, printed where my offset puts the labels."""
    options = _options()
    body = alignment_test(options.stock, service.offset_for(current_user.id, options.stock.key))
    response = Response(body, mimetype="application/pdf")
    response.headers["Content-Disposition"] = (
        f'inline; filename="alignment-test-{options.stock.key}.pdf"')
    response.headers["Cache-Control"] = "private, no-store"
    return response
