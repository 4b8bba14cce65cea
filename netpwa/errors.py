"""Friendly error pages for people, JSON errors for /api: never a bare 500."""

from flask import jsonify, render_template, request
from flask_wtf.csrf import CSRFError
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
}


def wants_json() -> bool:
    return request.path.startswith("/api/") or (
        request.accept_mimetypes.best == "application/json")


def error_response(status: int, message: str | None = None, field: str | None = None):
    """The single shape of every error: JSON {error, field} for the API, a page otherwise."""
    message = message or MESSAGES.get(status, "Something went wrong.")
    if wants_json():
        response = jsonify(error=message, field=field)
    else:
        response = render_template("errors/error.html", status=status, message=message)
    return response, status


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
        db.session.rollback()
        app.logger.exception("unhandled error", exc_info=error)
        return error_response(500)

    @app.errorhandler(InternalServerError)
    def internal(error):
        db.session.rollback()
        return error_response(500)
