"""Scanning other people's QR codes."""

from flask import Blueprint, render_template
from flask_login import login_required

bp = Blueprint("scan", __name__)


@bp.get("/scan")
@login_required
def index():
    """The scanner."""
    return render_template("scan/index.html")
