"""Friends' routes: `/friends…` (share, board, leave, remove, hide) and `/e/<code>` (join).

The board's fragment is what phones poll every 5 seconds: it reads only (a few grouped
queries), and answers htmx's "stop polling" status 286 once the person is no longer on it.
"""

from flask import (Blueprint, abort, current_app, flash, redirect, render_template, request,
                   url_for)
from flask_login import current_user, login_required
from markupsafe import Markup

from netpwa.events.models import Event
from netpwa.extensions import begin_read, db, end_read, limiter, now_utc
from netpwa.formats.qr import qr_svg
from netpwa.friends import sharing
from netpwa.friends.board import board_for
from netpwa.friends.models import JOINED, EventFriend
from netpwa.htmx import is_htmx, page_or_fragment, respond
from netpwa.ownership import owned_or_404
from netpwa.throttle import limit_account

bp = Blueprint("friends", __name__)

# htmx stops polling an element when its request answers 286.
STOP_POLLING = 286


@bp.before_request
@login_required
def _require_login():
    pass


def _join_limit() -> str:
    return current_app.config.get("FRIENDS_JOIN_RATE_LIMIT", "30 per minute")


def _count_join_attempt() -> None:
    """Per account as well as per address: guessing codes from many addresses gets nowhere."""
    # Reading the id may refresh the user; on SQLite a POST's first query takes the write
    # lock, which the counter's own connection would then wait for.
    begin_read()
    account = str(current_user.id)
    end_read()
    limit_account(limiter, "join", account, "FRIENDS_JOIN_ACCOUNT_RATE_LIMIT")


def _joined(event: Event) -> EventFriend | None:
    row = sharing.membership_of(current_user.id, event.id)
    return row if row is not None and row.status == JOINED else None


def _is_shared_by_me(event: Event, row: EventFriend | None) -> bool:
    """My event that is not a copy of someone else's: I may share it."""
    return row is None or row.event_id == event.id


def _join_url(share) -> str:
    return url_for("friends.join", code=share.code, _external=True)


def board_context(event: Event | None, *, live: bool = False) -> dict:
    """What `friends/_board.html` needs for my event (mine or my copy), or {} when it is on
    no board."""
    if event is None or event.owner_id != current_user.id:
        return {}
    row = _joined(event)
    if row is None:
        return {}
    board = board_for(row, current_user.id,
                      max_age=current_app.config.get("FRIENDS_BOARD_MAX_AGE", 2.0))
    return {"board": board, "own_event": event, "live": live and not board.over}


@bp.app_template_global("friends_board_rows")
def friends_board_rows(board) -> Markup:
    """The board's rows: each public row drawn once per computed board and shared by every
    viewer (a room of 200 polling phones), only the viewer's own row drawn for them."""
    parts = []
    for row in board.rows:
        html = None if row.is_me else board.shared.rendered.get(row.member_id)
        if html is None:
            html = render_template("friends/_board_row.html", row=row)
            if not row.is_me:
                board.shared.rendered[row.member_id] = html
        parts.append(html)
    return Markup("".join(parts))


@bp.app_template_global("friends_board")
def friends_board(event: Event | None, live: bool = False) -> Markup:
    """The board (or an offer to share) for pages of packages below this one: the event page
    and the capture screen add it by name, so they never import friends."""
    if event is None or not current_user.is_authenticated:
        return Markup("")
    context = board_context(event, live=live)
    row = sharing.membership_of(current_user.id, event.id)
    return Markup(render_template("friends/_board_slot.html", event=event, membership=row,
                                  **context))


@bp.get("/friends")
def index():
    """The boards I'm on, and "hide me from every board"."""
    return render_template("friends/index.html", boards=sharing.my_boards(current_user.id),
                           hidden=sharing.is_hidden(current_user.id))


@bp.post("/friends/hidden")
def hide():
    """Hide me from every board, or show me again."""
    value = request.form.get("hidden", "")
    if value not in ("1", "0"):
        flash("Choose whether to hide from boards.")
        return redirect(url_for("friends.index")), 303
    sharing.set_hidden(current_user.id, value == "1")
    flash("You're hidden from every board now." if value == "1"
          else "Friends on your boards can see you again.")
    return redirect(url_for("friends.index"))


def _event_page(event: Event, status: int = 200, **extra):
    row = sharing.membership_of(current_user.id, event.id)
    joined = row if row is not None and row.status == JOINED else None
    share = sharing.live_share(row.event_id if joined else event.id) \
        if (joined or _is_shared_by_me(event, row)) else None
    link = _join_url(share) if share else None
    return render_template(
        "friends/show.html", event=event, membership=row, share=share, link=link,
        qr=Markup(qr_svg(link, title="Join link").decode()) if link else None,
        creator=joined is not None and joined.event_id == event.id,
        can_share=_is_shared_by_me(event, row), **board_context(event, live=True),
        **extra), status


@bp.get("/friends/events/<int:event_id>")
def show(event_id: int):
    """Share my event, see its board and who's here, leave or remove someone."""
    return _event_page(owned_or_404(Event, event_id))


@bp.get("/friends/events/<int:event_id>/board")
def board(event_id: int):
    """The board alone, for polling; 286 (stop) when I'm not on a board at this event."""
    event = owned_or_404(Event, event_id)
    context = board_context(event, live=True)
    if not context:
        if is_htmx():
            return respond(render_template("friends/_board_gone.html", event=event),
                           STOP_POLLING)
        return redirect(url_for("friends.show", event_id=event.id))
    return page_or_fragment("friends/board_page.html", "friends/_board.html", **context)


@bp.post("/friends/events/<int:event_id>/share")
def share(event_id: int):
    event = owned_or_404(Event, event_id)
    row = sharing.membership_of(current_user.id, event.id)
    if not _is_shared_by_me(event, row):
        flash("Only the person who shared this event makes its links.")
        return redirect(url_for("friends.show", event_id=event.id))
    sharing.share_event(event)
    flash("Your join link is ready: show its QR to a friend.")
    return redirect(url_for("friends.show", event_id=event.id))


@bp.post("/friends/events/<int:event_id>/revoke")
def revoke(event_id: int):
    event = owned_or_404(Event, event_id)
    row = sharing.membership_of(current_user.id, event.id)
    if not _is_shared_by_me(event, row):
        abort(404)
    if sharing.revoke(event):
        flash("Link turned off. Friends already on the board stay on it.")
    return redirect(url_for("friends.show", event_id=event.id))


@bp.post("/friends/events/<int:event_id>/leave")
def leave(event_id: int):
    event = owned_or_404(Event, event_id)
    row = _joined(event)
    if row is None:
        flash("You're not on a board at this event.")
    elif row.event_id == event.id:
        flash("It's your event, so you stay on its board: turn off the link, or hide from "
              "boards in Friends.")
    else:
        sharing.leave(row)
        flash("You left the board. Your contacts and your count stay yours.")
    return redirect(url_for("friends.show", event_id=event.id))


@bp.post("/friends/events/<int:event_id>/members/<int:member_id>/remove")
def remove(event_id: int, member_id: int):
    event = owned_or_404(Event, event_id)
    row = sharing.membership_of(current_user.id, event.id)
    if row is None or row.event_id != event.id:
        abort(404)  # only the creator's own event has people to remove
    removed = sharing.remove(event, member_id)
    if removed is None:
        abort(404)
    flash(f"{removed.shown_name} is off the board and can't join again.")
    return redirect(url_for("friends.show", event_id=event.id))


def _refused(refusal: sharing.JoinRefused):
    return render_template("friends/join.html", refusal=refusal, found=None,
                           values={}, errors={}), refusal.status


@bp.get("/e/<code>")
@limiter.limit(_join_limit)
def join(code: str):
    """Where a join link or QR leads: what the event is, and Join."""
    _count_join_attempt()
    try:
        found = sharing.invitation(code, current_user.id)
    except sharing.JoinRefused as refusal:
        return _refused(refusal)
    name = found.membership.shown_name if found.membership else sharing.display_name(
        current_user)
    return render_template("friends/join.html", found=found, code=code, refusal=None,
                           values={"name": name}, errors={}, creator_name=_creator_name(found))


def _creator_name(found: sharing.Invitation) -> str:
    row = db.session.get(EventFriend, sharing.creator_row_id(found.event) or 0)
    return row.shown_name if row else "A friend"


@bp.post("/e/<code>")
@limiter.limit(_join_limit)
def join_post(code: str):
    """Join the board: my display name and my count at this event, nothing else."""
    _count_join_attempt()
    try:
        found = sharing.invitation(code, current_user.id)
    except sharing.JoinRefused as refusal:
        return _refused(refusal)
    if found.already_joined:
        flash("You're already on this board.")
        return redirect(url_for("friends.show", event_id=found.membership.own_event_id))
    name, error = sharing.clean_shown_name(request.form.get("name"))
    if error:
        return render_template("friends/join.html", found=found, code=code, refusal=None,
                               values={"name": request.form.get("name", "")},
                               errors={"name": error}, creator_name=_creator_name(found)), 422
    try:
        row = sharing.join(code, current_user, name, now=now_utc())
    except sharing.JoinRefused as refusal:
        return _refused(refusal)
    flash(f"You joined {found.event.name}. Your captures here count on the board.")
    return redirect(url_for("meet.home") if row.own_event_id == current_user.current_event_id
                    else url_for("friends.show", event_id=row.own_event_id))
