"""The situation report in Chromium: the HTML file `sitroom report` writes, and the app's /report view.

Both must show their charts and their map; the app's view must pass its own CSP and link each citation to
the event's evidence page. Screenshots go to test-output/e2e/ (report.png is the README's).
"""
from __future__ import annotations

import re

from test_browser import SHOTS, browser, policy_violations, serving, wait_ready  # noqa: F401 (fixture)

WEEK = ("2024-03-11", "2024-03-17")


def visible_charts(page) -> dict[str, int]:
    """How many bars, dots and country outlines the page draws with a size on screen."""
    def drawn(selector: str) -> int:
        return page.eval_on_selector_all(selector, "els => els.filter(e => { const b = e.getBoundingClientRect(); "
                                                   "return b.width > 0 && b.height > 0; }).length")
    return {"slots": page.locator("svg.timeline rect.bar").count(), "bars": drawn("svg.timeline rect.bar"),
            "areas": drawn("svg.admin1 rect.bar"),
            "dots": drawn("svg.locator circle.dot"), "land": drawn("svg.locator path.land")}


def test_the_report_file_opens_with_its_charts_and_map(browser, report_db, tmp_path):
    from typer.testing import CliRunner

    from sitroom.cli import app

    out = tmp_path / "report.html"
    result = CliRunner().invoke(app, ["report", "--db", str(report_db), "--country", "SY", "--since", WEEK[0],
                                      "--until", WEEK[1], "--format", "html", "--output", str(out)])
    assert result.exit_code == 0, result.output
    SHOTS.mkdir(parents=True, exist_ok=True)
    with browser.new_context(viewport={"width": 1200, "height": 900}) as context:
        fetched: list[str] = []  # a report file needs nothing but itself
        context.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file:")
                      else (fetched.append(route.request.url), route.abort()))
        page = context.new_page()
        page.goto(out.as_uri())
        assert page.locator("h1").inner_text() == "Situation report — Syria: 11–17 March 2024"
        shown = visible_charts(page)
        assert shown["slots"] == 24 and shown["areas"] == 3 and shown["dots"] == 6 and shown["land"] >= 3, shown
        assert shown["bars"] >= 8, shown  # five weeks with events, each with events and fatalities
        # Weeks without events are there, at zero height: the axis is time, not a list of busy weeks.
        heights = page.eval_on_selector_all("svg.timeline rect.bar.events", "els => els.map(e => e.getBBox().height)")
        assert len(heights) == 12 and heights.count(0) >= 6 and heights[-1] == max(heights)
        page.screenshot(path=str(SHOTS / "report.png"))
        assert not fetched, fetched


def test_the_report_view_follows_the_map_filter_and_its_citations_open_the_evidence(browser, report_db):
    from sitroom.web.app import create_app

    with serving(create_app(report_db)) as server, browser.new_context(viewport={"width": 1300, "height": 900}) \
            as context:
        page = context.new_page()
        console: list[str] = []
        errors: list[str] = []
        page.on("console", lambda msg: console.append(msg.text))
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.goto(f"{server}/?country=SY&admin1=Deir%20ez-Zor&since={WEEK[0]}&until={WEEK[1]}")
        wait_ready(page)
        page.click("#report-link")
        page.wait_for_url(re.compile(r"/report\?"))
        assert "admin1=Deir" in page.url
        assert page.locator("h1").inner_text() == "Situation report — Deir ez-Zor, Syria: 11–17 March 2024"
        shown = visible_charts(page)
        assert shown["slots"] == 24 and shown["bars"] >= 2 and shown["dots"] == 4, shown  # the area's four events
        assert page.eval_on_selector("svg .bar.events", "e => getComputedStyle(e).fill") == "rgb(59, 111, 182)"
        page.screenshot(path=str(SHOTS / "report-view.png"), full_page=True)
        cite = page.locator("a.cite").first
        label = cite.inner_text().strip("[]")
        cite.click()
        page.wait_for_url(re.compile(r"/events/\d+$"))
        assert label in page.locator("body").inner_text()  # the event page of the event cited
        page.go_back()
        page.click("nav.report-nav a")
        page.wait_for_url(re.compile(r"/\?.*country=SY"))  # back to the same view
        assert not errors, errors
        assert not policy_violations(console), policy_violations(console)
