"""End to end in Debian's Chromium (headless, no browser download): map points, a filter, the evidence page.

Screenshots go to test-output/e2e/ at the top of the checkout.
"""
from __future__ import annotations

import os
import socket
import threading
import time
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
SHOTS = Path(__file__).resolve().parents[2] / "test-output" / "e2e"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]

if not CHROMIUM.exists():
    if os.environ.get("SITROOM_REQUIRE_BROWSER"):
        raise RuntimeError(f"{CHROMIUM} is missing: install Debian's chromium package (CI does, in .ci/run)")
    pytest.skip("Debian's chromium is not installed here (CI installs it)", allow_module_level=True)


@pytest.fixture(scope="module")
def server(web_app):
    import uvicorn

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    srv = uvicorn.Server(uvicorn.Config(web_app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not srv.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert srv.started, "the test server did not start"
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def page(server):
    from playwright.sync_api import sync_playwright

    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
        context = browser.new_context(viewport={"width": 1400, "height": 900})
        # Nothing may leave the machine: any request not to the test server fails the test.
        outside: list[str] = []
        context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(server)
                      else (outside.append(route.request.url), route.abort()))
        pg = context.new_page()
        errors: list[str] = []
        pg.on("pageerror", lambda exc: errors.append(str(exc)))
        yield pg
        assert not outside, f"the page tried to reach {outside}"
        assert not errors, f"JavaScript errors: {errors}"
        browser.close()


def wait_ready(page) -> None:
    page.wait_for_selector("body[data-ready='1']", timeout=20_000)
    page.wait_for_function("!document.body.dataset.loading", timeout=20_000)


def markers(page) -> int:
    return page.locator("path.event-point, path.event-cluster").count()


def test_map_shows_points_a_filter_narrows_them_and_a_click_opens_the_evidence(page, server):
    page.goto(server + "/")
    wait_ready(page)
    shown = markers(page)
    assert shown >= 3, "the demo events should show as several points on the map"
    assert page.locator("#timeline rect.bar").count() >= 3
    assert "event(s)" in page.locator("#summary").inner_text()
    page.screenshot(path=str(SHOTS / "1-map.png"))

    everything = page.locator("#event-list tbody tr").count()
    page.select_option("select[name=event_type]", "Explosions/Remote violence")
    page.wait_for_function("!document.body.dataset.loading")
    page.wait_for_function(f"document.querySelectorAll('#event-list tbody tr').length < {everything}")
    assert "event_type=Explosions" in page.url  # the view can be shared by its URL
    assert markers(page) < shown
    page.select_option("select[name=sub_event_type]", "Air/drone strike")
    page.wait_for_function("!document.body.dataset.loading")
    page.wait_for_function("document.querySelectorAll('#event-list tbody tr').length === 1")
    page.screenshot(path=str(SHOTS / "2-filtered.png"))

    page.locator("path.event-point").first.click(force=True)
    link = page.locator(".leaflet-popup a.event-link")
    link.wait_for(timeout=5_000)
    page.screenshot(path=str(SHOTS / "3-popup.png"))
    link.click()
    page.wait_for_selector("mark.ev-location")
    assert page.locator("section.source").count() == 2  # the strike was reported twice
    for field in ("sub_event_type", "actor1", "location", "event_date", "fatalities"):
        assert page.locator(f"mark.ev-{field}").count() >= 1, field
    page.screenshot(path=str(SHOTS / "4-evidence.png"), full_page=True)


def test_a_shared_url_restores_the_filter_and_the_timeline_brush_sets_dates(page, server):
    page.goto(server + "/?country=ML")
    wait_ready(page)
    assert page.locator("select[name=country]").input_value() == "ML"
    rows = page.locator("#event-list tbody tr")
    assert rows.count() >= 1 and all("Mali" in rows.nth(i).inner_text() for i in range(rows.count()))
    page.select_option("select[name=country]", "")
    page.wait_for_function("!document.body.dataset.loading")
    box = page.locator("#timeline").bounding_box()
    page.mouse.move(box["x"] + 20, box["y"] + 60)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + 60, steps=5)
    page.mouse.up()
    page.wait_for_function("new URLSearchParams(location.search).has('since')")
    page.wait_for_function("!document.body.dataset.loading")
    assert page.locator("input[name=since]").input_value() != ""
    page.screenshot(path=str(SHOTS / "5-brushed.png"))


def test_doubtful_events_are_shown_only_when_ticked_and_the_url_keeps_the_choice(page, server):
    page.goto(server + "/?min_confidence=0")
    wait_ready(page)
    box = page.locator("input[name=doubtful]")
    assert box.is_checked()
    rows = page.locator("#event-list tbody tr")
    with_doubtful = rows.count()
    box.uncheck()
    page.wait_for_function("!new URLSearchParams(location.search).has('min_confidence')")
    page.wait_for_function("!document.body.dataset.loading")
    assert 1 <= rows.count() <= with_doubtful
    box.check()
    page.wait_for_function("new URLSearchParams(location.search).get('min_confidence') === '0'")
