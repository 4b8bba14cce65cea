"""Health for load balancers, `make run` checks and people: JSON that says what is wrong."""

from flask import Blueprint, current_app, jsonify
from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from netpwa.errors import RETRY_AFTER_SECONDS
from netpwa.extensions import csrf, db

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz():
    """200 {"status": "ok"} when the app and its database answer; else 503 naming the part."""
    try:
        db.session.execute(select(1))
        db.session.rollback()
    except SQLAlchemyError as error:
        current_app.logger.warning("healthz: database unreachable: %s", error)
        try:
            db.session.rollback()
        except SQLAlchemyError:
            pass
        response = jsonify(status="error", database="unreachable",
                           error="The database doesn't answer.")
        response.status_code = 503
        response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    return {"status": "ok", "database": "ok"}


csrf.exempt(bp)
