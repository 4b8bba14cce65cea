"""Register, log in, log out (this device or everywhere)."""

from urllib.parse import urlsplit

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required, login_user, logout_user
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from netpwa import mail
from netpwa.auth import sessions, signup
from netpwa.auth.signals import registered
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


CHECK_EMAIL = ("Check your email: we've sent a message to {email} saying how to go on. "
               "The link in it works for an hour.")


def _create_user(email: str, display_name: str, password_hash: str) -> User | None:
    """The new account, logged in on this device; None when the email is taken."""
    if _find_user(email):
        db.session.rollback()
        return None
    user = User(email=email, display_name=display_name, password_hash=password_hash)
    db.session.add(user)
    try:
        db.session.flush()
    except IntegrityError:  # the same email registered a moment ago, in another request
        db.session.rollback()
        return None
    registered.send(current_app._get_current_object(), user=user)
    log_in(user, remember=True)
    flash("Welcome! Create your first event, or just start capturing.")
    return user


def _mail_registration(email: str, display_name: str, password_hash: str) -> None:
    """With mail configured, /register answers alike for new and known emails; the mail
    says which it was."""
    begin_read()
    exists = _find_user(email) is not None
    end_read()
    if exists:
        body = ("Someone (hopefully you) tried to create a netpwa account with this email, "
                "but you already have one.\n\nLog in: "
                f"{url_for('auth.login', _external=True)}\nForgot your password? "
                f"{url_for('auth.reset_request', _external=True)}\n\n"
                "If it wasn't you, ignore this email: nothing changed.\n")
    else:
        token = signup.make_token(email, display_name, password_hash,
                                  current_app.config["SECRET_KEY"])
        body = ("Welcome to netpwa! Finish creating your account here (the link works for "
                f"an hour):\n{url_for('auth.confirm_registration', token=token, _external=True)}"
                "\n\nIf it wasn't you, ignore this email: no account is made.\n")
    mail.send(current_app.config, email, "Your netpwa account", body)


@bp.route("/register", methods=["GET", "POST"])
@limiter.limit(_config_limit("REGISTER_RATE_LIMIT"), methods=["POST"])
def register():
    """Create an account. Without mail configured it logs straight in; with SMTP_URL the
    answer is "check your email" whether or not the address has an account."""
    form = RegisterForm()
    if form.validate_on_submit():
        email = form.email.data.strip().lower()
        limit_account(limiter, "register", email, "REGISTER_ACCOUNT_RATE_LIMIT")
        password_hash = hash_password(form.password.data)  # slow: before any transaction
        display_name = (form.display_name.data or "").strip()
        if current_app.config.get("SMTP_URL"):
            _mail_registration(email, display_name, password_hash)
            return render_template("auth/check_email.html",
                                   message=CHECK_EMAIL.format(email=email))
        if _create_user(email, display_name, password_hash):
            return redirect(url_for("meet.home"))
        form.email.errors.append("An account with that email exists. Log in instead.")
    status = 422 if form.errors else 200
    return render_template("auth/register.html", form=form), status


@bp.route("/register/confirm/<token>", methods=["GET", "POST"])
def confirm_registration(token: str):
    """The emailed link: a page with one button (a GET never writes), which creates the
    account and logs in."""
    data = signup.read_token(token, current_app.config["SECRET_KEY"])
    if data is None:
        return render_template("auth/reset_invalid.html", register=True), 404
    if request.method == "POST":
        if _create_user(data["email"], data["name"], data["hash"]):
            return redirect(url_for("meet.home"))
        flash("That account exists already: log in.")
        return redirect(url_for("auth.login"))
    return render_template("auth/confirm_registration.html", email=data["email"])


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
