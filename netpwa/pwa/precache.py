"""The app shell the service worker precaches: static files, each with a content hash."""

import hashlib
from dataclasses import dataclass
from pathlib import Path

# What a page needs to run offline; licences, sources and maps stay on the server, and so do
# TrueType fonts, which only the name-tag PDF renderer reads (web fonts would be .woff2).
SHELL_SUFFIXES = frozenset({".css", ".js", ".mjs", ".wasm", ".png", ".svg", ".webp", ".ico",
                            ".woff", ".woff2", ".json", ".jpg", ".jpeg", ".gif"})
# A very large vendored file would make the first visit on a phone slow; fetch it on demand.
MAX_ASSET_BYTES = 5 * 1024 * 1024
# Shell files that most visits never use, kept out of the first visit's download: the scanner's
# decoder (static/js/scan.js asks the worker to keep it when the scan screen opens in a browser
# without BarcodeDetector) and the name tags' screen fonts. The worker keeps them once fetched.
ON_DEMAND_PREFIXES = ("vendor/zxing-wasm-", "vendor/barcode-detector-", "fonts/tags/")

_hashes: dict[tuple[str, int, int], str] = {}


@dataclass(frozen=True)
class Asset:
    """One static file: its path under static/ and a hash of its bytes."""

    path: str
    revision: str


def file_revision(path: Path) -> str:
    """A short content hash, remembered while the file's size and mtime stay the same."""
    stat = path.stat()
    key = (str(path), stat.st_size, stat.st_mtime_ns)
    if key not in _hashes:
        _hashes[key] = hashlib.sha256(path.read_bytes()).hexdigest()[:16]
    return _hashes[key]


def static_assets(static_folder: str | Path) -> list[Asset]:
    """Every shell file under static/, sorted, so the list (and its hash) is stable."""
    root = Path(static_folder)
    assets = []
    for path in sorted(root.rglob("*")):
        if (path.is_file() and path.suffix.lower() in SHELL_SUFFIXES
                and not path.name.startswith(".") and path.stat().st_size <= MAX_ASSET_BYTES):
            assets.append(Asset(path.relative_to(root).as_posix(), file_revision(path)))
    return assets


def on_demand(asset: Asset) -> bool:
    """Whether the worker fetches this file when a page first needs it, not at install."""
    return asset.path.startswith(ON_DEMAND_PREFIXES)


def shell_version(assets: list[Asset], *extra: str) -> str:
    """One hash over every asset's path and revision (and the worker's own code): the cache
    name changes whenever any file does, so the new worker fetches a fresh shell."""
    digest = hashlib.sha256()
    for asset in assets:
        digest.update(f"{asset.path}\0{asset.revision}\n".encode())
    for part in extra:
        digest.update(part.encode())
    return digest.hexdigest()[:12]
