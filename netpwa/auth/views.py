"""Register, log in, log out."""

from urllib.parse import urlsplit

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required, login_user, logout_user
from sqlalchemy import func, select

from netpwa.auth.forms import LoginForm, RegisterForm
from netpwa.auth.models import User
from netpwa.extensions import db, limiter, login_manager

bp = Blueprint("auth", __name__)


@login_manager.user_loader
def load_user(user_id: str):
    return db.session.get(User, int(user_id)) if user_id.isdigit() else None


def _safe_next(target: str | None) -> str:
    """Only same-site paths, so a crafted link can't bounce a fresh login elsewhere."""
    if target and target.startswith("/") and not target.startswith("//") \
            and not urlsplit(target).netloc:
        return target
    return url_for("meet.home")


def _find_user(email: str) -> User | None:
    return db.session.scalar(select(User).where(func.lower(User.email) == email.lower()))


@bp.route("/register", methods=["GET", "POST"])
def register():
    """Create an account and log straight in."""
    form = RegisterForm()
    if form.validate_on_submit():
        email = form.email.data.strip().lower()
        if _find_user(email):
            form.email.errors.append("An account with that email exists. Log in instead.")
        else:
            user = User(email=email, display_name=(form.display_name.data or "").strip())
            user.set_password(form.password.data)
            db.session.add(user)
            db.session.commit()
            login_user(user, remember=True)
            flash("Welcome! Create your first event, or just start capturing.")
            return redirect(url_for("meet.home"))
    status = 422 if form.errors else 200
    return render_template("auth/register.html", form=form), status


def _login_limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
def login():
    """Log in; remembered for weeks because nobody logs in at a meetup."""
    form = LoginForm()
    if form.validate_on_submit():
        user = _find_user(form.email.data.strip())
        if user and user.check_password(form.password.data):
            login_user(user, remember=form.remember.data)
            return redirect(_safe_next(request.args.get("next")))
        form.password.errors.append("That email and password don't match.")
    status = 422 if form.errors else 200
    return render_template("auth/login.html", form=form), status


@bp.post("/logout")
@login_required
def logout():
    """Log out on this device."""
    logout_user()
    return redirect(url_for("auth.login"))

