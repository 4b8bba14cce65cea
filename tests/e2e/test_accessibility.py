"""axe-core (WCAG 2.1 A and AA) on every page a person can reach, on a phone (390x844) and a
laptop (1280x800), light and dark: zero violations. axe is vendored (pinned, with its licence)
in tests/e2e/vendor and injected as an init script, which the page's CSP does not govern."""

from pathlib import Path
from urllib.parse import urlsplit

import pytest
from conftest import CHROMIUM_ARGS  # noqa: F401  (same browser setup as every e2e test)
from e2e_helpers import register
from playwright.sync_api import expect

AXE = (Path(__file__).parent / "vendor" / "axe-core-4.14.1" / "axe.min.js").read_text()
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# Files and actions rather than pages: downloads, exports, the PDF, logging out.
SKIP = (".pdf", ".vcf", ".csv", ".xlsx", ".png", ".svg", ".css", ".js", "/export", "/logout",
        "/static/", ".webmanifest", "/sw.js")
MAX_PAGES = 40


def violations(page) -> list[dict]:
    return page.evaluate("""async (tags) => {
      const result = await axe.run(document, {runOnly: {type: "tag", values: tags}});
      return result.violations.map((v) => ({id: v.id, help: v.help,
        nodes: v.nodes.slice(0, 4).map((n) => n.target.join(" "))}));
    }""", WCAG_TAGS)


def same_site_pages(page, origin: str) -> set[str]:
    hrefs = page.eval_on_selector_all("a[href]", "els => els.map((a) => a.href)")
    found = set()
    for href in hrefs:
        parts = urlsplit(href)
        if f"{parts.scheme}://{parts.netloc}" != origin or any(s in parts.path for s in SKIP):
            continue
        found.add(parts.path + (f"?{parts.query}" if parts.query else ""))
    return found


def crawl(page, origin: str, start: list[str]) -> list[str]:
    """Every page reachable by links from the start pages (GET only, like a person tapping)."""
    seen, queue = [], list(start)
    while queue and len(seen) < MAX_PAGES:
        path = queue.pop(0)
        if path in seen:
            continue
        response = page.goto(path)
        if not response or "text/html" not in response.headers.get("content-type", ""):
            continue
        seen.append(path)
        queue.extend(sorted(same_site_pages(page, origin) - set(seen) - set(queue)))
    return seen


def seed(page):
    """An account with an event, a contact and a public card, so every page has content."""
    register(page)
    page.goto("/events/new")
    page.get_by_label("Event name").fill("PyData Night")
    page.get_by_role("button", name="Create event").click()
    page.wait_for_url("**/")
    name = page.get_by_label("Name", exact=True)
    name.fill("Bea Costa")
    name.press("Enter")
    expect(page.locator("#toasts")).to_contain_text("Saved Bea Costa")


@pytest.mark.parametrize("viewport", [{"width": 390, "height": 844}, {"width": 1280, "height": 800}],
                         ids=["phone", "laptop"])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_nothing_on_any_page(browser, live_server, viewport, scheme):
    context = browser.new_context(viewport=viewport, color_scheme=scheme, base_url=live_server.url,
                                  service_workers="block")
    context.set_default_timeout(10_000)
    context.add_init_script(script=AXE)
    try:
        page = context.new_page()
        found = {}
        for path in crawl(page, live_server.url, ["/", "/login", "/register"]):
            page.goto(path)
            if bad := violations(page):
                found[f"logged out {path}"] = bad
        seed(page)
        pages = crawl(page, live_server.url, ["/", "/card", "/contacts/trash", "/offline"])
        assert len(pages) >= 10, pages
        for path in pages:
            page.goto(path)
            if bad := violations(page):
                found[path] = bad
        assert not found, found
    finally:
        context.close()
