"""The account page: change password, log out everywhere, export everything, delete.
Also the password reset by emailed link."""

import json
from datetime import UTC, datetime

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required, logout_user
from werkzeug.exceptions import RequestEntityTooLarge

from netpwa import mail
from netpwa.auth import account_data, backup, reset, sessions
from netpwa.auth.forms import (ChangePasswordForm, DeleteAccountForm, ResetPasswordForm,
                               ResetRequestForm)
from netpwa.auth.models import hash_password
from netpwa.auth.views import _find_user, bp, log_in
from netpwa.extensions import begin_read, db, end_read, limiter
from netpwa.throttle import limit_account

RESET_SENT = ("If an account uses that email, we've sent it a link to choose a new password. "
              "The link works once, for an hour.")


def _account_page(password_form=None, delete_form=None, status=200, restore_error=None):
    return render_template(
        "auth/account.html",
        password_form=password_form or ChangePasswordForm(),
        delete_form=delete_form or DeleteAccountForm(),
        devices=sessions.count(current_user.id), restore_error=restore_error,
        can_restore=backup.is_empty(current_user.id),
        max_backup_mb=backup.MAX_BACKUP_BYTES // (1024 * 1024)), status


@bp.get("/account")
@login_required
def account():
    return _account_page()


@bp.post("/account/password")
@login_required
def change_password():
    """A new password ends every other login; this device stays logged in."""
    form = ChangePasswordForm()
    if not form.validate_on_submit():
        return _account_page(password_form=form, status=422)
    if not current_user.check_password(form.current.data):
        form.current.errors.append("That isn't your current password.")
        return _account_page(password_form=form, status=422)
    new_hash = hash_password(form.password.data)  # slow: before the write transaction
    user = current_user._get_current_object()
    user.password_hash = new_hash
    sessions.end_all(user.id)
    log_in(user, remember=True)
    flash("Password changed. Every other device is logged out.")
    return redirect(url_for("auth.account"))


@bp.get("/account/export.json")
@login_required
def export_all():
    """Everything stored for this account, as one JSON file: also the backup that
    /account/restore reads back into an empty account."""
    data = backup.backup(current_user.id)
    response = current_app.response_class(
        json.dumps(data, ensure_ascii=False, indent=1), mimetype="application/json")
    day = datetime.now(UTC).date().isoformat()
    response.headers["Content-Disposition"] = f'attachment; filename="netpwa-backup-{day}.json"'
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.post("/account/restore")
@login_required
def restore_backup():
    """Restore a backup file into this account, which must be empty (nothing to mix with)."""
    # A backup with photos is bigger than any other upload; this route alone takes it.
    request.max_content_length = backup.MAX_BACKUP_BYTES + 1024 * 1024
    try:
        upload = request.files.get("backup")
    except RequestEntityTooLarge:
        return _account_page(status=413, restore_error=(
            f"That file is over {backup.MAX_BACKUP_BYTES // (1024 * 1024)} MB, larger than "
            "any backup netpwa writes. Nothing was restored."))
    if upload is None or not upload.filename:
        return _account_page(status=422, restore_error="Choose a backup file (.json) first.")
    data = upload.stream.read(backup.MAX_BACKUP_BYTES + 1)
    user_id = current_user.id
    end_read()  # parsing a big file must not hold SQLite's write lock
    try:
        report = backup.restore(user_id, data)
    except backup.BackupError as error:
        return _account_page(status=422, restore_error=str(error))
    flash(f"Backup restored: {report.contacts} contact{'' if report.contacts == 1 else 's'} "
          "and everything else in it.")
    return redirect(url_for("contacts.index"))


@bp.post("/account/delete")
@login_required
def delete_account():
    """Delete the account and everything in it, after the password and a confirmation."""
    form = DeleteAccountForm()
    if form.validate_on_submit() and not form.confirm.data:
        form.confirm.errors.append("Tick this to confirm: deleting can't be undone.")
    if form.errors or not form.validate_on_submit():
        return _account_page(delete_form=form, status=422)
    if not current_user.check_password(form.password.data):
        form.password.errors.append("That isn't your password.")
        return _account_page(delete_form=form, status=422)
    user_id = current_user.id
    logout_user()
    account_data.delete_account(user_id)
    db.session.commit()
    flash("Your account and everything in it are deleted.")
    return redirect(url_for("auth.login"))


@bp.route("/reset", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["RESET_RATE_LIMIT"], methods=["POST"])
def reset_request():
    """Ask for a reset link. The answer is the same whether or not the email has an account."""
    form = ResetRequestForm()
    if form.validate_on_submit():
        limit_account(limiter, "reset", form.email.data, "RESET_ACCOUNT_RATE_LIMIT")
        begin_read()
        user = _find_user(form.email.data.strip())
        end_read()  # nothing to write: don't hold a transaction while mailing
        if user is not None:
            link = url_for("auth.reset_password", token=reset.make_token(
                user, current_app.config["SECRET_KEY"]), _external=True)
            mail.send(current_app.config, user.email, "Choose a new netpwa password",
                      "Someone (hopefully you) asked to reset the password of your netpwa "
                      f"account.\n\nChoose a new password here (the link works once, for an "
                      f"hour):\n{link}\n\nIf it wasn't you, ignore this email: your password "
                      "stays as it is.\n")
        return render_template("auth/check_email.html", message=RESET_SENT)
    status = 422 if form.errors else 200
    return render_template("auth/reset_request.html", form=form), status


@bp.route("/reset/<token>", methods=["GET", "POST"])
def reset_password(token: str):
    """Choose a new password from an emailed link; it logs every device out, then in here."""
    user = reset.user_for_token(token, current_app.config["SECRET_KEY"])
    if user is None:
        return render_template("auth/reset_invalid.html"), 404
    form = ResetPasswordForm()
    if form.validate_on_submit():
        end_read()
        new_hash = hash_password(form.password.data)  # slow: before the write transaction
        user = reset.user_for_token(token, current_app.config["SECRET_KEY"])
        if user is None:  # used by a parallel request meanwhile
            return render_template("auth/reset_invalid.html"), 404
        user.password_hash = new_hash
        sessions.end_all(user.id)
        log_in(user, remember=True)
        flash("New password saved. Every other device is logged out.")
        return redirect(url_for("meet.home"))
    status = 422 if form.errors else 200
    return render_template("auth/reset_password.html", form=form), status
