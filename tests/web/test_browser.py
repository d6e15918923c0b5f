"""End to end in Debian's Chromium (headless, no browser download): map points, a filter, the evidence page.

Screenshots go to test-output/e2e/ at the top of the checkout.
"""
from __future__ import annotations

import json
import os
import socket
import threading
import time
from contextlib import contextmanager
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
SHOTS = Path(__file__).resolve().parents[2] / "test-output" / "e2e"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]

if not CHROMIUM.exists():
    if os.environ.get("SITROOM_REQUIRE_BROWSER"):
        raise RuntimeError(f"{CHROMIUM} is missing: install Debian's chromium package (CI does, in .ci/run)")
    pytest.skip("Debian's chromium is not installed here (CI installs it)", allow_module_level=True)


@contextmanager
def serving(app):
    """The app on a free port of 127.0.0.1, in a thread, for the length of the block."""
    import uvicorn

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not srv.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert srv.started, "the test server did not start"
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        srv.should_exit = True
        thread.join(timeout=10)


@pytest.fixture(scope="module")
def server(web_app):
    with serving(web_app) as url:
        yield url


def policy_violations(messages: list[str]) -> list[str]:
    return [m for m in messages if "Content Security Policy" in m]


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
        yield chromium
        chromium.close()


@contextmanager
def watched_page(browser, server: str, width: int = 1400, height: int = 900, **options):
    """A page in a fresh context that fails the test if it reaches off the machine, throws, or breaks the CSP."""
    # No bypass_csp: the app must work under its own policy (predicates below are functions, not eval'd strings).
    with browser.new_context(viewport={"width": width, "height": height}, **options) as context:
        # Nothing may leave the machine: any request not to the test server fails the test.
        outside: list[str] = []
        context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(server)
                      else (outside.append(route.request.url), route.abort()))
        pg = context.new_page()
        errors: list[str] = []
        console: list[str] = []
        pg.on("pageerror", lambda exc: errors.append(str(exc)))
        pg.on("console", lambda msg: console.append(msg.text))
        yield pg
        assert not outside, f"the page tried to reach {outside}"
        assert not errors, f"JavaScript errors: {errors}"
        # The app works under its own strict CSP: nothing it does is refused by the browser.
        assert not policy_violations(console), policy_violations(console)


@pytest.fixture(scope="module")
def page(browser, server):
    SHOTS.mkdir(parents=True, exist_ok=True)
    with watched_page(browser, server) as pg:
        yield pg


def wait_ready(page) -> None:
    page.wait_for_selector("body[data-ready='1']", timeout=20_000)
    page.wait_for_function("() => !document.body.dataset.loading", timeout=20_000)


def markers(page) -> int:
    return page.locator(".event-marker").count()


def test_map_shows_points_a_filter_narrows_them_and_a_click_opens_the_evidence(page, server):
    page.goto(server + "/")
    wait_ready(page)
    shown = markers(page)
    assert shown >= 3, "the demo events should show as several points on the map"
    assert page.locator("#timeline rect.bar").count() >= 3
    assert "events" in page.locator("#summary").inner_text()
    page.screenshot(path=str(SHOTS / "1-map.png"))

    everything = page.locator("#event-list tbody tr").count()
    page.select_option("select[name=event_type]", "Explosions/Remote violence")
    page.wait_for_function("() => !document.body.dataset.loading")
    page.wait_for_function(f"() => document.querySelectorAll('#event-list tbody tr').length < {everything}")
    assert "event_type=Explosions" in page.url  # the view can be shared by its URL
    assert markers(page) < shown
    page.select_option("select[name=sub_event_type]", "Air/drone strike")
    page.wait_for_function("() => !document.body.dataset.loading")
    page.wait_for_function("() => document.querySelectorAll('#event-list tbody tr').length === 1")
    page.screenshot(path=str(SHOTS / "2-filtered.png"))

    page.locator(".event-point").first.click()
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
    page.wait_for_function("() => !document.body.dataset.loading")
    box = page.locator("#timeline").bounding_box()
    page.mouse.move(box["x"] + 20, box["y"] + 60)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + 60, steps=5)
    page.mouse.up()
    page.wait_for_function("() => new URLSearchParams(location.search).has('since')")
    page.wait_for_function("() => !document.body.dataset.loading")
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
    page.wait_for_function("() => !new URLSearchParams(location.search).has('min_confidence')")
    page.wait_for_function("() => !document.body.dataset.loading")
    assert 1 <= rows.count() <= with_doubtful
    box.check()
    page.wait_for_function("() => new URLSearchParams(location.search).get('min_confidence') === '0'")


def test_every_link_on_event_pages_built_from_hostile_input_is_clicked_and_no_script_runs(browser, hostile_db):
    """Issue #16, finding 1: clicking a source's `javascript:` address ran the script on the app's origin."""
    from playwright.sync_api import Error as PlaywrightError

    from sitroom.web.app import create_app

    with serving(create_app(hostile_db)) as server, browser.new_context() as context:
        left: list[str] = []  # addresses a click tried to leave for: aborted here, never fetched
        context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(server)
                      else (left.append(route.request.url), route.abort()))
        page = context.new_page()
        ran: list[str] = []  # a dialog (alert, confirm, prompt) is the injected script running
        page.on("dialog", lambda dialog: (ran.append(dialog.message), dialog.dismiss()))
        page.on("pageerror", lambda exc: ran.append(f"page error: {exc}"))
        events = page.request.get(f"{server}/api/events?limit=1000&min_confidence=0").json()["events"]
        assert len(events) >= 5
        clicked = shown = 0
        for event in events:
            page.goto(f"{server}/events/{event['id']}")
            shown += "alert(document.domain)" in page.locator("main").inner_text()  # the hostile input, as text
            for n in range(page.locator("a").count()):
                page.goto(f"{server}/events/{event['id']}")
                link = page.locator("a").nth(n)
                assert link.get_attribute("href").startswith(("/", "http://", "https://"))
                link.click(no_wait_after=True)
                # Every link navigates (home, or a web address aborted here, which ends on Chromium's error page):
                # await it, so that it cannot cut into the next page's load.
                try:
                    page.wait_for_url(lambda url: not url.endswith(f"/events/{event['id']}"), wait_until="commit",
                                      timeout=10_000)
                except PlaywrightError as exc:
                    assert "net::ERR_" in str(exc), exc
                    page.wait_for_url("chrome-error://**", wait_until="commit", timeout=10_000)
                clicked += 1
                # Still the app, or a web address the click tried to open (aborted here): never a script's page.
                assert page.url.startswith((server, "http://", "https://", "chrome-error://")), page.url
        assert clicked >= len(events) + 2  # the way home on each page, and the sources with web addresses
        assert shown >= 5
        assert not ran, f"script ran: {ran}"
        assert left and all(u.startswith(("http://", "https://")) for u in left), left
        assert len(context.pages) == 1


# The analyst store (tests/web/analyst_feed.jsonl): four events at Kidal's town centre between January and March
# 2024, two near Goma in November 2023.
KIDAL = "18.4434/1.4092"


@pytest.fixture(scope="module")
def analyst_server(analyst_db):
    from sitroom.web.app import create_app

    with serving(create_app(analyst_db)) as url:
        yield url


def wait_drawn(page) -> None:
    """Until the markers asked for by the last map move are on the map."""
    page.wait_for_function("() => !document.body.dataset.moving && !document.body.dataset.loading "
                           "&& document.body.dataset.drawn === document.body.dataset.asked", timeout=10_000)


def test_events_at_one_place_are_listed_in_their_cluster_even_at_maximum_zoom(browser, analyst_server):
    with watched_page(browser, analyst_server) as page:
        page.goto(f"{analyst_server}/?view=14/{KIDAL}")
        wait_ready(page)
        assert page.locator(".event-cluster").count() == 1, "four events at one point stay one marker at zoom 14"
        page.locator(".event-cluster").click()
        items = page.locator(".leaflet-popup .cluster-events li a.event-link")
        items.first.wait_for()
        assert items.count() == 4
        text = page.locator(".leaflet-popup").inner_text()
        assert "all at one place" in text and "Air/drone strike" in text and "Peaceful protest" in text
        items.first.click()
        page.wait_for_selector("mark.ev-location")  # each listed event opens its evidence page


def popup_after_a_pan_stays_open(page) -> None:
    """Pan until a marker sits at the top edge, open its popup (which pans the map to fit): it stays open."""
    # Pan (arrow keys, 80 px a press) until Kidal sits at the top edge: its popup has no room there and pans
    # the map down to fit, which redraws the markers.
    page.locator("#map").focus()
    top = page.locator("#map").bounding_box()["y"]
    while page.locator(".event-cluster").bounding_box()["y"] > top + 90:
        page.keyboard.press("ArrowDown")
        wait_drawn(page)
    before = page.evaluate("() => location.search")
    page.locator(".event-cluster").click()
    page.locator(".leaflet-popup .cluster-events li a").first.wait_for()
    page.wait_for_function(f"() => location.search !== {before!r}")  # the popup panned the map
    wait_drawn(page)  # ... and the markers were redrawn under it
    assert page.locator(".leaflet-popup").is_visible()
    assert page.locator(".leaflet-popup .cluster-events li a").count() == 4


def test_a_popup_opened_after_a_pan_stays_open_while_the_map_redraws(browser, analyst_server):
    with watched_page(browser, analyst_server, 1440, 900) as page:
        page.goto(f"{analyst_server}/?view=6/{KIDAL}")
        wait_ready(page)
        popup_after_a_pan_stays_open(page)


def test_the_keyboard_reaches_a_marker_and_opens_its_popup(browser, analyst_server):
    with watched_page(browser, analyst_server) as page:
        page.goto(f"{analyst_server}/?view=9/-1.62/29.13")
        wait_ready(page)
        page.locator("#map").focus()
        for _ in range(10):
            page.keyboard.press("Tab")
            if page.evaluate("() => document.activeElement.classList.contains('event-marker')"):
                break
        else:
            pytest.fail("Tab never reached a marker")
        label = page.evaluate("() => document.activeElement.getAttribute('aria-label')")
        # the label names what happened there: one event's sub-type, or a cluster's count of events
        assert any(what in label for what in ("Armed clash", "Air/drone strike", "events")), label
        page.keyboard.press("Enter")
        page.locator(".leaflet-popup a.event-link").first.wait_for()
        assert "event=" in page.url


def test_the_timeline_runs_in_true_time_and_keeps_its_overview_when_dates_are_brushed(browser, analyst_server):
    with watched_page(browser, analyst_server) as page:
        page.goto(f"{analyst_server}/")
        wait_ready(page)
        periods = lambda: page.evaluate("() => JSON.parse(document.getElementById('timeline').dataset.periods)")  # noqa: E731
        weeks = periods()
        # Goma (week of 13 November 2023) to Kidal's protest (week of 25 March 2024): 20 weeks, the 15 without
        # events among them drawn as zero, not left out.
        assert weeks[0] == "2023-11-13" and weeks[-1] == "2024-03-25" and len(weeks) == 20
        assert "2024-02-12" in weeks
        assert page.locator("#timeline text.count-tick").count() >= 3
        assert page.locator("#timeline text.date-tick").count() >= 3
        assert page.locator("#timeline polyline.deaths-line").count() == 1

        box = page.locator("#timeline").bounding_box()
        page.mouse.move(box["x"] + box["width"] * 0.6, box["y"] + 80)
        page.mouse.down()
        page.mouse.move(box["x"] + box["width"] - 45, box["y"] + 80, steps=4)
        page.mouse.up()
        page.wait_for_function("() => new URLSearchParams(location.search).has('since')")
        wait_drawn(page)
        assert periods() == weeks, "brushing keeps the whole overview"
        assert page.locator("#timeline rect.brush").count() == 1
        assert "Goma" not in page.locator("#event-list").inner_text()

        page.locator("#timeline").focus()
        page.keyboard.press("Escape")
        page.wait_for_function("() => !new URLSearchParams(location.search).has('since')")
        page.keyboard.press("ArrowLeft")  # the last week
        page.wait_for_function("() => new URLSearchParams(location.search).get('since') === '2024-03-25'")
        page.keyboard.press("Shift+ArrowLeft")  # ... stretched back one week
        page.wait_for_function("() => new URLSearchParams(location.search).get('since') === '2024-03-18'")
        assert page.evaluate("() => new URLSearchParams(location.search).get('until')") == "2024-03-31"


def test_a_link_with_values_the_map_cannot_apply_says_so_in_a_banner(browser, analyst_server):
    with watched_page(browser, analyst_server) as page:
        page.goto(f"{analyst_server}/?country=Narnia&since=2024-13-45&colour=red&event_type=Battles")
        wait_ready(page)
        banner = page.locator("#banner")
        assert banner.is_visible()
        text = banner.inner_text()
        assert "Narnia" in text and "2024-13-45" in text and "colour" in text
        # What could be applied is: the type; the rest is named, not silently dropped.
        assert page.locator("select[name=event_type]").input_value() == "Battles"
        assert "country" not in page.url and "since" not in page.url
        page.goto(f"{analyst_server}/?country=mali")  # a name, in any case, is a country this store has
        wait_ready(page)
        assert not page.locator("#banner").is_visible()
        assert page.locator("select[name=country]").input_value() == "ML"


def test_the_url_keeps_the_view_and_the_event_and_the_event_page_leads_back_to_them(browser, analyst_server):
    with watched_page(browser, analyst_server) as page:
        page.goto(f"{analyst_server}/?country=CD&view=9/-1.62/29.13")
        wait_ready(page)
        assert page.evaluate("() => new URLSearchParams(location.search).get('view')") == "9/-1.6200/29.1300"
        page.locator(".event-point").first.click()
        page.locator(".leaflet-popup a.event-link").wait_for()
        shared = page.url
        assert "event=" in shared
        page.goto("about:blank")
        page.goto(shared)  # the link opens the same view, with the same event's popup
        wait_ready(page)
        assert page.locator(".leaflet-popup").is_visible()
        assert page.locator("select[name=country]").input_value() == "CD"
        page.locator(".leaflet-popup a.event-link").click()
        page.wait_for_selector("mark.ev-location")
        page.locator("header a").click()  # "← sitroom"
        wait_ready(page)
        assert page.locator("select[name=country]").input_value() == "CD"
        assert "view=9" in page.url

        response = page.goto(f"{analyst_server}/events/999999")
        assert response.status == 404 and "No such event" in page.locator("h1").inner_text()
        assert page.locator("header a").get_attribute("href").startswith("/?country=CD")


def test_the_export_downloads_the_filtered_view_and_the_panel_can_follow_the_map(browser, analyst_server):
    import csv
    import io

    with watched_page(browser, analyst_server, accept_downloads=True) as page:
        page.goto(f"{analyst_server}/?country=ML&view=5/{KIDAL}")
        wait_ready(page)
        assert page.locator("#table-count").inner_text() == "1–4 of 4"
        with page.expect_download() as download:
            page.locator("#export-csv").click()
        rows = list(csv.DictReader(io.StringIO(Path(download.value.path()).read_text())))
        assert len(rows) == 4 and {r["location"] for r in rows} == {"Kidal"}
        assert {r["sub_event_type"] for r in rows} == {"Armed clash", "Air/drone strike", "Attack", "Peaceful protest"}

        # Oldest first sorts the whole list through the API, not just the page.
        page.locator("#event-list th button", has_text="date").click()
        page.wait_for_function("() => document.querySelector('#event-list tbody td').textContent === '2024-01-07'")

        # Following the map: all filters off, the panel counts only the area in view (Kidal, not Goma).
        page.goto(f"{analyst_server}/?view=8/{KIDAL}")
        wait_ready(page)
        assert page.locator("#table-count").inner_text() == "1–6 of 6"
        page.locator("#follow").check()
        page.wait_for_function("() => document.getElementById('table-count').textContent === '1–4 of 4'")
        assert "follow=1" in page.url and "map's area" in page.locator("#summary").inner_text()
        with page.expect_download() as download:
            page.locator("#export-geojson").click()
        features = json.loads(Path(download.value.path()).read_text())["features"]
        assert len(features) == 4


def test_the_legend_hides_and_shows_a_type_codes_are_explained_and_no_match_says_so(browser, analyst_server):
    with watched_page(browser, analyst_server) as page:
        page.goto(f"{analyst_server}/?view=14/{KIDAL}")
        wait_ready(page)
        battles = page.locator("#legend button", has_text="Battles")
        assert battles.get_attribute("aria-pressed") == "true" and "2" in battles.inner_text()
        battles.click()
        page.wait_for_function("() => new URLSearchParams(location.search).get('hide_types') === 'Battles'")
        wait_drawn(page)
        assert battles.get_attribute("aria-pressed") == "false"
        assert "Armed clash" not in page.locator("#event-list").inner_text()
        assert page.locator("#table-count").inner_text() == "1–4 of 4"
        page.locator(".event-cluster").click()  # the ring at Kidal lost its Battles slice
        page.locator(".leaflet-popup .cluster-events li a").first.wait_for()
        assert page.locator(".leaflet-popup .cluster-events li").count() == 3
        battles.click()
        page.wait_for_function("() => !new URLSearchParams(location.search).has('hide_types')")

        page.goto(f"{analyst_server}/events/1")
        assert page.locator("td[data-field=geo_precision]").inner_text() == "1 · the town itself"
        assert page.locator("td[data-field=inter1]").inner_text() == "1 · State forces"

        page.goto(f"{analyst_server}/?q=nothingmatchesthisword")
        wait_ready(page)
        assert page.locator("#empty").is_visible() and "Nothing matches" in page.locator("#empty").inner_text()
        page.locator("#empty-clear").click()
        page.wait_for_function("() => document.getElementById('table-count').textContent === '1–6 of 6'")
        assert not page.locator("#empty").is_visible()


def test_a_phone_shows_the_map_first_and_the_filters_in_a_drawer(browser, analyst_server):
    with watched_page(browser, analyst_server, 390, 844, has_touch=True, is_mobile=True) as page:
        page.goto(f"{analyst_server}/")
        wait_ready(page)
        header = page.locator("header").bounding_box()
        map_box = page.locator("#map").bounding_box()
        assert map_box["width"] >= 380 and map_box["height"] >= 400, map_box
        assert map_box["y"] <= header["y"] + header["height"] + 2, "the map comes right under the header"
        assert page.locator("#summary").bounding_box()["y"] >= map_box["y"] + map_box["height"] - 1
        assert not page.locator("#filters").is_visible()
        page.locator("#filters-toggle").click()
        page.locator("select[name=event_type]").select_option("Protests")
        page.wait_for_function("() => document.getElementById('table-count').textContent === '1–1 of 1'")
        page.locator("#filters-done").click()
        assert not page.locator("#filters").is_visible()
        assert page.locator(".event-marker").count() == 1

        page.goto(f"{analyst_server}/?view=6/{KIDAL}")
        wait_ready(page)
        popup_after_a_pan_stays_open(page)  # on a phone it closed every time



def test_every_table_column_sorts_the_whole_view_on_the_server(browser, analyst_server):
    with watched_page(browser, analyst_server) as page:
        page.goto(f"{analyst_server}/?view=3/{KIDAL}")
        wait_ready(page)
        with page.expect_request(lambda r: "/api/events" in r.url and "sort=fatalities" in r.url):
            page.locator("#event-list th button", has_text="deaths").click()
        page.wait_for_function("() => document.querySelector('th[data-sort=fatalities]').ariaSort === 'descending'")
        wait_drawn(page)
        deaths = [int(t.replace(",", "")) for t in page.locator("#event-list td.number").all_inner_texts()]
        assert len(deaths) == 6 and deaths == sorted(deaths, reverse=True) and deaths[0] > deaths[-1]
        assert page.locator("#table-count").inner_text() == "1–6 of 6"
        assert "sort=fatalities" in page.locator("#export-csv").get_attribute("href")

        page.locator("#event-list th button", has_text="actors").click()
        page.wait_for_function("() => document.querySelector('th[data-sort=actors]').ariaSort === 'ascending'")
        wait_drawn(page)
        actors = page.locator("#event-list td.actors").all_inner_texts()
        assert actors == sorted(actors) and len(set(actors)) > 1


def test_a_click_on_an_actor_or_a_place_in_the_table_filters_the_view_by_it(browser, analyst_server):
    with watched_page(browser, analyst_server) as page:
        page.goto(f"{analyst_server}/")
        wait_ready(page)
        before = page.locator("#table-count").inner_text()
        actor = page.locator("#event-list td.actors button.cell-filter").first
        name = actor.inner_text()
        with page.expect_request(lambda r: "/api/events" in r.url and "actor=" in r.url):
            actor.click()
        page.wait_for_function("() => !document.body.dataset.loading")
        assert page.locator("#filters input[name=actor]").input_value() == name
        assert "actor=" in page.url
        rows = page.locator("#event-list td.actors").all_inner_texts()
        assert rows and all(name in row for row in rows)
        assert page.locator("#table-count").inner_text() != before

        country = page.locator("#event-list td.place button[data-filter=country]").first
        country_name = country.inner_text()
        country.click()
        page.wait_for_function("() => !document.body.dataset.loading")
        chosen = page.locator("#filters select[name=country]")
        assert chosen.evaluate("(s) => s.options[s.selectedIndex].text") == country_name
        assert all(row.endswith(country_name) for row in page.locator("#event-list td.place").all_inner_texts())


def test_a_dark_system_gets_the_dark_theme_the_toggle_is_remembered_and_print_keeps_map_legend_and_table(
        browser, analyst_server):
    background = "() => getComputedStyle(document.body).backgroundColor"
    with watched_page(browser, analyst_server, color_scheme="dark") as page:
        page.goto(f"{analyst_server}/?view=5/{KIDAL}")
        wait_ready(page)
        assert page.evaluate(background) == "rgb(17, 22, 28)"
        toggle = page.locator("#theme-toggle")
        assert toggle.get_attribute("aria-pressed") == "true"
        toggle.click()
        assert page.evaluate(background) == "rgb(255, 255, 255)"
        page.reload()
        wait_ready(page)
        assert page.evaluate("() => document.documentElement.dataset.theme") == "light"
        assert page.evaluate(background) == "rgb(255, 255, 255)"
        page.locator("#theme-toggle").click()  # dark again, for the printout

        page.emulate_media(media="print")
        page.evaluate("() => window.dispatchEvent(new Event('beforeprint'))")
        assert page.evaluate(background) == "rgb(255, 255, 255)", "print is always light"
        for hidden in ("#filters", "#theme-toggle", ".pager", ".leaflet-control-zoom", "#export-csv"):
            assert not page.locator(hidden).is_visible(), hidden
        map_box = page.locator("#map").bounding_box()
        assert map_box["height"] > 400 and map_box["width"] > 600
        assert page.locator("#legend").is_visible() and page.locator(".event-marker").first.is_visible()
        assert page.locator("#event-list tbody tr").count() == 6
        assert page.locator("#event-list").bounding_box()["y"] > map_box["y"] + map_box["height"] - 1
        page.screenshot(path=str(SHOTS / "print.png"), full_page=True)


def test_the_basemap_names_towns_by_zoom_and_the_admin1_areas_of_the_events(browser, analyst_server):
    label = "(name) => [...document.querySelectorAll('.place-label.{kind} span')].some((s) => s.textContent === name)"
    with watched_page(browser, analyst_server) as page:
        page.goto(f"{analyst_server}/?view=3/5/10")
        wait_ready(page)
        page.wait_for_function("() => document.body.dataset.labels > 0")
        assert page.evaluate(label.format(kind="city"), "Kinshasa")  # millions: named from far out
        assert not page.evaluate(label.format(kind="city"), "Kidal")  # 40,000 people: not at a continent's view
        page.goto(f"{analyst_server}/?view=8/{KIDAL}")
        wait_ready(page)
        page.wait_for_function("() => [...document.querySelectorAll('.place-label.city span')].some("
                               "(s) => s.textContent === 'Kidal')")
        assert page.evaluate(label.format(kind="admin1"), "Kidal")  # the events' region, where they are
        # Names take no clicks and no focus: the markers stay on top and reachable.
        assert page.locator(".place-label[tabindex]").count() == 0
        page.locator(".event-cluster").click()
        page.locator(".leaflet-popup .cluster-events li a").first.wait_for()


def test_a_place_with_an_alert_in_the_newest_week_carries_a_badge_that_opens_its_flags(browser, analyst_server):
    with watched_page(browser, analyst_server) as page:
        page.goto(f"{analyst_server}/?view=6/{KIDAL}")
        wait_ready(page)
        badge = page.locator(".alert-badge").first
        badge.wait_for()
        assert "Kidal" in badge.get_attribute("aria-label")
        assert page.evaluate("() => document.body.dataset.alerts") == str(page.locator(".alert-badge").count())
        badge.click()
        link = page.locator(".leaflet-popup .popup-alert a")
        assert "first of its kind" in page.locator(".leaflet-popup .popup-alert").inner_text()
        assert "admin1=Kidal" in link.get_attribute("href")
        page.locator("select[name=country]").select_option("CD")  # another country: Kidal's badge goes
        page.wait_for_function("() => document.body.dataset.alerts === '0'")
