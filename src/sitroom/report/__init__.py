"""report: the store -> situation reports and surge alerts, every sentence cited by the events behind it.

`periods.py` the periods compared, `queries.py` the store queries behind every number, `alerts.py` the
flags (surges, new actors, first events of a kind, territory), `build.py` the report as data,
`render.py` Markdown, HTML and JSON from the templates beside it, `charts.py` and `basemap.py` the SVG.
"""
from __future__ import annotations

from .alerts import Thresholds, find_alerts
from .build import alerts_for, build_report, report_for
from .periods import BadPeriod, Period, resolve_period
from .render import to_html, to_json, to_markdown

__all__ = ["BadPeriod", "Period", "Thresholds", "alerts_for", "build_report", "find_alerts", "report_for",
           "resolve_period", "to_html", "to_json", "to_markdown"]
