"""The conversation prompts sheet: one tap from capture, offline, readable in the dark."""

from playwright.sync_api import expect
from pwa_steps import go_offline, phone_at_event, wait_until


def _contrast(page, selector: str) -> float:
    """WCAG contrast ratio between an element's text colour and its background."""
    return page.evaluate("""(selector) => {
        const el = document.querySelector(selector);
        const style = getComputedStyle(el);
        const rgb = (s) => s.match(/\\d+(\\.\\d+)?/g).slice(0, 3).map(Number);
        const lum = (c) => {
            const [r, g, b] = c.map((v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
            return 0.2126 * r + 0.7152 * g + 0.0722 * b;
        };
        const a = lum(rgb(style.color)), b = lum(rgb(style.backgroundColor));
        return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
    }""", selector)


def test_prompts_sheet_opens_from_capture_offline_in_dark_mode(phone, live_server):
    page = phone.new_page()
    page.emulate_media(color_scheme="dark")
    phone_at_event(page)
    wait_until(page, """(async () => {
        const names = (await caches.keys()).filter((n) => n.startsWith("netpwa-pages-"));
        return !!(await (await caches.open(names[0])).match("/prompts"));
    })()""")
    go_offline(phone, live_server)
    page.reload()
    page.get_by_role("link", name="Conversation prompts").click()
    expect(page.get_by_role("heading", name="Conversation prompts")).to_be_visible()
    expect(page.get_by_text("Would you like to keep in touch?")).to_be_visible()
    for heading in ("Openers for events", "Wrap-up questions", "Polite ways out"):
        expect(page.get_by_role("heading", name=heading)).to_be_visible()
    first = ".prompt-list li"
    size = page.evaluate("parseFloat(getComputedStyle(document.querySelector('.prompt-list li')).fontSize)")
    assert size >= 22, "prompts are read at arm's length"
    assert _contrast(page, first) >= 12
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.get_by_role("link", name="Back to capture").click()
    expect(page.get_by_label("Name", exact=True)).to_be_visible()
