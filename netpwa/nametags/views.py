"""Name tags."""

from flask import Blueprint, render_template
from flask_login import login_required

bp = Blueprint("nametags", __name__)


@bp.get("/tags")
@login_required
def index():
    """Name tags for me and my events."""
    return render_template("nametags/index.html")
