"""Mobile-first rules in headless Chromium on a small phone (360x740).

Touch-target rule used here: every visible interactive element (link, button, field, select,
summary) has a box of at least 44x44 CSS px, except
- an inline link inside a paragraph (WCAG 2.5.8's inline exception: a link in a line of
  text, like the event name under the counter),
- a checkbox or radio, whose target is its <label>: the label's box must be 44x44,
- a field inside the tag-chips box, which focuses the field wherever it is tapped: the box
  counts, and
- anything hidden from people (aria-hidden, e.g. the chips' underlying input).
"""

import pytest
from e2e_helpers import register
from playwright.sync_api import expect

SMALL_PHONE = {"width": 360, "height": 740}
TAP = 44

CLS_OBSERVER = """
window.__layoutShift = 0;
new PerformanceObserver(function (list) {
  list.getEntries().forEach(function (entry) { window.__layoutShift += entry.value; });
}).observe({type: "layout-shift", buffered: true});
"""

TOO_SMALL = """() => {
  const visible = (el) => {
    if (!el.checkVisibility() || el.closest("[aria-hidden=true]")) return false;
    const box = el.getBoundingClientRect();
    const style = getComputedStyle(el);
    return box.width > 0 && box.height > 0 && box.right > 0 && box.bottom > 0
      && box.left < innerWidth && style.visibility !== "hidden" && el.closest("[hidden]") === null;
  };
  const small = (box) => box.width < 44 - 0.5 || box.height < 44 - 0.5;
  const describe = (el, box) => `${el.outerHTML.slice(0, 90)} is ${Math.round(box.width)}x${Math.round(box.height)}`;
  const problems = [];
  const selector = 'a[href], button, input:not([type=hidden]), select, textarea, summary, [role=button]';
  for (const el of document.querySelectorAll(selector)) {
    if (!visible(el)) continue;
    if (el.matches("input[type=checkbox], input[type=radio]")) {
      const label = el.closest("label") || el.labels[0];
      const box = label ? label.getBoundingClientRect() : el.getBoundingClientRect();
      if (!label || small(box)) problems.push(describe(label || el, box));
      continue;
    }
    if (el.matches("a") && getComputedStyle(el).display === "inline" && el.closest("p")) continue;
    const box = (el.closest(".chips-input") || el).getBoundingClientRect();
    if (small(box)) problems.push(describe(el, box));
  }
  return problems;
}"""

UNLABELLED = """() => {
  const problems = [];
  for (const el of document.querySelectorAll('input:not([type=hidden]):not([type=submit]):not([type=button]), select, textarea')) {
    if (el.closest("[aria-hidden=true]")) continue;
    const names = [...el.labels].map((label) => label.textContent.trim()).filter(Boolean);
    if (!names.length) problems.push(el.outerHTML.slice(0, 120));
  }
  return problems;
}"""

OVERFLOW = "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"


@pytest.fixture
def small_phone(browser, live_server):
    """A 360x740 touch phone, the narrowest the app promises to fit. No service worker: these
    tests are about layout, and a worker still precaching when the context closes leaves the
    live server with unclosed static files (a ResourceWarning, so a flaky error)."""
    context = browser.new_context(viewport=SMALL_PHONE, has_touch=True, is_mobile=True,
                                  base_url=live_server.url, service_workers="block")
    context.set_default_timeout(10_000)
    yield context
    context.close()


def _at_an_event(page, goal: int = 3) -> None:
    """Register and create the current event, landing on the capture screen."""
    register(page)
    page.goto("/events/new")
    page.get_by_label("Event name").fill("PyData Night")
    page.get_by_label("Goal: new people to meet").fill(str(goal))
    page.get_by_role("button", name="Create event").click()
    expect(page.locator("#goal-counter")).to_contain_text(f"0 of {goal} new people")
    # The text is in the DOM before the stylesheet has loaded: measure only a styled page.
    page.wait_for_load_state("load")


def _capture(page, name: str, count: int, goal: int = 3) -> None:
    field = page.get_by_label("Name", exact=True)
    field.fill(name)
    field.press("Enter")
    expect(page.locator("#goal-counter")).to_contain_text(f"{count} of {goal} new people")
    expect(field).to_have_value("")


def test_pages_fit_a_360px_phone_without_sideways_scrolling(small_phone):
    """Login, capture (details open, after a save), events, an event, the new-event form and
    contacts all fit 360 px: nothing scrolls sideways."""
    page = small_phone.new_page()
    page.goto("/login")
    assert page.evaluate(OVERFLOW) <= 0, "/login"
    _at_an_event(page)
    _capture(page, "Bea Costa with a rather long name that might not fit", 1)
    page.get_by_text("More details").click()
    assert page.evaluate(OVERFLOW) <= 0, "/ with details open and a toast"
    event_url = page.get_by_role("link", name="PyData Night").get_attribute("href")
    for path in ("/events/", event_url, "/events/new", "/contacts", "/contacts/trash"):
        page.goto(path)
        assert page.evaluate(OVERFLOW) <= 0, path


def test_capture_screen_touch_targets_are_at_least_44px(small_phone):
    """Every control on the capture screen is big enough for a thumb (see the module
    docstring for the rule): fresh, after a save (the Undo toast, the details open, tag
    chips), and reloaded with whatever the page then shows of people already met."""
    page = small_phone.new_page()

    def assert_big_enough(moment: str) -> None:
        problems = page.evaluate(TOO_SMALL)
        assert problems == [], f"{moment}:\n" + "\n".join(problems)

    _at_an_event(page)
    assert_big_enough("fresh")
    _capture(page, "Bea Costa", 1)
    expect(page.get_by_role("button", name="Undo")).to_be_visible()
    page.get_by_text("More details").click()
    page.get_by_label("Tags").fill("python, hiring,")
    expect(page.get_by_role("button", name="Remove tag python")).to_be_visible()
    assert_big_enough("after a save")
    page.reload()
    page.wait_for_load_state("networkidle")
    assert_big_enough("reloaded")


def test_every_field_has_a_label(small_phone):
    """Each input, select and textarea on the main pages is named by a <label>."""
    page = small_phone.new_page()
    for path in ("/login", "/register"):
        page.goto(path)
        assert page.evaluate(UNLABELLED) == [], path
    _at_an_event(page)
    page.get_by_text("More details").click()
    assert page.evaluate(UNLABELLED) == [], "/"
    for path in ("/events/new", "/contacts"):
        page.goto(path)
        assert page.evaluate(UNLABELLED) == [], path


def _colours(context, path: str) -> dict:
    page = context.new_page()
    page.goto(path)
    colours = page.evaluate("""() => {
      const body = getComputedStyle(document.body);
      const field = getComputedStyle(document.querySelector("input:not([type=hidden])"));
      return {background: body.backgroundColor, text: body.color, field: field.backgroundColor};
    }""")
    page.close()
    return colours


def test_dark_theme_changes_background_and_text(browser, live_server):
    """A phone set to dark mode gets dark backgrounds and light text, fields included."""
    themes = {}
    for scheme in ("light", "dark"):
        context = browser.new_context(viewport=SMALL_PHONE, color_scheme=scheme,
                                      base_url=live_server.url, service_workers="block")
        themes[scheme] = _colours(context, "/login")
        context.close()
    light, dark = themes["light"], themes["dark"]
    assert dark["background"] != light["background"]
    assert dark["text"] != light["text"]
    assert dark["field"] != light["field"]

    def brightness(rgb: str) -> float:
        red, green, blue = (float(part) for part in rgb[rgb.index("(") + 1:-1].split(",")[:3])
        return 0.299 * red + 0.587 * green + 0.114 * blue
    assert brightness(dark["background"]) < 80 < brightness(light["background"])
    assert brightness(dark["text"]) > 160 > brightness(light["text"])


def test_form_clears_without_moving_the_name_field_or_counter(small_phone):
    """Saving three people (the third reaches the goal and celebrates) moves neither the Name
    field nor the counter, and the page's layout-shift total stays at zero. Each save is an
    htmx POST that carries the CSRF header and succeeds with CSRF on."""
    small_phone.add_init_script(CLS_OBSERVER)
    page = small_phone.new_page()
    _at_an_event(page)
    page.reload()
    name = page.get_by_label("Name", exact=True)
    counter = page.locator("#goal-counter")
    name_box, counter_box = name.bounding_box(), counter.bounding_box()
    for count, person in enumerate(("Bea Costa", "Chen Novak", "Dara Ito"), start=1):
        with page.expect_response("**/capture") as sent:
            _capture(page, person, count)
        assert sent.value.status == 200 and sent.value.request.header_value("x-csrftoken")
        expect(page.locator("#toasts")).to_contain_text(f"Saved {person}")
        assert name.bounding_box() == name_box, person
        assert counter.bounding_box() == counter_box, person
    expect(counter).to_contain_text("Goal reached")
    page.wait_for_timeout(300)
    assert page.evaluate("window.__layoutShift") < 0.01


def test_name_error_moves_nothing(small_phone):
    """Saving with no name shows the message in a line kept free for it: the Save button
    doesn't jump from under the thumb."""
    page = small_phone.new_page()
    _at_an_event(page)
    save = page.get_by_role("button", name="Save")
    before = save.bounding_box()
    save.click()
    expect(page.locator("#f-name-error")).to_contain_text("Enter a name")
    assert save.bounding_box() == before


def test_typed_values_survive_a_reload_and_a_rotation(small_phone):
    """A half-typed person survives the page reloading (a background tab the phone killed)
    and the phone turning sideways."""
    page = small_phone.new_page()
    _at_an_event(page)
    page.get_by_label("Name", exact=True).fill("Femi Okafor")
    page.get_by_text("More details").click()
    page.get_by_label("What they do / where from").fill("Rust @ Globex")
    page.get_by_label("Email").fill("femi@example.com")
    page.get_by_text("Must follow up").click()
    page.reload()
    expect(page.get_by_label("Name", exact=True)).to_have_value("Femi Okafor")
    expect(page.get_by_label("What they do / where from")).to_have_value("Rust @ Globex")
    expect(page.get_by_label("Email")).to_have_value("femi@example.com")
    expect(page.get_by_role("checkbox", name="Must follow up")).to_be_checked()
    page.set_viewport_size({"width": SMALL_PHONE["height"], "height": SMALL_PHONE["width"]})
    expect(page.get_by_label("Name", exact=True)).to_have_value("Femi Okafor")
    assert page.evaluate(OVERFLOW) <= 0


def test_a_failed_request_loses_nothing_typed(browser, live_server):
    """When the capture request fails (no signal), the typed person is kept on the phone
    (the outbox says so) and reaches the server exactly once when the network is back."""
    context = browser.new_context(viewport=SMALL_PHONE, has_touch=True, is_mobile=True,
                                  base_url=live_server.url, service_workers="block")
    context.set_default_timeout(10_000)
    page = context.new_page()
    _at_an_event(page)
    page.route("**/capture", lambda route: route.abort("internetdisconnected"))
    name = page.get_by_label("Name", exact=True)
    name.fill("Gus Berg")
    with page.expect_event("requestfailed"):
        name.press("Enter")
    expect(page.locator("#toasts")).to_contain_text("Saved Gus Berg on this phone")
    page.unroute("**/capture")
    page.evaluate("window.dispatchEvent(new Event('online'))")
    expect(page.locator("#goal-counter")).to_contain_text("1 of 3 new people")
    for _ in range(50):
        listing = page.request.get("/contacts?q=Gus").text()
        if "Gus Berg" in listing:
            break
        page.wait_for_timeout(200)
    assert listing.count(">Gus Berg</a>") == 1
    context.close()
