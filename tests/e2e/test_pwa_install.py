"""Installability in headless Chromium: Chromium's own check, the manifest, and the iOS hint."""

import pytest
from conftest import CHROMIUM, CHROMIUM_ARGS, PHONE
from e2e_helpers import register
from playwright.sync_api import expect
from pwa_steps import wait_for_worker

IPHONE_SAFARI = ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
                 "(KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1")


@pytest.fixture
def installable_profile(browser, live_server, tmp_path):
    """A phone with a real profile on disk: Chromium never offers to install from incognito,
    which is what every ordinary Playwright context is."""
    context = browser.browser_type.launch_persistent_context(
        str(tmp_path / "profile"), executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS,
        viewport=PHONE, base_url=live_server.url)
    context.set_default_timeout(10_000)
    yield context
    context.close()


def test_chromium_finds_no_installability_errors(installable_profile):
    """DevTools' Page.getInstallabilityErrors is empty and the manifest parses without errors."""
    page = installable_profile.new_page()
    register(page)
    wait_for_worker(page)
    cdp = installable_profile.new_cdp_session(page)
    assert cdp.send("Page.getInstallabilityErrors")["installabilityErrors"] == []
    manifest = cdp.send("Page.getAppManifest")
    assert manifest["errors"] == []
    assert manifest["url"].endswith("/manifest.webmanifest")


def test_the_service_worker_keeps_the_shell_and_cleans_old_caches(phone):
    """After the first visit the shell is in one versioned cache per kind; nothing else."""
    page = phone.new_page()
    register(page)
    wait_for_worker(page)
    names = page.evaluate("caches.keys()")
    shells = [n for n in names if n.startswith("netpwa-shell-")]
    assert len(shells) == 1 and len([n for n in names if n.startswith("netpwa-pages-")]) == 1
    kept = page.evaluate("""async (name) => (await (await caches.open(name)).keys())
                              .map((r) => new URL(r.url).pathname)""", shells[0])
    assert "/static/css/app.css" in kept and "/static/js/outbox.js" in kept
    assert "/static/icons/icon-192.png" in kept


def test_ios_safari_shows_a_dismissible_add_to_home_screen_hint(browser, live_server):
    """On iOS Safari (no install prompt there) a short hint explains Share → Add to Home Screen;
    "Got it" hides it for good."""
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True,
                                  user_agent=IPHONE_SAFARI, base_url=live_server.url)
    try:
        page = context.new_page()
        page.goto("/")
        hint = page.locator("[data-ios-hint]")
        expect(hint).to_be_visible()
        expect(hint).to_contain_text("Add to Home Screen")
        hint.get_by_role("button", name="Got it").click()
        expect(hint).to_be_hidden()
        page.reload()
        page.wait_for_load_state("load")
        expect(hint).to_be_hidden()
    finally:
        context.close()


def test_no_ios_hint_in_chromium(phone):
    """Android Chromium has its own install prompt: no hint there."""
    page = phone.new_page()
    page.goto("/")
    page.wait_for_load_state("load")
    expect(page.locator("[data-ios-hint]")).to_be_hidden()
