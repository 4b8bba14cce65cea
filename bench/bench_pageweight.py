"""First load of the capture screen on the wire, and what the service worker precaches.

Run: `.venv/bin/python -m bench pageweight` (about a minute). gunicorn serves the app as in the
other benchmarks; headless Chromium (/usr/bin/chromium through Playwright) logs in through the
real form in one browser context, then a second, cold context (the session cookie only: no HTTP
cache, no service worker) opens the capture screen `/` with the same throttling every time:

- network: Lighthouse's simulated mobile link, 150 ms round trip, 1.6 Mbit/s down, 750 kbit/s
  up (DevTools protocol `Network.emulateNetworkConditions`);
- CPU: 4x slower (`Emulation.setCPUThrottlingRate`).

Bytes on the wire are Chromium's `encodedDataLength` of every response the page loaded (headers
and body as sent, compressed or not), until the network is idle; the service worker's own
requests are not the page's and are counted separately, as the precache: the bytes its shell
cache holds once it is installed (what a first visit downloads for offline use; stored sizes,
after decompression; and on the wire, the bodies as sent, from the worker's own resource timing).
"Name usable" is when the Name field can be typed into, from navigation
start; "offline reopen" is the same after the server is unreachable and the page is opened
again from the worker.
"""

import os
import signal

from bench import common

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
THROTTLE = {"offline": False, "latency": 150, "downloadThroughput": 1_600_000 / 8,
            "uploadThroughput": 750_000 / 8}
CPU_SLOWDOWN = 4
RUNS = 3

PRECACHE_JS = """async () => {
  const reg = await navigator.serviceWorker.ready;
  let bytes = 0, count = 0, largest = [];
  for (const name of await caches.keys()) {
    if (!name.startsWith("netpwa-shell-")) continue;
    const cache = await caches.open(name);
    for (const request of await cache.keys()) {
      const size = (await (await cache.match(request)).blob()).size;
      bytes += size; count += 1; largest.push([size, new URL(request.url).pathname]);
    }
  }
  largest.sort((a, b) => b[0] - a[0]);
  return {bytes, count, largest: largest.slice(0, 5), active: !!reg.active};
}"""


def _name_usable_ms(page) -> float:
    """From navigation start to the Name field accepting typing."""
    page.wait_for_selector("#f-name:not([disabled])", state="visible")
    return page.evaluate("performance.now()")


def _cold_load(browser, base_url: str, state: dict) -> dict:
    """One cold visit of the capture screen, throttled; bytes per response from CDP."""
    context = browser.new_context(base_url=base_url, storage_state=state,
                                  viewport={"width": 390, "height": 844}, is_mobile=True,
                                  has_touch=True, service_workers="allow")
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": False})
    cdp.send("Network.emulateNetworkConditions", THROTTLE)
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": CPU_SLOWDOWN})
    responses: dict[str, dict] = {}
    finished: dict[str, float] = {}
    cdp.on("Network.responseReceived", lambda event: responses.__setitem__(
        event["requestId"], {"url": event["response"]["url"],
                             "encoding": event["response"]["headers"].get(
                                 "content-encoding", event["response"]["headers"].get(
                                     "Content-Encoding", "")),
                             "fromServiceWorker": event["response"].get("fromServiceWorker")}))
    cdp.on("Network.loadingFinished", lambda event: finished.__setitem__(
        event["requestId"], event["encodedDataLength"]))
    page.goto("/", wait_until="commit")
    usable = _name_usable_ms(page)
    page.wait_for_load_state("networkidle")
    wire = sum(size for request_id, size in finished.items()
               if request_id in responses and not responses[request_id]["fromServiceWorker"])
    resources = len([r for r in responses.values() if not r["fromServiceWorker"]])
    compressed = len([r for r in responses.values() if r["encoding"]])
    precache = page.evaluate(PRECACHE_JS)
    # What the worker's install downloaded: its own resource timing (bodies as sent).
    workers = context.service_workers
    precache["wire"] = workers[0].evaluate(
        """performance.getEntriesByType("resource")
             .filter((e) => new URL(e.name).pathname.startsWith("/static/"))
             .reduce((sum, e) => sum + e.encodedBodySize, 0)""") if workers else None
    return {"context": context, "page": page, "cdp": cdp, "wire": wire, "resources": resources,
            "compressed": compressed, "usable": usable, "precache": precache}


def _offline_reopen_ms(result: dict, server) -> float:
    """The worker installed, then the server gone (stopped for good: the last measurement):
    reopen the capture screen, which the worker answers from its kept copy."""
    page = result["page"]
    page.goto("/", wait_until="networkidle")  # now controlled by the worker
    # SIGINT is gunicorn's quick shutdown (SIGTERM waits for the browser's kept-alive
    # connections).
    server.process.send_signal(signal.SIGINT)
    server.process.wait(timeout=30)
    page.goto("/", wait_until="commit", timeout=30_000)
    page.wait_for_selector("#f-name:not([disabled])", state="visible", timeout=30_000)
    return page.evaluate("performance.now()")


def measure() -> dict:
    """RUNS cold visits (the last one then reopened offline); the figures main() prints."""
    from playwright.sync_api import sync_playwright
    with common.serve() as server, sync_playwright() as playwright:
        common.seed_user(server.app)
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True)
        login = browser.new_context(base_url=server.url)
        page = login.new_page()
        page.goto("/login")
        page.fill("input[name=email]", common.EMAIL)
        page.fill("input[name=password]", common.PASSWORD)
        page.locator("form[method=post] button[type=submit]").first.click()
        page.wait_for_url("**/")
        state = login.storage_state()
        state["origins"] = []  # the cookie only: no local storage, no caches
        login.close()
        runs = []
        for index in range(RUNS):
            result = _cold_load(browser, server.url, state)
            if index == RUNS - 1:
                result["offline"] = _offline_reopen_ms(result, server)
            result["context"].close()
            runs.append(result)
        browser.close()
    return {"runs": runs}


def main() -> None:
    print(common.machine_note() + "\n", flush=True)
    runs = measure()["runs"]
    wire = sorted(run["wire"] for run in runs)[len(runs) // 2]
    usable = sorted(run["usable"] for run in runs)[len(runs) // 2]
    first = runs[0]
    precache = first["precache"]
    offline = runs[-1]["offline"]
    lines = [
        "### First load of the capture screen (headless Chromium, 150 ms RTT, 1.6 Mbit/s, "
        "4x CPU)", "",
        "| what | value |", "| --- | ---: |",
        f"| capture screen, first load on the wire (median of {RUNS}) | {wire / 1024:.1f} KB |",
        f"| responses / of them compressed | {first['resources']} / {first['compressed']} |",
        f"| service-worker precache on first visit, on the wire | "
        f"{(precache['wire'] or 0) / 1024:.0f} KB |",
        f"| service-worker precache, as stored (decompressed) | {precache['bytes'] / 1024:.0f} KB "
        f"in {precache['count']} files |",
        f"| Name usable, cold (median of {RUNS}) | {usable / 1000:.2f} s |",
        f"| offline reopen to usable Name | {offline / 1000:.2f} s |", "",
        "Largest precached files: " + ", ".join(
            f"{path} ({size / 1024:.0f} KB)" for size, path in precache["largest"]) + "."]
    print("\n".join(lines) + "\n", flush=True)


if __name__ == "__main__":
    main()
