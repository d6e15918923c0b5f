"""Charts as SVG, drawn on the server: no script, no chart library, the same in a file, a browser and print.

Colours come from classes the report's stylesheet (report.css) sets, never from style attributes, which
the web app's Content-Security-Policy would refuse.
"""
from __future__ import annotations

from datetime import date
from html import escape
from typing import Any

from .periods import MONTHS
from .wording import plural

WIDTH = 560


def _nice_max(value: int) -> int:
    """The top of an axis: 1, 2, 5, 10, 20, 50 ... at or above the largest value."""
    top = 1
    while True:
        for step in (1, 2, 5):
            if top * step >= value:
                return top * step
        top *= 10


def _short_day(iso: str) -> str:
    d = date.fromisoformat(iso)
    return f"{d.day} {MONTHS[d.month - 1][:3]}"


def timeline_chart(timeline: list[dict[str, Any]]) -> str:
    """Events (bars) and reported fatalities (bars below) per period, one slot per period, empty ones at zero."""
    if not timeline:
        return ""
    left, right, panel, gap, top = 44, 12, 90, 34, 22
    height = top + panel * 2 + gap + 40
    slot = (WIDTH - left - right) / len(timeline)
    out = [f'<svg class="chart timeline" viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}" '
           f'role="img" aria-label="Events and reported fatalities per period">',
           "<title>Events and reported fatalities per period</title>"]
    for row, (key, label) in enumerate((("events", "events"), ("fatalities", "reported fatalities"))):
        y0 = top + row * (panel + gap)
        peak = _nice_max(max(t[key] for t in timeline))
        out.append(f'<text class="axis-title" x="{left}" y="{y0 - 8}">{label} per {_period_word(timeline)}</text>')
        for tick in (0, peak // 2 if peak > 1 else None, peak):
            if tick is None:
                continue
            y = y0 + panel - panel * tick / peak
            out.append(f'<line class="grid" x1="{left}" x2="{WIDTH - right}" y1="{y:.1f}" y2="{y:.1f}"/>')
            out.append(f'<text class="tick" x="{left - 6}" y="{y + 4:.1f}" text-anchor="end">{tick}</text>')
        for i, t in enumerate(timeline):
            h = panel * t[key] / peak
            x = left + i * slot + slot * 0.15
            out.append(f'<rect class="bar {key}{" current" if i == len(timeline) - 1 else ""}" x="{x:.1f}" '
                       f'y="{y0 + panel - h:.1f}" width="{slot * 0.7:.1f}" height="{h:.1f}">'
                       f'<title>{escape(t["since"])} to {escape(t["until"])}: {t[key]} {label}</title></rect>')
    base = top + panel * 2 + gap
    every = 1 if len(timeline) <= 8 else 2
    for i, t in enumerate(timeline):
        if (len(timeline) - 1 - i) % every == 0:
            x = left + i * slot + slot / 2
            out.append(f'<text class="tick" x="{x:.1f}" y="{base + 16}" text-anchor="middle">'
                       f'{escape(_short_day(t["since"]))}</text>')
    out.append("</svg>")
    return "\n".join(out)


def admin1_chart(rows: list[dict[str, Any]], limit: int = 10) -> str:
    """Events per first-level area (horizontal bars), with the reported fatalities written beside each."""
    rows = rows[:limit]
    if not rows:
        return ""
    label_w, bar_h, pad = 150, 22, 6
    height = len(rows) * (bar_h + pad) + 28
    peak = _nice_max(max(r["events"] for r in rows))
    span = WIDTH - label_w - 200  # room for the figures written after the longest bar
    out = [f'<svg class="chart admin1" viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}" '
           'role="img" aria-label="Events by first-level area">', "<title>Events by first-level area</title>"]
    for i, r in enumerate(rows):
        y = 8 + i * (bar_h + pad)
        w = span * r["events"] / peak
        out.append(f'<text class="label" x="{label_w - 8}" y="{y + bar_h * 0.7:.1f}" text-anchor="end">'
                   f'{escape(r["admin1"])}</text>')
        out.append(f'<rect class="bar events" x="{label_w}" y="{y}" width="{w:.1f}" height="{bar_h}">'
                   f'<title>{escape(r["admin1"])}: {r["events"]} events</title></rect>')
        out.append(f'<text class="value" x="{label_w + w + 6:.1f}" y="{y + bar_h * 0.7:.1f}">'
                   f'{plural(r["events"], "event")}, {plural(r["fatalities"], "fatality")}</text>')
    out.append("</svg>")
    return "\n".join(out)


def _period_word(timeline: list[dict[str, Any]]) -> str:
    days = (date.fromisoformat(timeline[0]["until"]) - date.fromisoformat(timeline[0]["since"])).days + 1
    return {1: "day", 7: "week"}.get(days, f"{days} days")
