"""People I know moved through the outreach states, and the plan's progress and SVG charts
matching the data after those actions (issue 10's "Done when")."""

from datetime import date

from e2e_helpers import register
from playwright.sync_api import expect
from pwa_steps import wait_until_stored
from sqlalchemy import func, select

from netpwa.contacts.models import Contact
from netpwa.events.records import NOT_MET_SOURCES
from netpwa.extensions import db


def _capture(page, name):
    field = page.get_by_label("Name", exact=True)
    field.fill(name)
    field.press("Enter")
    expect(field).to_have_value("")


def test_known_people_states_then_plan_progress_and_charts(laptop, live_app):
    page = laptop.new_page()
    register(page)

    page.goto("/known/")
    page.get_by_label("Add someone: name, then how you know them").fill("Ana Lima, former coworker at Acme")
    page.get_by_role("button", name="Add", exact=True).click()
    page.get_by_text("Paste a list").click()
    page.get_by_label("One person per line (name, how you know them)").fill("Bo Chen - teacher\nCy Osei")
    page.get_by_role("button", name="Add everyone").click()
    expect(page.get_by_role("link", name="All (3)")).to_be_visible()
    ana = page.locator("[data-known='Ana Lima']")
    expect(ana).to_contain_text("former coworker at Acme")
    for button, state in (("Mark contacted", "Contacted"), ("Mark replied", "Replied"),
                          ("Mark met", "Met"), ("Mark asked for advice or intro",
                                                "Asked for advice or intro")):
        ana.get_by_role("button", name=button).click()
        expect(page.locator("[data-known='Ana Lima'] [data-state]")).to_have_text(state)
    expect(page.locator("[data-known='Ana Lima']").get_by_role("button", name="Mark")).to_have_count(0)
    expect(page.locator("[data-known='Ana Lima']").get_by_role("link", name="Write (general inquiry)")).to_be_visible()

    page.goto("/events/new")
    page.get_by_label("Event name").fill("PyData Night")
    page.get_by_role("button", name="Create event").click()
    for name in ("Dee Park", "Eli Ng"):
        _capture(page, name)
    # Capture is local-first: wait until the server has both before counting them.
    wait_until_stored(live_app, {"Dee Park", "Eli Ng"})

    page.goto("/plan/")
    page.get_by_role("button", name="Make my plan").click()
    for kind, n in (("New people met", "5"), ("Meetups attended", "2")):
        page.get_by_label("What to count").select_option(label=kind)
        page.get_by_label("How many (for a habit: times a week)").fill(n)
        page.get_by_role("button", name="Add target").click()
        page.get_by_text("Add a target").click()
    page.get_by_label("What to count").select_option(label="A weekly habit I tick")
    page.get_by_label("How many (for a habit: times a week)").fill("2")
    page.get_by_label("Habit (for a weekly habit)").fill("Online groups")
    page.get_by_role("button", name="Add target").click()
    page.get_by_role("button", name="Tick today").click()

    people = page.locator("[data-target-kind='people']")
    expect(people).to_contain_text("2 of 5")  # known people were not met at an event
    expect(page.locator("[data-target-kind='meetups']")).to_contain_text("1 of 2")
    expect(page.locator("[data-target-kind='habit'] [data-this-week]")).to_have_text("1 of 2 this week")

    with live_app.app_context():
        met = db.session.scalar(select(func.count(Contact.id)).where(
            Contact.source.not_in(NOT_MET_SOURCES)))
        db.session.remove()
    plan_bars = page.eval_on_selector_all(
        "[data-chart='plan'] rect[data-value]", "els => els.map((e) => [e.dataset.label, +e.dataset.value])")
    assert plan_bars[0] == ["Meet 5 new people", met] and plan_bars[1] == ["Attend 2 meetups", 1]
    event_bars = page.eval_on_selector_all(
        "[data-chart='per-event'] rect[data-value]", "els => els.map((e) => +e.dataset.value)")
    assert event_bars == [2]
    month_bars = page.eval_on_selector_all(
        "[data-chart='per-month'] rect[data-value]", "els => els.map((e) => [e.dataset.label, +e.dataset.value])")
    assert month_bars[-1] == [date.today().strftime("%b %Y"), met]
    table = page.eval_on_selector_all(
        "[data-chart='per-month'] td[data-value]", "els => els.map((e) => +e.dataset.value)")
    assert table == [value for _, value in month_bars]
    # Readable at 360 px: the charts scale to the column, nothing scrolls sideways.
    page.set_viewport_size({"width": 360, "height": 740})
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    label_px = page.evaluate("document.querySelector('.chart__label').getBoundingClientRect().height")
    assert label_px >= 10
    # Readable in dark mode: labels and bars stand out from the dark page (WCAG contrast 4.5:1
    # for text, 3:1 for the bars).
    page.emulate_media(color_scheme="dark")
    contrast = page.evaluate(CONTRAST)
    assert contrast["background"] < 0.05, contrast  # the page really is dark
    assert contrast["label"] >= 4.5 and contrast["value"] >= 4.5, contrast
    assert contrast["bar"] >= 3, contrast


CONTRAST = """(() => {
  const lum = (css) => {
    const [r, g, b] = css.match(/[\\d.]+/g).slice(0, 3).map(Number).map((v) => {
      v /= 255;
      return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const ratio = (a, b) => (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
  const card = document.querySelector("[data-chart]").closest(".card") || document.body;
  let bg = getComputedStyle(card).backgroundColor;
  if (bg === "rgba(0, 0, 0, 0)") bg = getComputedStyle(document.body).backgroundColor;
  const fill = (selector) => lum(getComputedStyle(document.querySelector(selector)).fill);
  const back = lum(bg);
  return {background: back, label: ratio(fill(".chart__label"), back),
          value: ratio(fill(".chart__value"), back), bar: ratio(fill(".chart__bar"), back)};
})()"""
