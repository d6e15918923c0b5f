"""Read-only queries behind the web app: filtered pages, statistics, map clusters, one event.

Pages use keyset paging (newest first, `event_date DESC, id DESC`) so page
1,000 costs what page 1 does; every filter is served by an index created in
the store's migrations, and text search by its FTS5 table.
"""
from __future__ import annotations

import json
import math
import re
import sqlite3
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from collections.abc import Iterator
from typing import Any

from ..settings import MIN_CONFIDENCE
from ..store import date_country_clauses, open_readonly as store_open_readonly

_CURSOR = re.compile(r"^(\d{4}-\d{2}-\d{2})~(\d+)$")
LIST_COLUMNS = (
    "id, event_id_cnty, event_date, time_precision, disorder_type, event_type, sub_event_type, actor1, actor2, "
    "interaction, country, country_iso2, admin1, location, latitude, longitude, geo_precision, fatalities, notes, "
    "source, confidence, low_confidence"
)


class BadQuery(ValueError):
    """A filter value the API cannot use; the message says why."""


def open_readonly(path: Path) -> sqlite3.Connection:
    """A read-only connection (mode=ro from the first byte); refuses, with the reason, what is not a store to read."""
    return store_open_readonly(Path(path))


@dataclass
class Filters:
    since: date | None = None
    until: date | None = None
    country: str = ""
    admin1: str = ""
    event_type: str = ""
    sub_event_type: str = ""
    actor: str = ""
    q: str = ""
    bbox: tuple[float, float, float, float] | None = None  # west, south, east, north
    min_confidence: float = MIN_CONFIDENCE  # 0 shows the events flagged low_confidence too
    hidden_types: tuple[str, ...] = ()  # event types left out (the map legend's toggles)

    def where(self) -> tuple[list[str], list[Any]]:
        clauses, params = date_country_clauses(self.since, self.until, self.country)
        if self.min_confidence > 0:
            clauses.append("confidence >= ?")
            params.append(self.min_confidence)
        if self.admin1:
            clauses.append("admin1 = ?")
            params.append(self.admin1)
        if self.event_type:
            clauses.append("event_type = ?")
            params.append(self.event_type)
        if self.hidden_types:
            clauses.append(f"event_type NOT IN ({','.join('?' * len(self.hidden_types))})")
            params += list(self.hidden_types)
        if self.sub_event_type:
            clauses.append("sub_event_type = ?")
            params.append(self.sub_event_type)
        if self.actor:
            clauses.append("(actor1 = ? OR actor2 = ?)")
            params += [self.actor, self.actor]
        if self.q.strip():
            match = fts_query(self.q)
            if match is None:
                clauses.append("0")  # a search with no word in it matches nothing, not everything
            else:
                clauses.append("id IN (SELECT rowid FROM events_fts WHERE events_fts MATCH ?)")
                params.append(match)
        if self.bbox:
            west, south, east, north = self.bbox
            # The R*Tree finds the events in the box; a box across the antimeridian is two boxes.
            boxes = [(west, east)] if west <= east else [(west, 180.0), (-180.0, east)]
            clauses.append("id IN (" + " UNION ALL ".join(
                "SELECT id FROM events_rtree WHERE min_lat >= ? AND max_lat <= ? AND min_lon >= ? AND max_lon <= ?"
                for _ in boxes) + ")")
            for w, e in boxes:
                params += [south, north, w, e]
        return clauses, params


def fts_query(text: str) -> str | None:
    """User words -> an FTS5 query: every word must appear (prefix match); no FTS syntax can leak in."""
    words = re.findall(r"\w+", text, flags=re.UNICODE)
    return " ".join(f'"{w}"*' for w in words) if words else None


def parse_bbox(value: str | None) -> tuple[float, float, float, float] | None:
    """"west,south,east,north" -> numbers clamped to the globe (a map view may overshoot it)."""
    if not value:
        return None
    try:
        west, south, east, north = (float(x) for x in value.split(","))
    except ValueError:
        raise BadQuery("bbox is west,south,east,north in degrees") from None
    if not all(math.isfinite(v) for v in (west, south, east, north)):
        raise BadQuery("bbox values must be finite numbers")
    south, north = sorted((max(-90.0, min(90.0, south)), max(-90.0, min(90.0, north))))
    west, east = (max(-180.0, min(180.0, west)), max(-180.0, min(180.0, east)))
    return west, south, east, north


def _where_sql(clauses: list[str]) -> str:
    return (" WHERE " + " AND ".join(clauses)) if clauses else ""


# The orders the table offers: a sort name -> the store's columns compared, most significant first (the id
# breaks ties in the same direction). The in-memory columns (columns.SORTS) sort by the same ones.
SORT_COLUMNS = {
    "date": ("event_date",),
    "type": ("event_type", "sub_event_type"),
    "actors": ("actor1", "actor2"),
    "place": ("location", "admin1", "country"),
    "fatalities": ("fatalities",),
}
# In SQL a missing text sorts as an empty one, a missing toll as 0 (an event without a date first, as NULL does).
SORT_SQL = {name: tuple(c if c == "event_date" else f"COALESCE({c}, {0 if c == 'fatalities' else repr('')})"
                        for c in columns) for name, columns in SORT_COLUMNS.items()}


def parse_cursor(cursor: str) -> tuple[str, int]:
    """A next_cursor this API gave out -> the event date and id it continues after."""
    m = _CURSOR.match(cursor)
    if not m:
        raise BadQuery("cursor is not one this API gave out")
    return m.group(1), int(m.group(2))


def next_cursor_of(events: list[dict[str, Any]], more: bool) -> str | None:
    return f"{events[-1]['event_date']}~{events[-1]['id']}" if more and events else None


def events_page(con: sqlite3.Connection, f: Filters, limit: int = 100,
                cursor: str | None = None, oldest_first: bool = False, sort: str = "date",
                descending: bool | None = None, offset: int = 0) -> tuple[list[dict[str, Any]], str | None]:
    """One page of events in a sort order: by date with keyset paging (`cursor`), or any order by `offset`."""
    clauses, params = f.where()
    down = (not oldest_first) if descending is None else descending
    direction = "DESC" if down else "ASC"
    if cursor:
        if sort != "date":
            raise BadQuery("cursor pages the date order only; other sorts page by offset")
        day, last_id = parse_cursor(cursor)
        after = "<" if down else ">"
        clauses.append(f"(event_date {after} ? OR (event_date = ? AND id {after} ?))")
        params += [day, day, last_id]
        offset = 0
    where = _where_sql(clauses)
    order = ", ".join(f"{c} {direction}" for c in (*SORT_SQL[sort], "id"))
    rows = con.execute(
        f"SELECT {LIST_COLUMNS} FROM events{where} ORDER BY {order} LIMIT ? OFFSET ?",
        [*params, limit + 1, offset]
    ).fetchall()
    events = [dict(r) for r in rows[:limit]]
    return events, next_cursor_of(events, len(rows) > limit)


def event_batches(con: sqlite3.Connection, f: Filters, sort: str = "date", descending: bool = True,
                  batch: int = 1000) -> Iterator[list[dict[str, Any]]]:
    """Every matching event, all its columns, in a sort order, `batch` at a time (an export of the whole view)."""
    clauses, params = f.where()
    order = ", ".join(f"{c} {'DESC' if descending else 'ASC'}" for c in (*SORT_SQL[sort], "id"))
    cursor = con.execute(f"SELECT * FROM events{_where_sql(clauses)} ORDER BY {order}", params)
    while rows := cursor.fetchmany(batch):
        yield [dict(r) for r in rows]


def events_by_ids(con: sqlite3.Connection, ids: list[int]) -> list[dict[str, Any]]:
    """The list columns of these events, in the order given."""
    rows: dict[int, dict[str, Any]] = {}
    for i in range(0, len(ids), 500):
        chunk = ids[i:i + 500]
        rows.update({r["id"]: dict(r) for r in con.execute(
            f"SELECT {LIST_COLUMNS} FROM events WHERE id IN ({','.join('?' * len(chunk))})", chunk)})
    return [rows[i] for i in ids if i in rows]


def stats(con: sqlite3.Connection, f: Filters, interval: str = "week") -> dict[str, Any]:
    clauses, params = f.where()
    where = _where_sql(clauses)
    # A week is named by its Monday ('-6 days' first, so that a Monday is its own week, not the one before).
    period = "event_date" if interval == "day" else "date(event_date, '-6 days', 'weekday 1')"

    def grouped(column: str) -> dict[str, int]:
        return {r[0] or "": r[1] for r in con.execute(
            f"SELECT {column}, COUNT(*) FROM events{where} GROUP BY {column} ORDER BY COUNT(*) DESC", params)}

    timeline = [
        {"period": r[0], "event_type": r[1], "count": r[2], "fatalities": r[3]}
        for r in con.execute(
            f"SELECT {period} AS p, event_type, COUNT(*), COALESCE(SUM(fatalities), 0) FROM events{where} "
            f"GROUP BY p, event_type ORDER BY p", params)
        if r[0]
    ]
    totals = con.execute(f"SELECT COUNT(*), COALESCE(SUM(fatalities), 0), MIN(event_date), MAX(event_date), "
                         f"COUNT(*) - COUNT(latitude), MIN(longitude), MIN(latitude), MAX(longitude), MAX(latitude) "
                         f"FROM events{where}", params).fetchone()
    return {
        "events": totals[0], "fatalities": totals[1], "first_date": totals[2], "last_date": totals[3],
        "unlocated": totals[4], "bounds": list(totals[5:9]) if totals[5] is not None else None, "interval": interval,
        "by_event_type": grouped("event_type"),
        "by_sub_event_type": grouped("sub_event_type"),
        "by_country": grouped("country"),
        "timeline": timeline,
    }


def filter_options(con: sqlite3.Connection) -> dict[str, Any]:
    """What the filter menus offer (the whole store, not the current filter)."""
    def distinct(sql: str) -> list[Any]:
        return [r[0] for r in con.execute(sql) if r[0]]

    return {
        "countries": [{"iso2": r[0], "name": r[1]} for r in con.execute(
            "SELECT country_iso2, MAX(country) FROM events WHERE country_iso2 != '' GROUP BY country_iso2 ORDER BY 2")],
        "admin1": distinct("SELECT DISTINCT admin1 FROM events ORDER BY admin1 LIMIT 2000"),
        "event_types": distinct("SELECT DISTINCT event_type FROM events ORDER BY event_type"),
        "sub_event_types": distinct("SELECT DISTINCT sub_event_type FROM events ORDER BY sub_event_type"),
        "actors": distinct("SELECT a FROM (SELECT actor1 AS a FROM events UNION SELECT actor2 FROM events) "
                           "WHERE a != '' ORDER BY a LIMIT 2000"),
    }


def cell_degrees(zoom: int) -> float:
    """The cluster grid's cell at a zoom: a quarter of a 256 px tile, about 60 px on screen."""
    return 360.0 / (2 ** max(0, min(zoom, 18))) / 4


# One row per grid cell and event type: gy, gx, type, count, lat sum, lon sum, first id, fatalities, S, N, W, E.
_CELL_SQL = ("SELECT CAST(floor(latitude / ?) AS INTEGER) AS gy, CAST(floor(longitude / ?) AS INTEGER) AS gx, "
             "event_type, COUNT(*), SUM(latitude), SUM(longitude), MIN(id), SUM(fatalities), "
             "MIN(latitude), MAX(latitude), MIN(longitude), MAX(longitude) FROM events{where} GROUP BY gy, gx, event_type")


def _add_to_cell(cells: dict[tuple[int, int], dict[str, Any]], key: tuple[int, int], row: tuple) -> None:
    _, _, event_type, n, lat_sum, lon_sum, first_id, deaths, south, north, west, east = row
    c = cells.get(key)
    if c is None:
        c = cells[key] = {"count": 0, "lat": 0.0, "lon": 0.0, "fatalities": 0, "by_event_type": {},
                          "first_id": first_id, "bounds": [west, south, east, north]}
    c["count"] += n
    c["lat"] += lat_sum
    c["lon"] += lon_sum
    c["fatalities"] += deaths or 0
    c["by_event_type"][event_type] = c["by_event_type"].get(event_type, 0) + n
    c["first_id"] = min(c["first_id"], first_id)
    b = c["bounds"]
    c["bounds"] = [min(b[0], west), min(b[1], south), max(b[2], east), max(b[3], north)]


def cluster_features(con: sqlite3.Connection, cells: dict[tuple[int, int], dict[str, Any]], cell: float) -> dict[str, Any]:
    """Grid cells -> the map's GeoJSON: a cell of one event is that event, a larger one a cluster."""
    rows = {e["id"]: e for e in events_by_ids(con, [c["first_id"] for c in cells.values() if c["count"] == 1])}
    features = []
    for c in cells.values():
        if c["count"] == 1:
            props = rows[c["first_id"]]
            props["count"] = 1
            lon, lat = props["longitude"], props["latitude"]
        else:
            by_type = dict(sorted(c["by_event_type"].items(), key=lambda kv: -kv[1]))
            # bounds: the members' extent (west, south, east, north); a point when they share one place,
            # which no zoom can split, so the map lists them instead.
            props = {"count": c["count"], "fatalities": c["fatalities"], "event_type": next(iter(by_type)),
                     "by_event_type": by_type, "bounds": c["bounds"]}
            lat, lon = c["lat"] / c["count"], c["lon"] / c["count"]
        features.append({"type": "Feature", "geometry": {"type": "Point", "coordinates": [lon, lat]},
                         "properties": props})
    return {"type": "FeatureCollection", "features": features, "cell_degrees": cell}


def clusters(con: sqlite3.Connection, f: Filters, zoom: int) -> dict[str, Any]:
    """Events for the map at a zoom level: single points, or grid clusters where they are dense.

    The grid cell shrinks by half per zoom level (about 60 px on screen), so a
    million events come back as at most a few thousand features.
    """
    clauses, params = f.where()
    clauses.append("latitude IS NOT NULL")
    cell = cell_degrees(zoom)
    cells: dict[tuple[int, int], dict[str, Any]] = {}
    for row in con.execute(_CELL_SQL.format(where=_where_sql(clauses)), [cell, cell, *params]):
        _add_to_cell(cells, (row[0], row[1]), row)
    return cluster_features(con, cells, cell)


class ClusterGrid:
    """The map's default layer, precomputed: per-cell, per-type sums at GRID_ZOOM for the unfiltered store.

    A cell at zoom z is exactly 2**(GRID_ZOOM - z) cells of the fine grid on each side (floor of a floor), so
    every coarser zoom is summed from these rows in memory instead of aggregating every event again: at a million
    events the world view is the slow request otherwise. It serves only requests with no filter but the map's box
    and the legend's hidden types; a cell counts when its events' extent meets the box, so a cluster at the edge of
    the view counts its members just outside it too.
    """

    GRID_ZOOM = 8

    def __init__(self, con: sqlite3.Connection, min_confidence: float = MIN_CONFIDENCE) -> None:
        self.min_confidence = min_confidence
        cell = cell_degrees(self.GRID_ZOOM)
        where = _where_sql(["latitude IS NOT NULL"] + (["confidence >= ?"] if min_confidence > 0 else []))
        self.rows = con.execute(_CELL_SQL.format(where=where),
                                [cell, cell] + ([min_confidence] if min_confidence > 0 else [])).fetchall()
        # Every zoom's cells, summed once: a request with no hidden type only picks the cells in its box.
        self.levels = {zoom: self._cells(zoom, set(), None) for zoom in range(self.GRID_ZOOM + 1)}

    def serves(self, f: Filters, zoom: int) -> bool:
        return zoom <= self.GRID_ZOOM and f == Filters(bbox=f.bbox, hidden_types=f.hidden_types,
                                                       min_confidence=self.min_confidence)

    def clusters(self, con: sqlite3.Connection, f: Filters, zoom: int) -> dict[str, Any]:
        zoom = max(0, zoom)
        if f.hidden_types:
            cells = self._cells(zoom, set(f.hidden_types), f.bbox)
        else:
            meets = _meets(f.bbox)
            cells = {key: c for key, c in self.levels[zoom].items() if meets(*c["bounds"])}
        return cluster_features(con, cells, cell_degrees(zoom))

    def _cells(self, zoom: int, hidden: set[str], bbox: tuple[float, float, float, float] | None) -> dict:
        shift = self.GRID_ZOOM - zoom
        meets = _meets(bbox)
        cells: dict[tuple[int, int], dict[str, Any]] = {}
        for row in self.rows:
            if row[2] not in hidden and meets(row[10], row[8], row[11], row[9]):
                _add_to_cell(cells, (row[0] >> shift, row[1] >> shift), row)
        return cells


def _meets(bbox: tuple[float, float, float, float] | None):
    """A test of whether an extent (west, south, east, north) meets the box; a box across the antimeridian is two."""
    if bbox is None:
        return lambda w, s, e, n: True
    west, south, east, north = bbox
    spans = [(west, east)] if west <= east else [(west, 180.0), (-180.0, east)]
    return lambda w, s, e, n: not (n < south or s > north) and any(e >= lo and w <= hi for lo, hi in spans)


def event_detail(con: sqlite3.Connection, event_id: int) -> dict[str, Any] | None:
    row = con.execute("SELECT * FROM events WHERE id = ?", (event_id,)).fetchone()
    if row is None:
        return None
    event = dict(row)
    event["disagreements"] = json.loads(event["disagreements"] or "{}")
    event["sources"] = [dict(r) for r in con.execute(
        "SELECT a.id, a.url, a.canonical_url, a.site, a.title, a.published, a.text, a.duplicate_of "
        "FROM event_sources s JOIN articles a ON a.id = s.article_id WHERE s.event_id = ? "
        "ORDER BY a.published, a.ingested_at", (event_id,))]
    event["evidence"] = [dict(r) for r in con.execute(
        "SELECT e.field, e.article_id, e.start, e.end, e.text, m.id AS mention_id FROM evidence e "
        "JOIN mentions m ON m.id = e.mention_id WHERE m.event_id = ? ORDER BY e.article_id, e.start", (event_id,))]
    event["mentions"] = []
    for r in con.execute("SELECT id, article_id, sub_event_type, confidence, record FROM mentions WHERE event_id = ? "
                         "ORDER BY id", (event_id,)):
        record = json.loads(r["record"])
        event["mentions"].append({
            "id": r["id"], "article_id": r["article_id"], "sub_event_type": r["sub_event_type"],
            "confidence": r["confidence"], "reasons": record.get("reasons", []), "claimant": record.get("claimant", ""),
            "sentence": record.get("sentence", {}).get("text", ""),
        })
    return event
