"""My card, its QR codes and the public card page."""

from flask import Blueprint, render_template
from flask_login import login_required

bp = Blueprint("cards", __name__)


@bp.get("/card")
@login_required
def mine():
    """Set up my card."""
    return render_template("cards/mine.html")


@bp.get("/card/qr")
@login_required
def show_qr():
    """My QR, full screen."""
    return render_template("cards/mine.html")
