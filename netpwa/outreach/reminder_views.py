"""Reminders that reach me without the app open: the calendar feed and the daily email."""

import click
from flask import (Response, abort, current_app, flash, redirect, render_template, request,
                   url_for)
from flask_login import current_user, login_required

from netpwa.extensions import db, now_utc
from netpwa.outreach import digest, feed, profile
from netpwa.outreach.views import bp


@bp.get("/reminders")
@login_required
def reminders():
    settings = profile.settings_for(current_user.id)
    token = settings.feed_token if settings is not None else None
    return render_template(
        "outreach/reminders.html", settings=settings,
        feed_url=url_for("outreach.calendar_feed", feed_token=token, _external=True) if token else None,
        smtp=bool(current_app.config.get("SMTP_URL")))


@bp.post("/reminders/feed")
@login_required
def renew_feed():
    """Turn the feed on, or give it a new URL (the old one stops working)."""
    settings = profile.ensure_settings(current_user.id)
    had = settings.feed_token is not None
    feed.renew_token(settings)
    db.session.commit()
    flash("Your calendar feed has a new address; the old one no longer works." if had else
          "Your calendar feed is on. Subscribe to the address below in your calendar app.")
    return redirect(url_for("outreach.reminders"))


@bp.post("/reminders/feed/off")
@login_required
def feed_off():
    settings = profile.settings_for(current_user.id)
    if settings is not None and settings.feed_token is not None:
        settings.feed_token = None
        db.session.commit()
    flash("Calendar feed turned off; its address no longer works.")
    return redirect(url_for("outreach.reminders"))


@bp.post("/reminders/digest")
@login_required
def set_digest():
    settings = profile.ensure_settings(current_user.id)
    settings.digest = request.form.get("digest") == "on"
    db.session.commit()
    flash("Daily email on: it lists what is due each morning." if settings.digest
          else "Daily email off.")
    return redirect(url_for("outreach.reminders"))


@bp.get("/calendar/<feed_token>.ics")
def calendar_feed(feed_token: str):
    """The feed itself: no login (calendar apps can't), the token is the key."""
    owner_id = feed.owner_for_token(feed_token)
    if owner_id is None:
        abort(404)
    body = feed.calendar(owner_id, now_utc().date(),
                         lambda cid: url_for("contacts.show", contact_id=cid, _external=True),
                         request.host.split(":")[0] or "netpwa",
                         lambda endpoint, **values: url_for(endpoint, _external=True, **values))
    response = Response(body, mimetype="text/calendar")
    response.charset = "utf-8"
    response.headers["Cache-Control"] = "private, no-cache"
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    response.headers["Content-Disposition"] = 'inline; filename="netpwa.ics"'
    return response


@bp.cli.command("send-reminders")
@click.option("--base-url", envvar="NETPWA_BASE_URL", default="http://127.0.0.1:5000/",
              help="The app's address, for the link in the email.")
def send_reminders(base_url: str):
    """Email today's digest to everyone who turned it on (needs SMTP_URL)."""
    smtp_url = current_app.config.get("SMTP_URL")
    if not smtp_url:
        click.echo("SMTP_URL is not set: no digest sent.")
        return
    sender = current_app.config.get("MAIL_FROM") or "netpwa <no-reply@localhost>"
    sent, problems = digest.send_all(smtp_url, sender, base_url, now_utc().date())
    click.echo(f"Sent {sent} digest{'s' if sent != 1 else ''}.")
    for problem in problems:
        click.echo(f"Not sent: {problem}", err=True)
    if problems:
        raise SystemExit(1)
