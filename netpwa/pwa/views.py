"""Installable app: the manifest, the service worker (from the root scope) and the offline page."""

import json

from flask import Blueprint, current_app, render_template, url_for

from netpwa.pwa.manifest import web_manifest
from netpwa.pwa.precache import on_demand, shell_version, static_assets

bp = Blueprint("pwa", __name__)

SW_TEMPLATE = "pwa/sw.js"
OUTBOX_SCRIPT = "js/outbox.js"


@bp.app_template_global()
def has_endpoint(name: str) -> bool:
    """The app shell's navigation links a capability only once it exists (Follow-ups)."""
    return name in current_app.view_functions


def _no_cache(response):
    # Browsers must ask every time, or a phone keeps an old worker (and an old shell) for a day.
    response.headers["Cache-Control"] = "no-cache"
    return response


@bp.get("/manifest.webmanifest")
def manifest():
    """The web app manifest."""
    response = current_app.response_class(json.dumps(web_manifest(), indent=1),
                                          mimetype="application/manifest+json")
    return _no_cache(response)


def worker_config() -> dict:
    """What sw.js needs to know, computed here so the precache list follows the files."""
    assets = static_assets(current_app.static_folder)
    source, _name, _uptodate = current_app.jinja_env.loader.get_source(
        current_app.jinja_env, SW_TEMPLATE)
    pages = [url_for("meet.home"), url_for("pwa.offline"), url_for("cards.show_qr"),
             url_for("interviews.prompts"),
             # Name practice opens offline; static/js/recall-offline.js fills the kept copy
             # with what the phone knows (the names-due drill, and the 10-second recall).
             url_for("recall.practice"), url_for("recall.practice", scope="last")]
    version = shell_version(assets, source, *pages)
    # Every static URL carries its file's content hash (netpwa/pwa/static_files.py), so these
    # are the very URLs the pages ask for.
    return {
        "version": version,
        "shellCache": f"netpwa-shell-{version}",
        "pagesCache": f"netpwa-pages-{version}",
        "assets": [url_for("static", filename=asset.path) for asset in assets
                   if not on_demand(asset)],
        "onDemand": [url_for("static", filename=asset.path) for asset in assets
                     if on_demand(asset)],
        "pages": pages,
        "captureUrl": url_for("meet.home"),
        "offlineUrl": url_for("pwa.offline"),
        "logoutUrl": url_for("auth.logout"),
        "staticPrefix": url_for("static", filename=""),
        "apiPrefix": "/api/",
        "outboxScript": url_for("static", filename=OUTBOX_SCRIPT),
        "syncUrl": url_for("sync.push"),
        "changesUrl": url_for("sync.pull"),
    }


@bp.get("/sw.js")
def service_worker():
    """The service worker, from the root so that its scope is the whole app."""
    body = render_template(SW_TEMPLATE, config=worker_config())
    response = current_app.response_class(body, mimetype="text/javascript")
    return _no_cache(response)


@bp.get("/offline")
def offline():
    """Shown when a page isn't available offline: what still works, and the recent contacts."""
    return render_template("pwa/offline.html")
