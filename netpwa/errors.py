"""Friendly error pages for people, JSON errors for /api: never a bare 500."""

from flask import g, jsonify, make_response, render_template, request
from flask_login import AnonymousUserMixin
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import DBAPIError, SQLAlchemyError
from werkzeug.exceptions import HTTPException, InternalServerError

from netpwa.extensions import db

MESSAGES = {
    400: "That request didn't make sense to us.",
    401: "Please log in first.",
    403: "That isn't yours to change.",
    404: "We couldn't find that. It may have been deleted, or the link is wrong.",
    405: "That action isn't available here.",
    409: "That conflicts with something already saved.",
    413: "That upload is too large.",
    415: "That file type isn't supported.",
    422: "Some of that input isn't valid.",
    429: "Too many attempts. Wait a minute and try again.",
    500: "Something went wrong on our side. Nothing you saved was lost.",
    503: "We're busy for a moment. Nothing you saved was lost: try again in a few seconds.",
}
# How long a client should wait after a 503 (a locked or unreachable database).
RETRY_AFTER_SECONDS = 5


def wants_json() -> bool:
    return request.path.startswith("/api/") or (
        request.accept_mimetypes.best == "application/json")


def error_response(status: int, message: str | None = None, field: str | None = None):
    """The single shape of every error: JSON {error, field} for the API, a page otherwise."""
    message = message or MESSAGES.get(status, "Something went wrong.")
    if wants_json():
        response = jsonify(error=message, field=field)
    else:
        try:
            response = render_template("errors/error.html", status=status, message=message)
        except SQLAlchemyError:
            # The page shows who is logged in, and loading them needs the database, which is
            # what failed: show the page as to a visitor instead of a bare 500.
            _forget_database_work()
            response = render_template("errors/error.html", status=status, message=message)
    return response, status


def _rollback_quietly() -> None:
    try:
        db.session.rollback()
    except SQLAlchemyError:  # the database is gone; nothing to roll back there
        pass


def _forget_database_work() -> None:
    """Roll back whatever the request started, tolerating a database that is gone, and make
    the rest of the request anonymous so that no template asks the database for the user."""
    _rollback_quietly()
    g._login_user = AnonymousUserMixin()  # Flask-Login's per-request user


def database_unavailable(error: Exception) -> bool:
    """A locked SQLite database or an unreachable server: worth a retry, not a 500."""
    if not isinstance(error, DBAPIError):
        return False
    text = str(error.orig if error.orig is not None else error).lower()
    return (error.connection_invalidated or "database is locked" in text
            or "database is busy" in text or "could not connect" in text
            or "connection refused" in text or "server closed the connection" in text
            or "connection failed" in text or "terminating connection" in text
            or "unable to open database" in text)


def unavailable_response():
    _forget_database_work()
    body, status = error_response(503)
    response = make_response(body, status)
    response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def init_app(app):
    @app.errorhandler(CSRFError)
    def csrf_error(error):
        return error_response(
            400, "Your session expired or the form was stale. Reload the page and try again.",
            field="csrf_token")

    @app.errorhandler(HTTPException)
    def http_error(error):
        if error.code is not None and error.code < 400:
            return error
        return error_response(error.code or 500, MESSAGES.get(error.code or 500))

    @app.errorhandler(Exception)
    def unexpected(error):
        if database_unavailable(error):
            app.logger.warning("database unavailable: %s", error)
            return unavailable_response()
        _rollback_quietly()
        app.logger.exception("unhandled error", exc_info=error)
        return error_response(500)

    @app.errorhandler(InternalServerError)
    def internal(error):
        original = getattr(error, "original_exception", None)
        if original is not None and database_unavailable(original):
            return unavailable_response()
        _rollback_quietly()
        return error_response(500)
