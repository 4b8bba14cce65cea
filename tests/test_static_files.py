"""A light first load: static files under content-hashed URLs cached for a year, pages and
files compressed, the first visit's precache without the scanner's decoder or the tag fonts."""

import gzip
import json
import re
from pathlib import Path

import brotli

STATIC = Path(__file__).resolve().parent.parent / "static"
HASHED = re.compile(r'(?:href|src)="(/static/[^"?]+)\?v=([0-9a-f]{16})"')


def _static_urls(html: str) -> list[tuple[str, str]]:
    return HASHED.findall(html)


def test_pages_ask_for_static_files_by_content_hash_and_those_are_cached_for_a_year(client):
    """Every stylesheet and script on a page has ?v=<hash of its bytes>; that URL is immutable
    for a year, while the bare URL or an old hash is revalidated every time."""
    html = client.get("/login").get_data(as_text=True)
    urls = _static_urls(html)
    assert any(path.endswith("/css/app.css") for path, _v in urls)
    assert not re.search(r'(?:href|src)="/static/[^"?]+"', html), "an unhashed static URL"
    for path, revision in urls:
        with client.get(f"{path}?v={revision}") as response:
            assert response.status_code == 200, path
            assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    path, revision = urls[0]
    for stale in (path, f"{path}?v={'0' * 16}"):
        with client.get(stale) as response:
            assert response.status_code == 200
            assert "immutable" not in response.headers["Cache-Control"]
            assert "no-cache" in response.headers["Cache-Control"]


def test_a_changed_file_gets_a_new_url(app, tmp_path):
    """Editing a static file changes the URL pages use for it."""
    css = tmp_path / "css"
    css.mkdir()
    (css / "x.css").write_text("a { color: red; }")
    app.static_folder = str(tmp_path)
    with app.test_request_context():
        from flask import url_for
        before = url_for("static", filename="css/x.css")
        (css / "x.css").write_text("a { color: blue; }")
        after = url_for("static", filename="css/x.css")
    assert before != after and before.split("?")[0] == after.split("?")[0]


def test_static_css_and_js_arrive_compressed_and_decode_to_the_file(client):
    """brotli for browsers that take it, gzip for the rest, nothing for clients that ask for
    neither; always the file's exact bytes once decoded, and Vary: Accept-Encoding."""
    html = client.get("/login").get_data(as_text=True)
    for path, revision in _static_urls(html):
        if not path.endswith((".css", ".js")):
            continue
        original = (STATIC / path.removeprefix("/static/")).read_bytes()
        if len(original) < 500:
            continue
        url = f"{path}?v={revision}"
        with client.get(url, headers={"Accept-Encoding": "gzip, deflate, br"}) as response:
            assert response.headers["Content-Encoding"] == "br", path
            assert brotli.decompress(response.data) == original
            assert len(response.data) < len(original)
            assert "Accept-Encoding" in response.headers["Vary"]
        with client.get(url, headers={"Accept-Encoding": "gzip"}) as response:
            assert response.headers["Content-Encoding"] == "gzip"
            assert gzip.decompress(response.data) == original
        with client.get(url, headers={"Accept-Encoding": "identity"}) as response:
            assert "Content-Encoding" not in response.headers and response.data == original


def test_pages_and_json_are_compressed(auth, client, make_contact):
    """HTML pages and the sync API's JSON come compressed (anything under 500 bytes is sent as
    it is: compressing it would not shrink it)."""
    owner = auth.as_new_user()
    for index in range(5):
        make_contact(owner, name=f"Person Number {index}")
    for url in ("/", "/api/changes?since=", "/contacts"):
        response = client.get(url, headers={"Accept-Encoding": "br, gzip"})
        assert response.status_code == 200, url
        assert response.headers.get("Content-Encoding") == "br", url
        body = brotli.decompress(response.data)
        if url.startswith("/api/"):
            assert isinstance(json.loads(body), dict)
        else:
            assert b"<!doctype html>" in body
    response = client.get("/login", headers={"Accept-Encoding": "gzip"})
    assert response.headers["Content-Encoding"] == "gzip"
    assert b"<!doctype html>" in gzip.decompress(response.data)


def test_the_first_visit_precaches_neither_the_scanner_decoder_nor_the_tag_fonts(client):
    """The worker's install list leaves out the 1 MB wasm, its polyfill and the name tags'
    screen fonts; those are named as on-demand, under the same hashed URLs pages use."""
    body = client.get("/sw.js").get_data(as_text=True)
    config = json.loads(re.search(r"^const CONFIG = (\{.*\});$", body, re.M).group(1))
    assets, on_demand = config["assets"], config["onDemand"]
    assert not [url for url in assets if ".wasm" in url or "barcode-detector" in url
                or "/fonts/tags/" in url]
    paths = [url.split("?v=")[0] for url in on_demand]
    assert "/static/vendor/zxing-wasm-3.1.3/zxing_reader.wasm" in paths
    assert "/static/vendor/barcode-detector-3.2.2/polyfill.js" in paths
    assert "/static/fonts/tags/NotoSans-Bold.woff2" in paths
    assert all(re.fullmatch(r"/static/[^?]+\?v=[0-9a-f]{16}", url) for url in on_demand)


def test_one_stylesheet_blocks_every_page(client):
    """The base layout links one stylesheet (the app's, with the installable app's rules in it)."""
    html = client.get("/login").get_data(as_text=True)
    sheets = re.findall(r'<link rel="stylesheet" href="([^"]+)"', html)
    assert len(sheets) == 1 and sheets[0].startswith("/static/css/app.css?v=")
