"""The store queries behind reports and alerts: each number a report prints is the answer of one of these.

Every query narrows the events with the store's own `EventFilter` (dates, country, admin1, the confidence
threshold), so a report counts exactly the events `sitroom events` and the API list for the same filter.
Ties are broken by name and id, so the same store always gives the same order.
"""
from __future__ import annotations

import sqlite3
from dataclasses import replace
from datetime import date
from typing import Any

from ..store import EventFilter

# The columns a report shows of each event it cites.
EVENT_COLUMNS = ("id, event_id_cnty, event_date, event_type, sub_event_type, actor1, actor2, country, country_iso2, "
                 "admin1, location, latitude, longitude, fatalities")

# An event names actor 2 and it is not actor 1 again; an event names both actors.
NOT_ACTOR1 = "actor2 != COALESCE(actor1, '')"
BOTH_ACTORS = "COALESCE(actor1, '') != '' AND COALESCE(actor2, '') != ''"


def in_period(f: EventFilter, since: date, until: date) -> EventFilter:
    """The same area and threshold, over other days."""
    return replace(f, since=since, until=until, limit=None)


def totals(con: sqlite3.Connection, f: EventFilter) -> tuple[int, int]:
    """(events, reported fatalities) matching the filter."""
    where, params = f.where()
    n, deaths = con.execute(f"SELECT COUNT(*), COALESCE(SUM(fatalities), 0) FROM events{where}", params).fetchone()
    return n, deaths


def events(con: sqlite3.Connection, f: EventFilter) -> list[dict[str, Any]]:
    """The matching events, deadliest first, then by date and id."""
    where, params = f.where()
    return [dict(r) for r in con.execute(
        f"SELECT {EVENT_COLUMNS} FROM events{where} ORDER BY COALESCE(fatalities, 0) DESC, event_date, id", params)]


def grouped(con: sqlite3.Connection, f: EventFilter, *columns: str) -> list[tuple[Any, ...]]:
    """(*values, events, fatalities) per value of the columns, most events first; empty values left out."""
    if not columns or not set(columns) <= {"event_type", "sub_event_type", "admin1", "location", "country"}:
        raise ValueError(f"no grouping by {columns}")
    where, params = f.where()
    names = ", ".join(columns)
    rows = con.execute(
        f"SELECT {names}, COUNT(*), COALESCE(SUM(fatalities), 0) FROM events{where} GROUP BY {names}", params)
    return sorted((tuple(r) for r in rows if all(r[: len(columns)])),
                  key=lambda r: (-r[-2], -r[-1], *r[: len(columns)]))


def actors(con: sqlite3.Connection, f: EventFilter) -> list[tuple[str, int, int]]:
    """(actor, events, fatalities) for every actor named as actor 1 or 2, most events first."""
    where, params = f.where()
    rows = con.execute(
        f"SELECT a, COUNT(*), COALESCE(SUM(fatalities), 0) FROM ("
        f"  SELECT actor1 AS a, fatalities FROM events{where}"
        f"  UNION ALL SELECT actor2 AS a, fatalities FROM events{_and(where, NOT_ACTOR1)}"
        f") WHERE COALESCE(a, '') != '' GROUP BY a", params + params)
    return sorted(((a, n, d) for a, n, d in rows), key=lambda r: (-r[1], -r[2], r[0]))


def dyads(con: sqlite3.Connection, f: EventFilter) -> list[tuple[str, str, int, int]]:
    """(actor, actor, events, fatalities) for every pair named as actor 1 and 2 (either way round)."""
    where, params = f.where()
    rows = con.execute(
        f"SELECT MIN(actor1, actor2) AS a, MAX(actor1, actor2) AS b, COUNT(*), COALESCE(SUM(fatalities), 0) "
        f"FROM events{_and(where, BOTH_ACTORS)} "
        f"GROUP BY a, b", params)
    return sorted((tuple(r) for r in rows), key=lambda r: (-r[2], -r[3], r[0], r[1]))


def _and(where: str, condition: str) -> str:
    return f"{where} AND {condition}" if where else f" WHERE {condition}"


def seen_before(con: sqlite3.Connection, f: EventFilter, column: str, before: date) -> dict[str, set[str]]:
    """admin1 -> the values of `column` its events had before `before` (the area's history in the store)."""
    if column not in {"sub_event_type", "location", "actor"}:
        raise ValueError(f"no history of {column}")
    earlier = replace(f, since=None, until=None, limit=None)
    where, params = earlier.where()
    cut = _and(where, "event_date < ?")
    params = [*params, before.isoformat()]
    if column == "actor":
        sql = f"SELECT admin1, actor1 FROM events{cut} UNION SELECT admin1, actor2 FROM events{cut}"
        params = params + params
    else:
        sql = f"SELECT DISTINCT admin1, {column} FROM events{cut}"
    history: dict[str, set[str]] = {}
    for area, value in con.execute(sql, params):
        history.setdefault(area or "", set()).add(value or "")
    return history


def newest_date(con: sqlite3.Connection, f: EventFilter) -> date | None:
    """The day of the newest matching event (a report's default period ends on it)."""
    where, params = replace(f, since=None, until=None, limit=None).where()
    day = con.execute(f"SELECT MAX(event_date) FROM events{where}", params).fetchone()[0]
    return date.fromisoformat(day) if day else None


def last_before(con: sqlite3.Connection, f: EventFilter, before: date) -> dict[str, Any] | None:
    """The newest matching event before a day (what an empty report can point to)."""
    where, params = replace(f, since=None, until=None, limit=None).where()
    cut = _and(where, "event_date < ?")
    row = con.execute(f"SELECT {EVENT_COLUMNS} FROM events{cut} ORDER BY event_date DESC, id DESC LIMIT 1",
                      [*params, before.isoformat()]).fetchone()
    return dict(row) if row else None
