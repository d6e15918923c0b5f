"""A report's data -> Markdown, HTML or JSON, through the Jinja2 templates in templates/.

Citations link to the event page (`/events/{id}`, which shows the sources) under `link_base`: empty for
the web app's own pages, the server's address for a file read elsewhere. A sentence shows at most
`SHOWN_CITATIONS` of its citations and says how many more the JSON holds.
"""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

TEMPLATES = Path(__file__).with_name("templates")
STYLESHEET = Path(__file__).with_name("report.css")
SHOWN_CITATIONS = 6


@lru_cache(maxsize=1)
def environment() -> Environment:
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html", "html.j2"]),
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    env.globals["SHOWN_CITATIONS"] = SHOWN_CITATIONS
    return env


def event_link(report: dict[str, Any], citation: str, link_base: str) -> str:
    return f"{link_base.rstrip('/')}/events/{report['events'][citation]['id']}"


def to_json(report: dict[str, Any]) -> str:
    return json.dumps(report, indent=2, ensure_ascii=False) + "\n"


def to_markdown(report: dict[str, Any], link_base: str = "") -> str:
    return environment().get_template("report.md.j2").render(
        report=report, link=lambda c: event_link(report, c, link_base))



def to_html(report: dict[str, Any], link_base: str = "", standalone: bool = True,
            stylesheet_url: str = "/report/report.css", nav: list[tuple[str, str]] | None = None) -> str:
    """The HTML report: a file with its stylesheet inside (`standalone`), or a page of the web app linking it.

    `nav` adds (label, URL) links at the top (the web app's way back to the map and to the JSON).
    """
    from .basemap import locator_map
    from .charts import admin1_chart, timeline_chart

    def link(citation: str) -> str:
        return event_link(report, citation, link_base)

    return environment().get_template("report.html.j2").render(
        report=report, link=link, standalone=standalone, nav=nav or [],
        stylesheet=STYLESHEET.read_text(encoding="utf-8") if standalone else "", stylesheet_url=stylesheet_url,
        timeline_svg=Markup(timeline_chart(report.get("timeline", []))),
        admin1_svg=Markup(admin1_chart(report.get("admin1", []))),
        map_svg=Markup(locator_map(list(report.get("events", {}).values()), link)))
