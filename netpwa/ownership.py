"""Every row belongs to a user: the one way views fetch a row by id."""

from flask import abort
from flask_login import current_user
from sqlalchemy import select

from netpwa.extensions import db


def owned_or_404(model, row_id: int):
    """The current user's row with that id, or 404 (never 403: ids must not leak)."""
    row = db.session.scalar(
        select(model).where(model.id == row_id, model.owner_id == current_user.id))
    if row is None:
        abort(404)
    return row
