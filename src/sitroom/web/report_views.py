"""The web app's alerts (/api/alerts) and report page (/report): the report stage over the current filter.

A report is about an area and a period, so of the map's filters it takes the country, the admin1, the
dates and the confidence threshold; the type, actor, search and box filters narrow the map, not the area.
"""
from __future__ import annotations

import sqlite3
from typing import Any

from pydantic import BaseModel

from ..report import BadPeriod, Thresholds, alerts_for, report_for, to_html
from ..report.render import STYLESHEET  # noqa: F401 (the app serves it at /report/report.css)
from ..store import EventFilter
from .queries import BadQuery, Filters


class AlertEvent(BaseModel):
    id: int
    event_id_cnty: str | None = None
    event_date: str | None = None
    event_type: str | None = None
    sub_event_type: str | None = None
    actor1: str | None = None
    actor2: str | None = None
    country: str | None = None
    admin1: str | None = None
    location: str | None = None
    fatalities: int | None = None
    latitude: float | None = None
    longitude: float | None = None


class Alert(BaseModel):
    kind: str  # surge | territory | first_of_type | new_actor
    level: str  # country | admin1
    country: str | None = None
    admin1: str | None = None
    measure: str | None = None  # surge: events | fatalities
    count: int | None = None
    baseline_total: int | None = None
    baseline_average: float | None = None
    ratio: float | None = None
    sub_event_type: str | None = None
    actor: str | None = None
    events: list[AlertEvent]


class PeriodOut(BaseModel):
    since: str
    until: str
    days: int
    periods: int | None = None


class Alerts(BaseModel):
    period: PeriodOut | None = None
    baseline_period: PeriodOut | None = None
    thresholds: dict[str, float]
    min_confidence: float
    alerts: list[Alert]
    note: str | None = None  # why a period could not be used (until before since)


def area_of(f: Filters) -> EventFilter:
    """The report's area and threshold in the map's filter."""
    return EventFilter(country=f.country, admin1=f.admin1, min_confidence=f.min_confidence)


def alerts_json(con: sqlite3.Connection, f: Filters, last: str | None, thresholds: Thresholds) -> dict[str, Any]:
    """The flags of the filter's period; `last` counts only without a `since` (the filter's dates come first)."""
    try:
        return alerts_for(con, area_of(f), f.since, f.until, None if f.since else last, thresholds)
    except BadPeriod as exc:  # until before since: like the event list, an empty answer
        return {"period": None, "baseline_period": None, "thresholds": {}, "min_confidence": f.min_confidence,
                "alerts": [], "note": str(exc)}


def report_data(con: sqlite3.Connection, f: Filters, last: str | None) -> dict[str, Any]:
    try:
        return report_for(con, area_of(f), f.since, f.until, None if f.since else last)
    except BadPeriod as exc:
        raise BadQuery(str(exc)) from None


def report_page(con: sqlite3.Connection, f: Filters, last: str | None, query: str) -> str:
    """The report for the map's filter as a page of the app: its stylesheet linked, a way back to the same view."""
    back = f"/?{query}" if query else "/"
    return to_html(report_data(con, f, last), standalone=False, stylesheet_url="/report/report.css",
                   nav=[("← back to the map", back)])


def alert_badges(answer: dict[str, Any]) -> list[dict[str, Any]]:
    """The alerts grouped by place (a country, or an admin1 area in it) for the map's badges: each at the mean
    position of the events its flags cite, with the flags' kinds and the number of events behind them."""
    places: dict[tuple[str, str], dict[str, Any]] = {}
    for flag in answer.get("alerts", []):
        key = (flag.get("country") or "", flag.get("admin1") or "")
        place = places.setdefault(key, {"country": key[0], "admin1": key[1], "flags": [], "events": {}})
        place["flags"].append({k: v for k, v in flag.items() if k != "events"})
        for e in flag.get("events", []):
            place["events"][e["id"]] = e
    badges = []
    for place in places.values():
        located = [e for e in place["events"].values() if e.get("latitude") is not None]
        if not located:
            continue  # nothing to pin it on
        badges.append({"country": place["country"], "admin1": place["admin1"], "flags": place["flags"],
                       "events": len(place["events"]),
                       "latitude": sum(e["latitude"] for e in located) / len(located),
                       "longitude": sum(e["longitude"] for e in located) / len(located)})
    return badges
