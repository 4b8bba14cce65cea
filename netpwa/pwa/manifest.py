"""The web app manifest: what the phone shows when netpwa is installed."""

from flask import url_for

LIGHT = {"theme_color": "#2546d8", "background_color": "#f7f7fb"}
DARK = {"theme_color": "#111318", "background_color": "#111318"}


def _icon(name: str, size: int, purpose: str = "any") -> dict:
    return {"src": url_for("static", filename=f"icons/{name}"), "sizes": f"{size}x{size}",
            "type": "image/png", "purpose": purpose}


def web_manifest() -> dict:
    """The manifest for this app (needs a request or app context for url_for)."""
    capture_icon = [_icon("shortcut-capture-96.png", 96)]
    qr_icon = [_icon("shortcut-qr-96.png", 96)]
    return {
        "id": "/",
        "name": "netpwa: meet people, remember them",
        "short_name": "netpwa",
        "description": "Capture the people you meet at events, even with no signal, "
                       "swap QR cards and follow up.",
        "lang": "en",
        "dir": "ltr",
        "start_url": url_for("meet.home"),
        "scope": "/",
        "display": "standalone",
        "orientation": "any",
        "categories": ["business", "productivity", "social"],
        **LIGHT,
        # Chromium's dark-mode extension; browsers without it keep the light colours above,
        # and the pages' own theme-color meta tags follow the system theme everywhere.
        "user_preferences": {"color_scheme_dark": DARK},
        "icons": [
            _icon("icon-192.png", 192), _icon("icon-512.png", 512),
            _icon("maskable-192.png", 192, "maskable"), _icon("maskable-512.png", 512, "maskable"),
        ],
        "shortcuts": [
            {"name": "Capture", "short_name": "Capture",
             "description": "Write down the name of someone you just met",
             "url": url_for("meet.home"), "icons": capture_icon},
            {"name": "My QR", "short_name": "My QR",
             "description": "Show my QR card so they can save my details",
             "url": url_for("cards.show_qr"), "icons": qr_icon},
        ],
    }
