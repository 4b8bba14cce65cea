"""The installable app's server side: manifest, service worker, precache list, icons, HTTPS."""

import json
import re
import stat
from pathlib import Path

import pytest
from cryptography import x509
from helpers import page_text
from PIL import Image

from netpwa.pwa.precache import shell_version, static_assets
from netpwa.pwa.selfsigned import ensure_certificate

STATIC = Path(__file__).resolve().parent.parent / "static"


def _worker_config(response) -> dict:
    match = re.search(r"^const CONFIG = (\{.*\});$", response.get_data(as_text=True), re.M)
    return json.loads(match.group(1))


def test_manifest_describes_an_installable_standalone_app(client):
    """Name, start URL and scope at the root, standalone, colours, icons and both shortcuts."""
    response = client.get("/manifest.webmanifest")
    assert response.status_code == 200
    assert response.mimetype == "application/manifest+json"
    assert response.headers["Cache-Control"] == "no-cache"
    manifest = response.get_json(force=True)
    assert manifest["short_name"] == "netpwa" and manifest["name"].startswith("netpwa")
    assert (manifest["start_url"], manifest["scope"], manifest["display"]) == ("/", "/", "standalone")
    assert manifest["theme_color"] and manifest["background_color"]
    assert manifest["user_preferences"]["color_scheme_dark"]["background_color"] == "#111318"
    sizes = {(icon["sizes"], icon["purpose"]) for icon in manifest["icons"]}
    assert {("192x192", "any"), ("512x512", "any"), ("512x512", "maskable")} <= sizes
    assert [(s["name"], s["url"]) for s in manifest["shortcuts"]] == [
        ("Capture", "/"), ("My QR", "/card/qr")]


def test_every_icon_in_the_manifest_exists_at_its_stated_size(client):
    """The PNGs made by scripts/make_icons.py are committed and match the manifest; maskable
    and apple-touch icons are opaque (their platforms crop or fill transparency)."""
    manifest = client.get("/manifest.webmanifest").get_json(force=True)
    icons = manifest["icons"] + [i for s in manifest["shortcuts"] for i in s["icons"]]
    for icon in icons:
        response = client.get(icon["src"])
        response.close()
        assert response.status_code == 200, icon["src"]
        path = STATIC / icon["src"].removeprefix("/static/").split("?v=")[0]
        with Image.open(path) as image:
            assert f"{image.width}x{image.height}" == icon["sizes"]
            if icon["purpose"] == "maskable":
                assert image.mode == "RGB"
    with Image.open(STATIC / "icons" / "apple-touch-icon.png") as image:
        assert image.size == (180, 180) and image.mode == "RGB"


def test_service_worker_is_served_from_the_root_never_cached(client):
    """sw.js at /, JavaScript, revalidated every time, and no Service-Worker-Allowed needed."""
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response.mimetype == "text/javascript"
    assert response.headers["Cache-Control"] == "no-cache"
    assert "Service-Worker-Allowed" not in response.headers
    text = response.get_data(as_text=True)
    assert "importScripts(CONFIG.outboxScript)" in text
    assert 'addEventListener("activate"' in text and "caches.delete" in text


def test_precache_list_comes_from_the_static_files(client):
    """The worker precaches the CSS, our JS, vendored htmx and the icons; the shell pages are
    the capture screen, the offline page, My QR, the conversation prompts and name practice
    (the names due and the 10-second recall); licences and PDF
    fonts stay out."""
    config = _worker_config(client.get("/sw.js"))
    assert all(re.fullmatch(r"/static/[^?]+\?v=[0-9a-f]{16}", url) for url in config["assets"])
    assets = [url.split("?v=")[0] for url in config["assets"]]
    for url in ("/static/css/app.css", "/static/js/outbox.js", "/static/js/pwa.js",
                "/static/vendor/htmx-2.0.11/htmx.min.js", "/static/icons/icon-512.png"):
        assert url in assets
    assert not [url for url in assets if url.endswith((".ttf", "LICENSE", ".md"))]
    assert config["pages"] == ["/", "/offline", "/card/qr", "/prompts", "/recall/practice",
                              "/recall/practice?scope=last"]
    assert config["shellCache"] == f"netpwa-shell-{config['version']}"
    assert re.fullmatch(r"/static/js/outbox\.js\?v=[0-9a-f]{16}", config["outboxScript"])


def test_cache_version_changes_when_any_asset_changes(tmp_path):
    """Editing one file changes the shell's version (so the cache name), and only then."""
    (tmp_path / "css").mkdir()
    (tmp_path / "css" / "app.css").write_text("body { color: black; }")
    (tmp_path / "LICENSE").write_text("MIT")
    before = shell_version(static_assets(tmp_path), "sw")
    assert shell_version(static_assets(tmp_path), "sw") == before
    assert [a.path for a in static_assets(tmp_path)] == ["css/app.css"]
    (tmp_path / "css" / "app.css").write_text("body { color: navy; }")
    assert shell_version(static_assets(tmp_path), "sw") != before
    assert shell_version(static_assets(tmp_path), "sw changed") != shell_version(
        static_assets(tmp_path), "sw")


def test_offline_page_needs_no_login(client):
    """The fallback page renders for anyone and says what still works."""
    response = client.get("/offline")
    assert response.status_code == 200
    assert "You're offline" in page_text(response) and "Captures still work" in page_text(response)


def test_every_page_links_the_manifest_icons_and_ios_meta(client):
    """The manifest, the apple-touch-icon, iOS's full-screen and status-bar meta, the worker's
    registration script and the hidden iOS hint are on every page."""
    text = page_text(client.get("/login"))
    assert '<link rel="manifest" href="/manifest.webmanifest">' in text
    assert re.search(r'rel="apple-touch-icon" href="/static/icons/apple-touch-icon\.png'
                     r'\?v=[0-9a-f]{16}"', text)
    assert '<meta name="apple-mobile-web-app-capable" content="yes">' in text
    assert '<meta name="apple-mobile-web-app-status-bar-style" content="default">' in text
    assert re.search(r'src="/static/js/pwa\.js\?v=[0-9a-f]{16}" data-sw="/sw\.js"', text)
    assert "data-ios-hint hidden" in text
    assert 'id="sync-status"' not in text and "outbox.js" not in text


def test_logged_in_pages_carry_the_outbox(client, auth, make_event):
    """Logged in: the sync status for this user, the outbox scripts, a capture form marked for
    the outbox with its event, and the recent list."""
    user_id = auth.as_new_user()
    event_id = make_event(user_id, current=True)
    text = page_text(client.get("/"))
    assert f'data-user="{user_id}"' in text and 'data-sync-url="/api/sync"' in text
    assert "/static/js/outbox.js" in text and "/static/js/sync-queue.js" in text
    assert f'data-outbox="create" data-event-id="{event_id}"' in text
    assert "data-recent " in text


@pytest.fixture
def certificate(tmp_path):
    certfile, keyfile = ensure_certificate(tmp_path, lan="192.168.1.23")
    return Path(certfile), Path(keyfile)


def test_self_signed_certificate_covers_localhost_and_the_lan_address(certificate):
    """`make run HTTPS=1`'s certificate names localhost, 127.0.0.1 and the LAN address, and its
    key is readable by the owner only."""
    certfile, keyfile = certificate
    cert = x509.load_pem_x509_certificate(certfile.read_bytes())
    san = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    assert san.get_values_for_type(x509.DNSName) == ["localhost"]
    assert {str(ip) for ip in san.get_values_for_type(x509.IPAddress)} == {
        "127.0.0.1", "::1", "192.168.1.23"}
    assert stat.S_IMODE(keyfile.stat().st_mode) == 0o600


def test_certificate_is_kept_until_the_lan_address_changes(certificate, tmp_path):
    """A restart reuses the certificate (the phone already trusts it); a new address remakes it."""
    certfile, _ = certificate
    first = certfile.read_bytes()
    ensure_certificate(tmp_path, lan="192.168.1.23")
    assert certfile.read_bytes() == first
    ensure_certificate(tmp_path, lan="10.0.0.7")
    assert certfile.read_bytes() != first
