"""Register, log in, log out (this device or everywhere)."""

from urllib.parse import urlsplit

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required, login_user, logout_user
from sqlalchemy import func, select

from netpwa.auth import sessions
from netpwa.auth.forms import LoginForm, RegisterForm
from netpwa.auth.models import User, check_nobody, hash_password
from netpwa.extensions import begin_read, db, end_read, limiter, login_manager
from netpwa.throttle import limit_account

bp = Blueprint("auth", __name__)


@login_manager.user_loader
def load_user(identity: str):
    begin_read()
    user = sessions.load(identity, current_app.config["REMEMBER_COOKIE_DURATION"])
    # End the read at once: on SQLite a POST's transaction would otherwise hold the write
    # lock from this first query through whatever slow work the view does next.
    end_read()
    return user


def log_in(user: User, remember: bool) -> None:
    """Start a revocable login for this device, then hand it to Flask-Login."""
    sessions.forget_expired(user.id, current_app.config["REMEMBER_COOKIE_DURATION"])
    sessions.start(user, device=request.user_agent.string or "")
    db.session.commit()
    login_user(user, remember=remember)


def _safe_next(target: str | None) -> str:
    """Only same-site paths, so a crafted link can't bounce a fresh login elsewhere."""
    if target and target.startswith("/") and not target.startswith("//") \
            and not urlsplit(target).netloc:
        return target
    return url_for("meet.home")


def _find_user(email: str) -> User | None:
    return db.session.scalar(select(User).where(func.lower(User.email) == email.lower()))


def _config_limit(key: str):
    return lambda: current_app.config[key]


@bp.route("/register", methods=["GET", "POST"])
@limiter.limit(_config_limit("REGISTER_RATE_LIMIT"), methods=["POST"])
def register():
    """Create an account and log straight in."""
    form = RegisterForm()
    if form.validate_on_submit():
        email = form.email.data.strip().lower()
        limit_account(limiter, "register", email, "REGISTER_ACCOUNT_RATE_LIMIT")
        password_hash = hash_password(form.password.data)  # slow: before any transaction
        if _find_user(email):
            form.email.errors.append("An account with that email exists. Log in instead.")
        else:
            user = User(email=email, display_name=(form.display_name.data or "").strip(),
                        password_hash=password_hash)
            db.session.add(user)
            db.session.flush()
            log_in(user, remember=True)
            flash("Welcome! Create your first event, or just start capturing.")
            return redirect(url_for("meet.home"))
    status = 422 if form.errors else 200
    return render_template("auth/register.html", form=form), status


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(_config_limit("LOGIN_RATE_LIMIT"), methods=["POST"])
def login():
    """Log in; remembered for weeks because nobody logs in at a meetup."""
    form = LoginForm()
    if form.validate_on_submit():
        limit_account(limiter, "login", form.email.data, "LOGIN_ACCOUNT_RATE_LIMIT")
        begin_read()
        user = _find_user(form.email.data.strip())
        end_read()  # hash outside any transaction (SQLite's write lock)
        if user is None:
            check_nobody(form.password.data)  # as slow as a known email's wrong password
        elif user.check_password(form.password.data):
            log_in(user, remember=form.remember.data)
            return redirect(_safe_next(request.args.get("next")))
        form.password.errors.append("That email and password don't match.")
    status = 422 if form.errors else 200
    return render_template("auth/login.html", form=form), status


@bp.post("/logout")
@login_required
def logout():
    """Log out on this device: its session and remember cookies stop working, copies too."""
    sessions.end(current_user)
    db.session.commit()
    logout_user()
    return redirect(url_for("auth.login"))


@bp.post("/logout/everywhere")
@login_required
def logout_everywhere():
    """Log out every device, this one included (a lost phone, a shared computer)."""
    sessions.end_all(current_user.id)
    db.session.commit()
    logout_user()
    flash("You're logged out on every device.")
    return redirect(url_for("auth.login"))
