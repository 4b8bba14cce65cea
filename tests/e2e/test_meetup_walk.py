"""The whole meetup on a phone, as a person sees it, at 390x844 and 360x740, light and dark:
an event, the chat timer in challenge mode, three captures on a slow server, the goal
celebrated, a QR exchange with a second user whose email lands on the owner's contact, and a
photo scan. The dark runs also ask for reduced motion: the celebration then does not move."""

import re

import pytest
import segno  # noqa: F401  (segno's helpers below)
from e2e_helpers import register
from playwright.sync_api import expect
from pwa_steps import phone_at_event
from segno import helpers as segno_helpers

from test_capture_local_first import MEASURE_CLEAR, type_and_enter

SIZES = {"390x844": {"width": 390, "height": 844}, "360x740": {"width": 360, "height": 740}}


def _looks(page, scheme: str):
    """Nothing scrolls sideways, and the page really is in the asked-for scheme."""
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    rgb = page.evaluate("getComputedStyle(document.body).backgroundColor")
    channels = [int(c) for c in re.findall(r"\d+", rgb)[:3]]
    assert (sum(channels) / 3 < 80) == (scheme == "dark"), rgb


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("size", SIZES)
def test_a_meetup_on_a_phone(browser, live_server, live_app, tmp_path, size, scheme):
    motion = "reduce" if scheme == "dark" else "no-preference"
    contexts = [browser.new_context(viewport=SIZES[size], has_touch=True, is_mobile=True,
                                    color_scheme=scheme, reduced_motion=motion,
                                    base_url=live_server.url) for _ in range(2)]
    for context in contexts:
        context.set_default_timeout(10_000)
    ana, bea = (context.new_page() for context in contexts)
    try:
        phone_at_event(ana, "PyData Night")
        _looks(ana, scheme)

        # The 30-second challenge, chosen on the capture screen, and a chat under way.
        timer = ana.locator("[data-chat-timer]")
        timer.get_by_role("button", name="30 s").click()
        expect(timer.locator("[data-chat-clock]")).to_have_text("0:30")
        timer.get_by_role("button", name="Start chat").click()
        expect(timer.locator("[data-chat-clock]")).not_to_have_text("0:30")

        # Three people on venue Wi-Fi that takes 2 s per request: nobody waits for it.
        ana.evaluate(MEASURE_CLEAR)
        live_server.trouble.delay("/api/sync", 2)
        for met, name in enumerate(("Priya Raman", "Marcus Lee", "Zoe Park"), start=1):
            type_and_enter(ana, name, met)
        counter = ana.locator("#goal-counter")
        expect(counter).to_contain_text("3 of 3 new people")
        expect(counter.locator(".goal__celebration")).to_contain_text("Goal reached!")
        animation = ana.evaluate("getComputedStyle(document.querySelector('#goal-counter .ring')).animationName")
        assert animation == ("none" if motion == "reduce" else "pop")
        expect(ana.locator("[data-capture-status]")).to_have_text("Saved", timeout=20_000)
        live_server.trouble.heal()
        expect(ana.locator("[data-recent]")).to_contain_text("Zoe Park")

        # Ana's card; Bea, another user, opens it from the QR and connects.
        ana.goto("/card")
        ana.get_by_role("button", name="Save card").click()
        card_url = ana.get_by_role("link", name="Open my card page").get_attribute("href")
        register(bea, "bea@example.com", name="Bea Costa")
        bea.goto(card_url)
        connect = bea.locator("#connect")
        expect(connect).to_contain_text("bea@example.com")
        connect.get_by_role("button", name="Connect").click()
        expect(bea.locator(".flash")).to_contain_text("Connected with")
        _looks(bea, scheme)

        # On Ana's phone: Bea is a contact with her email, found by it, and counted.
        ana.goto("/contacts?q=bea%40example")
        expect(ana.locator(".contact-row__name")).to_have_text(["Bea Costa"])
        ana.goto("/")
        expect(ana.locator("#goal-counter")).to_contain_text("4 of 3 new people")

        # A photo of someone's vCard QR: chosen, read, saved with one visible tap.
        png = tmp_path / "vcard.png"
        segno_helpers.make_vcard(name="Okafor;Ben", displayname="Ben Okafor",
                                 email="ben@example.com").save(str(png), scale=6)
        ana.goto("/scan")
        ana.get_by_label("Photo of a QR code").set_input_files(str(png))
        expect(ana.get_by_label("Name", exact=True)).to_have_value("Ben Okafor")
        save = ana.get_by_role("button", name="Save contact")
        expect(save).to_be_in_viewport()
        save.click()
        expect(ana.locator(".flash")).to_contain_text("Saved Ben Okafor")
        _looks(ana, scheme)
    finally:
        for context in contexts:
            context.close()
