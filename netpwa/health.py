"""Liveness for load balancers and `make run` checks."""

from flask import Blueprint
from sqlalchemy import select

from netpwa.extensions import csrf, db

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz():
    """200 when the app and its database answer."""
    db.session.execute(select(1))
    return {"status": "ok"}


csrf.exempt(bp)
