"""QR business cards and scan-to-connect in headless Chromium, as two people would use them."""

import io
import re
from pathlib import Path

import pytest
import segno
from segno import helpers as segno_helpers
from e2e_helpers import register
from playwright.sync_api import expect
from PIL import Image

from conftest import CHROMIUM, CHROMIUM_ARGS, PHONE


def set_up_card(page):
    """Ana fills in her card and makes her headline and LinkedIn public (email stays private)."""
    page.goto("/card")
    page.get_by_label("Name", exact=True).fill("Zoë Ñúñez")
    page.get_by_label("Headline / role", exact=True).fill("Data lead")
    page.get_by_label("LinkedIn", exact=True).fill("linkedin.com/in/zoe-nunez")
    page.get_by_label("Email", exact=True).fill("zoe.private@example.com")
    page.get_by_label("Public: show Email on my card").uncheck()
    page.get_by_role("button", name="Save card").click()
    expect(page.locator(".flash")).to_contain_text("Card saved")
    return page.get_by_role("link", name="Open my card page").get_attribute("href")


def test_two_people_connect_through_a_card_and_scan_photos(browser, live_server, tmp_path):
    """A sets up a card; B opens its URL and connects; both see each other in their contacts;
    B uploads a PNG of A's QR and gets it decoded and prefilled, and a segno vCard QR too."""
    contexts = [browser.new_context(viewport=PHONE, has_touch=True, is_mobile=True,
                                    base_url=live_server.url) for _ in range(2)]
    a, b = (context.new_page() for context in contexts)
    errors = []
    for page in (a, b):
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    register(a, "zoe@example.com", name="Zoë")
    card_url = set_up_card(a)
    assert "zoe.private@example.com" not in a.request.get(card_url).text()

    register(b, "bea@example.com", name="Bea Costa")
    b.goto(card_url)
    expect(b.locator("h1")).to_contain_text("Zoë Ñúñez")
    expect(b.locator("body")).not_to_contain_text("zoe.private@example.com")
    # What Bea is promised is what Zoë gets: her card and her email.
    expect(b.locator("#connect")).to_contain_text(re.compile(
        r"gets your\s+(public card and email|name and email \(Bea Costa,) \(?bea@example\.com\)"))
    b.get_by_role("button", name="Connect").click()
    expect(b.locator(".flash")).to_contain_text("Connected with Zoë Ñúñez")
    b.goto("/contacts")
    expect(b.locator("main")).to_contain_text("Zoë Ñúñez")
    a.goto("/contacts")
    a.get_by_role("link", name="Bea Costa").click()
    expect(a.locator("main")).to_contain_text("bea@example.com")

    png = tmp_path / "zoe-qr.png"
    png.write_bytes(b.request.get(card_url + "/qr.png").body())
    b.goto("/scan")
    expect(b.get_by_role("button", name="Read the photo")).to_be_hidden()  # choosing reads it
    b.get_by_label("Photo of a QR code").set_input_files(str(png))
    expect(b.get_by_role("button", name="Connect with Zoë Ñúñez")).to_be_visible()
    expect(b.get_by_text("Already in your contacts: Zoë Ñúñez")).to_be_visible()
    expect(b.locator("[data-scanned=name]")).to_have_text("Zoë Ñúñez")
    expect(b.locator("[data-scanned=headline]")).to_have_text("Data lead")

    vcard_png = tmp_path / "segno-vcard.png"
    segno_helpers.make_vcard(name="Петров;Дмитрий", displayname="Дмитрий Петров",
                             email="dmitry@example.com", phone="+7 900 000 0000"
                             ).save(str(vcard_png), scale=6)
    b.goto("/scan")
    b.get_by_label("Photo of a QR code").set_input_files(str(vcard_png))
    expect(b.get_by_label("Name", exact=True)).to_have_value("Дмитрий Петров")
    expect(b.get_by_label("Email")).to_have_value("dmitry@example.com")
    expect(b.get_by_role("button", name="Save contact")).to_be_in_viewport()
    b.get_by_role("button", name="Save contact").click()
    expect(b.locator(".flash")).to_contain_text("Saved Дмитрий Петров")
    assert not [e for e in errors if "Content Security Policy" in e], errors
    for context in contexts:
        context.close()


def test_show_my_qr_is_full_screen_black_on_white(phone):
    """My QR fills the phone's width, black on white, without the app's bars; the switch shows
    the offline contact QR."""
    page = phone.new_page()
    register(page)
    page.goto("/card/qr")
    code = page.locator("[data-qr-panel=url] svg")
    expect(code).to_be_visible()
    assert code.bounding_box()["width"] >= 0.85 * page.viewport_size["width"]
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") == "rgb(255, 255, 255)"
    expect(page.locator(".tabbar")).to_be_hidden()
    page.get_by_role("button", name="Offline contact QR").click()
    expect(page.locator("[data-qr-panel=vcard] svg")).to_be_visible()
    expect(page.locator("[data-qr-panel=url]")).to_be_hidden()


def test_scanner_loads_the_vendored_decoder_from_our_server(phone, live_server):
    """Where the browser has no BarcodeDetector, the polyfill and its wasm come from
    /static/vendor (no other host) and read our QR; other pages never load them."""
    page = phone.new_page()
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    register(page)
    page.goto("/card")
    card_url = page.get_by_role("link", name="Open my card page").get_attribute("href")
    assert not [u for u in requests if "barcode-detector" in u or ".wasm" in u]
    native = page.evaluate("'BarcodeDetector' in window")
    page.goto("/scan")
    decoded = page.evaluate("""async (url) => {
        const detector = await window.netpwa.scanner.detector();
        const img = new Image();
        img.src = url;
        await img.decode();
        const codes = await detector.detect(img);
        return codes.map((code) => code.rawValue);
    }""", card_url + "/qr.png")
    assert decoded == [card_url]
    if not native:
        paths = [u.split("?v=")[0] for u in requests]  # static URLs carry their content hash
        assert any(p.endswith("/static/vendor/barcode-detector-3.2.2/polyfill.js") for p in paths)
        assert any(p.endswith("/static/vendor/zxing-wasm-3.1.3/zxing_reader.wasm") for p in paths)
    assert all(u.startswith((live_server.url, "data:", "blob:")) for u in requests), requests


def _y4m(path: Path, image: Image.Image, frames: int = 5) -> Path:
    """A tiny Y4M video of one still picture, for Chromium's fake camera."""
    grey = image.convert("L")
    width, height = grey.size
    chroma = bytes([128]) * ((width // 2) * (height // 2))
    with path.open("wb") as out:
        out.write(f"YUV4MPEG2 W{width} H{height} F5:1 Ip A1:1 C420jpeg\n".encode())
        for _ in range(frames):
            out.write(b"FRAME\n" + grey.tobytes() + chroma + chroma)
    return path


@pytest.fixture
def camera_browser(browser, tmp_path):
    """Chromium whose camera films a QR code (a Y4M file), permission already granted."""
    def launch(picture: Image.Image | None):
        args = CHROMIUM_ARGS + ["--use-fake-device-for-media-stream",
                                "--use-fake-ui-for-media-stream"]
        if picture is not None:
            video = _y4m(tmp_path / "camera.y4m", picture)
            args.append(f"--use-file-for-fake-video-capture={video}")
        # A second Chromium from the session's Playwright, with its own camera flags.
        camera = browser.browser_type.launch(executable_path=CHROMIUM, headless=True, args=args)
        launched.append(camera)
        return camera
    launched = []
    yield launch
    for camera in launched:
        camera.close()


def _camera_page(browser, live_server):
    context = browser.new_context(viewport=PHONE, has_touch=True, is_mobile=True,
                                  base_url=live_server.url)
    context.grant_permissions(["camera"], origin=live_server.url)
    context.set_default_timeout(15_000)
    return context.new_page()


def test_camera_scan_reads_a_vcard_qr_and_opens_the_form(camera_browser, live_server):
    """The in-app camera (a fake device filming a segno vCard QR) finds the code and opens
    the prefilled confirm form."""
    qr = segno_helpers.make_vcard(name="Lima;Ana", displayname="Ana Lima",
                                  email="ana.lima@example.com")
    buffer = io.BytesIO()
    qr.save(buffer, kind="png", scale=10, border=4)
    picture = Image.new("L", (640, 480), 255)
    code = Image.open(io.BytesIO(buffer.getvalue())).convert("L")
    picture.paste(code, ((640 - code.width) // 2, (480 - code.height) // 2))
    page = _camera_page(camera_browser(picture), live_server)
    register(page)
    page.goto("/scan")
    page.get_by_role("button", name="Start camera").click()
    expect(page.get_by_label("Name", exact=True)).to_have_value("Ana Lima")
    expect(page.get_by_label("Email")).to_have_value("ana.lima@example.com")


def test_camera_stops_when_the_screen_is_hidden_or_left(camera_browser, live_server):
    """Switching away (visibilitychange to hidden) stops every camera track; so does leaving."""
    page = _camera_page(camera_browser(None), live_server)
    register(page)
    page.goto("/scan")
    page.get_by_role("button", name="Start camera").click()
    expect(page.locator("[data-scanner-status]")).to_contain_text("Looking for a QR code")
    page.evaluate("""() => {
        window.__tracks = document.querySelector('[data-scanner-video]').srcObject.getTracks();
        Object.defineProperty(document, 'visibilityState', {value: 'hidden', configurable: true});
        document.dispatchEvent(new Event('visibilitychange'));
    }""")
    assert page.evaluate("window.__tracks.every((t) => t.readyState === 'ended')")
    assert page.evaluate("document.querySelector('[data-scanner-video]').srcObject === null")
    expect(page.locator("[data-scanner-status]")).to_contain_text("Camera stopped")
    page.evaluate("""() => {
        Object.defineProperty(document, 'visibilityState', {value: 'visible', configurable: true});
    }""")
    page.get_by_role("button", name="Start camera").click()
    expect(page.locator("[data-scanner-status]")).to_contain_text("Looking for a QR code")
    page.evaluate("""() => {
        window.__tracks = document.querySelector('[data-scanner-video]').srcObject.getTracks();
        window.dispatchEvent(new PageTransitionEvent('pagehide', {persisted: true}));
    }""")
    assert page.evaluate("window.__tracks.every((t) => t.readyState === 'ended')")
