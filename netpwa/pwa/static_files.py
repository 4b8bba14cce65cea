"""Static files as a phone wants them: content-hashed URLs cached for a year, and compressed once.

- Every `url_for("static", filename=...)` gets `?v=<hash of the file's bytes>` (the same hash the
  service worker's precache uses, netpwa/pwa/precache.py), so a changed file has a new URL.
- A request whose `v` is the file's current hash is answered `Cache-Control: public,
  max-age=31536000, immutable`: the browser never asks again. Without it, or with an old hash,
  the file keeps Flask's `no-cache` (revalidated), so nobody keeps a stale copy for a year.
- CSS, JavaScript, JSON, SVG and the scanner's wasm go out as brotli (or gzip), compressed once
  per process per file version and encoding and kept in memory (the whole static folder
  compresses to well under 1 MB). Pages and API answers are compressed per response by
  Flask-Compress (netpwa/extensions.py), which leaves these alone since they already carry a
  Content-Encoding.
"""

import functools
import gzip
import threading
from pathlib import Path

import brotli
from flask import current_app, request

from netpwa.pwa.precache import file_revision
from netpwa.pwa.views import bp

IMMUTABLE = "public, max-age=31536000, immutable"
COMPRESSIBLE = frozenset({"text/css", "text/javascript", "application/javascript",
                          "application/json", "application/manifest+json", "image/svg+xml",
                          "application/wasm", "text/plain"})
# Smallest file worth compressing. Brotli's best quality (11) is 5-9% smaller than 9 and takes
# 2.5x as long (htmx: 142 ms instead of 57), paid once per process per file; past 128 KB (the
# scanner's 1 MB wasm) quality 9, so the first scan after a restart doesn't wait seconds.
MIN_BYTES = 500
BEST_QUALITY_BELOW = 128 * 1024

_compressed: dict[tuple[str, str, str], bytes] = {}
_lock = threading.Lock()


def _static_path(filename: str) -> Path | None:
    path = _resolved(current_app.static_folder, filename)
    return path if path is not None and path.is_file() else None


@functools.lru_cache(maxsize=1024)
def _resolved(static_folder: str, filename: str) -> Path | None:
    """Where a static filename points, inside the folder or None. Remembered: a page links a
    dozen static files, and resolving each path again stat()ed every folder on the way."""
    root = Path(static_folder).resolve()
    path = (root / filename).resolve()
    return path if path.is_relative_to(root) else None


@bp.app_url_defaults
def _hashed_static_url(endpoint: str, values: dict) -> None:
    if endpoint != "static" or "v" in values or "filename" not in values:
        return
    path = _static_path(values["filename"])
    if path is not None:
        values["v"] = file_revision(path)


def accepted_encoding(header: str) -> str | None:
    """"br" or "gzip", whichever the Accept-Encoding header allows (brotli first)."""
    allowed = set()
    for part in header.split(","):
        name, _, params = part.strip().partition(";")
        quality = params.strip().removeprefix("q=") if params.strip().startswith("q=") else "1"
        try:
            if float(quality) > 0:
                allowed.add(name.strip().lower())
        except ValueError:
            continue
    for encoding in ("br", "gzip"):
        if encoding in allowed:
            return encoding
    return None


def compressed(path: Path, revision: str, encoding: str) -> bytes:
    """The file's bytes in this encoding, made once per file version."""
    key = (str(path), revision, encoding)
    found = _compressed.get(key)
    if found is None:
        data = path.read_bytes()
        if encoding == "br":
            found = brotli.compress(data, quality=11 if len(data) < BEST_QUALITY_BELOW else 9)
        else:
            found = gzip.compress(data, compresslevel=9, mtime=0)
        with _lock:
            # An older version of the same file is of no use any more.
            for stale in [k for k in _compressed if k[0] == key[0] and k[1] != revision]:
                del _compressed[stale]
            _compressed[key] = found
    return found


@bp.after_app_request
def _static_headers(response):
    if request.endpoint != "static" or response.status_code not in (200, 304):
        return response
    path = _static_path((request.view_args or {}).get("filename", ""))
    if path is None:
        return response
    revision = file_revision(path)
    if request.args.get("v") == revision:
        response.headers["Cache-Control"] = IMMUTABLE
    response.vary.add("Accept-Encoding")
    encoding = accepted_encoding(request.headers.get("Accept-Encoding", ""))
    if (response.status_code != 200 or encoding is None or "Content-Encoding" in response.headers
            or response.mimetype not in COMPRESSIBLE or path.stat().st_size < MIN_BYTES
            or request.range is not None):
        return response
    body = compressed(path, revision, encoding)
    response.close()  # the open file send_file would have streamed
    response.direct_passthrough = False
    response.set_data(body)
    response.headers["Content-Encoding"] = encoding
    etag, weak = response.get_etag()
    if etag:
        response.set_etag(f"{etag}-{encoding}", weak=weak)
    return response
