"""My card, its QR codes, the public card page with Save contact and Connect."""

import re
from urllib.parse import quote

from flask import (Blueprint, Response, abort, current_app, flash, redirect, render_template,
                   request, url_for)
from flask_login import current_user, login_required
from markupsafe import Markup
from sqlalchemy.exc import IntegrityError

from netpwa.cards import connect as connecting
from netpwa.cards import profile as cards
from netpwa.cards.models import CARD_FIELDS
from netpwa.contacts.models import new_uuid
from netpwa.contacts.vcard import write_vcard
from netpwa.extensions import db, limiter
from netpwa.formats.qr import qr_png, qr_svg

bp = Blueprint("cards", __name__)

PAYLOADS = ("url", "vcard")


def card_url(slug: str) -> str:
    """The public URL a QR carries."""
    return url_for("cards.public", slug=slug, _external=True)


def _payload_text(profile, payload: str) -> str:
    if payload == "url":
        return card_url(profile.slug)
    entry, _included = cards.card_entry(profile, card_url(profile.slug))
    return write_vcard(entry)


def _public_or_404(slug: str):
    profile = cards.by_slug(slug)
    if profile is None:
        abort(404)
    return profile


def _mine_context(profile, values=None, errors=None):
    return {"profile": profile, "values": values or {f: getattr(profile, f) for f in CARD_FIELDS},
            "public": set(values["public_fields"].split(",")) if values else profile.public,
            "errors": errors or {}, "fields": CARD_FIELDS, "labels": cards.LABELS,
            "contents": cards.qr_contents(profile, card_url(profile.slug)),
            "card_url": card_url(profile.slug)}


def _no_card_yet(then: str):
    """An account made before cards existed has none; pages only read, so starting one is a
    button (POST /card/start) rather than a side effect of opening the page."""
    return render_template("cards/start.html", then=then)


@bp.get("/card")
@login_required
def mine():
    """Set up my card: fields, which are public, and what each QR holds."""
    profile = cards.card_of(current_user)
    if profile is None:
        return _no_card_yet("mine")
    return render_template("cards/mine.html", **_mine_context(profile))


@bp.post("/card/start")
@login_required
def start():
    """Start my card from my account's name and email, then open it (or my QR)."""
    if cards.card_of(current_user) is None:
        cards.start_card(current_user)
        try:
            db.session.commit()
        except IntegrityError:  # started at the same moment from another tab
            db.session.rollback()
    then = "show_qr" if request.form.get("then") == "show_qr" else "mine"
    return redirect(url_for(f"cards.{then}"))


@bp.post("/card")
@login_required
def save():
    """Save my card; bad input comes back with messages and nothing changes."""
    profile = cards.card_for_change(current_user)
    values, errors = cards.clean_card_fields(request.form)
    if errors:
        return render_template("cards/mine.html", **_mine_context(profile, values, errors)), 422
    for name, value in values.items():
        setattr(profile, name, value)
    db.session.commit()
    flash("Card saved. Check “What's in my QR” below before you show it.")
    return redirect(url_for("cards.mine"))


@bp.post("/card/slug")
@login_required
def regenerate():
    """A new card URL; the old link and printed QR codes stop working."""
    profile = cards.card_for_change(current_user)
    cards.regenerate_slug(profile)
    db.session.commit()
    flash("Your card has a new link. The old link and old QR codes no longer work.")
    return redirect(url_for("cards.mine"))


@bp.get("/card/qr")
@login_required
def show_qr():
    """My QR, full screen and high contrast; the SVG is in the page so it opens offline."""
    profile = cards.card_of(current_user)
    if profile is None:
        return _no_card_yet("show_qr")
    url = card_url(profile.slug)
    name = profile.name or "my card"
    return render_template(
        "cards/show_qr.html", profile=profile, card_url=url,
        url_svg=Markup(qr_svg(url, title=f"QR code: link to {name}").decode()),
        vcard_svg=Markup(qr_svg(_payload_text(profile, "vcard"),
                                title=f"QR code: contact card of {name}").decode()))


def _no_index(response: Response) -> Response:
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    response.headers["Cache-Control"] = "no-cache"
    return response


def _public_page(profile, values=None, errors=None, status=200, connected=False):
    shares = None
    if current_user.is_authenticated and current_user.id != profile.owner_id:
        shares = connecting.what_user_shares(current_user, card_url)
    body = render_template(
        "cards/public.html", profile=profile, shown=cards.public_values(profile),
        labels=cards.LABELS, values=values or {}, errors=errors or {}, form_uuid=new_uuid(),
        connected=connected, shares=shares,
        own_card=current_user.is_authenticated and current_user.id == profile.owner_id)
    return _no_index(Response(body, status))


@bp.get("/c/<slug>")
def public(slug: str):
    """A public card: only the fields its owner made public; no login needed."""
    return _public_page(_public_or_404(slug))


@bp.get("/c/<slug>.vcf")
def vcf(slug: str):
    """Save contact: the public card as a vCard 3.0 file."""
    profile = _public_or_404(slug)
    entry, _included = cards.card_entry(profile, card_url(profile.slug))
    # A name ending in a dot ("Martin Luther King Jr.") must not give "Jr..vcf".
    name = entry.name.rstrip(". ") or "contact"
    filename = re.sub(r"[^A-Za-z0-9._-]+", "-", name).strip("-.") or "contact"
    response = Response(write_vcard(entry), mimetype="text/vcard")
    response.headers["Content-Disposition"] = (
        f"attachment; filename=\"{filename}.vcf\"; filename*=UTF-8''{quote(name)}.vcf")
    return _no_index(response)


def _payload_arg() -> str:
    payload = request.args.get("payload", "url")
    if payload not in PAYLOADS:
        abort(400)
    return payload


@bp.get("/c/<slug>/qr.svg")
def qr_svg_image(slug: str):
    """The card's QR as SVG; ?payload=vcard for the offline contact card."""
    profile = _public_or_404(slug)
    svg = qr_svg(_payload_text(profile, _payload_arg()))
    return _no_index(Response(svg, mimetype="image/svg+xml"))


@bp.get("/c/<slug>/qr.png")
def qr_png_image(slug: str):
    """The card's QR as PNG; ?payload=vcard for the offline contact card."""
    profile = _public_or_404(slug)
    return _no_index(Response(qr_png(_payload_text(profile, _payload_arg())),
                              mimetype="image/png"))


def _connect_limit() -> str:
    return current_app.config.get("CONNECT_RATE_LIMIT", "10 per minute")


def _connect_card_limit() -> str:
    return current_app.config.get("CONNECT_CARD_RATE_LIMIT", "30 per minute")


@bp.post("/c/<slug>/connect")
@limiter.limit(_connect_limit)
# Per card as well: many addresses taking turns can't flood one person's contacts.
@limiter.limit(_connect_card_limit, key_func=lambda: "card:" + request.view_args["slug"])
def connect(slug: str):
    """Connect: a visitor lands in the owner's contacts; two users get each other."""
    profile = _public_or_404(slug)
    if current_user.is_authenticated:
        if current_user.id == profile.owner_id:
            flash("That's your own card: show it to someone else to connect.")
            return redirect(url_for("cards.mine"))
        for_owner, for_visitor = connecting.connect_users(profile, current_user, card_url)
        flash(f"Connected with {for_visitor.name}: you have each other's details now.")
        return redirect(url_for("contacts.show", contact_id=for_visitor.id))
    values, errors = connecting.clean_visitor(request.form)
    if errors:
        typed = {k: request.form.get(k, "") for k in ("name", "email", "line")}
        return _public_page(profile, typed, errors, status=422)
    connecting.connect_visitor(profile, values, uuid=request.form.get("uuid"))
    return _public_page(profile, connected=True)
