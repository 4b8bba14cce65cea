"""A new user with a long email walks every capability on a 360 px phone in the dark: no page
scrolls sideways, and every button and field is big enough for a thumb."""

import pytest
from e2e_helpers import register

from test_navigation import PAGES

LONG_EMAIL = "ana.maria.longsurname.for.testing@example-company-with-long-name.com"

# Buttons, fields and menu summaries (inline links inside a sentence are exempt, as WCAG allows).
SMALL_TARGETS = """() => {
  const small = [];
  for (const e of document.querySelectorAll('button, input:not([type=hidden]), select, textarea, summary, a.btn')) {
    let box = e.getBoundingClientRect();
    if (!box.width || !box.height || getComputedStyle(e).visibility === 'hidden') continue;
    // A checkbox is tapped through its label; the tag entry through its whole chips box.
    const wrap = e.closest('label, .chips-input') || (e.type === 'checkbox' || e.type === 'radio') && e.labels && e.labels[0];
    if (wrap && wrap.getBoundingClientRect().height > box.height) box = wrap.getBoundingClientRect();
    if (box.height < 44) small.push(`${e.tagName} "${(e.innerText || e.name || '').trim().slice(0, 30)}" ${Math.round(box.height)}px`);
  }
  return small;
}"""


@pytest.fixture
def dark_phone(browser, live_server):
    context = browser.new_context(viewport={"width": 360, "height": 740}, has_touch=True,
                                  is_mobile=True, color_scheme="dark", base_url=live_server.url,
                                  service_workers="block")
    context.set_default_timeout(10_000)
    yield context
    context.close()


def test_every_capability_fits_360px_with_thumb_sized_controls(dark_phone):
    page = dark_phone.new_page()
    register(page, email=LONG_EMAIL)
    problems = {}
    for url in PAGES:
        page.goto(url)
        page.wait_for_load_state("load")
        overflow = page.evaluate("document.documentElement.scrollWidth") - 360
        small = page.evaluate(SMALL_TARGETS)
        if overflow > 0 or small:
            problems[url] = {"overflow px": overflow, "small": small}
    assert not problems, "\n".join(f"{url}: {problem}" for url, problem in problems.items())
