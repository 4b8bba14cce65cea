"""The first visit downloads a light shell; the scanner's decoder is kept when the scan screen is
first opened, and only in a browser without BarcodeDetector."""

from e2e_helpers import register
from pwa_steps import wait_for_worker, wait_until

SHELL_PATHS = """async () => {
  const names = (await caches.keys()).filter((n) => n.startsWith("netpwa-shell-"));
  const paths = [];
  for (const name of names) {
    for (const request of await (await caches.open(name)).keys()) {
      paths.push(new URL(request.url).pathname);
    }
  }
  return paths;
}"""
WASM = "/static/vendor/zxing-wasm-3.1.3/zxing_reader.wasm"
POLYFILL = "/static/vendor/barcode-detector-3.2.2/polyfill.js"


def test_the_decoder_is_kept_when_the_scan_screen_opens_without_barcode_detector(phone):
    page = phone.new_page()
    register(page)
    wait_for_worker(page)
    kept = page.evaluate(SHELL_PATHS)
    assert "/static/css/app.css" in kept, "the shell is precached"
    assert WASM not in kept and POLYFILL not in kept, "no decoder on the first visit"
    assert not [path for path in kept if path.startswith("/static/fonts/tags/")]
    native = page.evaluate("'BarcodeDetector' in window")
    page.goto("/scan")
    if native:
        page.wait_for_timeout(1000)
        assert WASM not in page.evaluate(SHELL_PATHS), "the browser's own detector needs none"
        return
    wait_until(page, f"""(async () => {{
        const paths = await ({SHELL_PATHS})();
        return paths.includes("{WASM}") && paths.includes("{POLYFILL}");
    }})()""", timeout=30)
    # Kept under the very URLs the page asks for (content-hashed), so they serve offline.
    wasm_url = page.locator("[data-scanner]").get_attribute("data-wasm")
    assert page.evaluate("async (url) => !!(await caches.match(url))", wasm_url)
