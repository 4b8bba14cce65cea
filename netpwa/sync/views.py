"""sync views."""

from flask import Blueprint

bp = Blueprint("sync", __name__)
