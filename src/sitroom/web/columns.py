"""The store's events as in-memory columns, for the map's filtered views at scale: counts, timeline, clusters, pages.

An index serves a query well when the filter is selective; a map's filter is not. "Battles" is a sixth of a
million events, and the panel asks for them grouped four ways (type, sub-type, country, week) plus the map's
grid: SQLite walks every matching row for each, seconds per request. Here each event is one slot in a few numpy
arrays (its day, its codes for type, sub-type, country, admin1, actors and place, its fatalities, position and
confidence), so a filter is a boolean mask over a million slots and a grouping is a `bincount`: tens of
milliseconds whatever the filter. Texts are coded in sorted order, so a code sorts as its text does (the table's
sort by type, actor or place). Full-text search still asks the FTS5 table, for the ids it matches.

`EventColumns.load` reads the store once, in chunks (a few seconds at a million events, about 60 MB); the app
builds it in its background thread and answers from SQL until it is ready (app.Precomputed).
"""
from __future__ import annotations

import sqlite3
from datetime import date
from typing import Any

import numpy as np

from ..store import date_country_clauses
from .queries import SORT_COLUMNS, Filters, cell_degrees, fts_query

# text columns coded as integers; the actors share one code book (a filter on an actor matches either side)
_TEXT_COLUMNS = ("event_type", "sub_event_type", "country", "country_iso2", "admin1", "location", "actor1", "actor2")
_BOOKS = {"actor1": "actor", "actor2": "actor"}
_NO_DAY = np.iinfo(np.int32).min  # an event without a date sorts before every day, as SQL's NULL does
_EPOCH_WEEKDAY = 3  # 1970-01-01 was a Thursday: (day + 3) % 7 is 0 on Mondays

# The table's orders (queries.SORT_COLUMNS), over these arrays: the event's date is its day number.
SORTS = {name: tuple("day" if c == "event_date" else c for c in columns) for name, columns in SORT_COLUMNS.items()}


class EventColumns:
    """Every event of a store, one slot per event, in id order; read-only once built."""

    def __init__(self, ids: np.ndarray, arrays: dict[str, np.ndarray], books: dict[str, list[str]]) -> None:
        self.ids = ids
        self.arrays = arrays
        self.books = books  # code -> text, per code book; codes are ranks in sorted order
        self.lookup = {name: {text: code for code, text in enumerate(values)} for name, values in books.items()}
        lat, lon = arrays["latitude"], arrays["longitude"]
        self.located = ~(np.isnan(lat) | np.isnan(lon))
        # Each sort's order of all slots, ascending with ties by id, sorted once: a page is then the order
        # narrowed to the filter's slots, a gather, instead of a sort of up to a million keys per request.
        self.orders = {name: np.lexsort([ids, *(arrays[c] for c in reversed(keys))]).astype(np.int32)
                       for name, keys in SORTS.items()}

    def __len__(self) -> int:
        return len(self.ids)

    @classmethod
    def load(cls, con: sqlite3.Connection, chunk: int = 100_000) -> EventColumns:
        """Read every event's filter and display columns, `chunk` rows at a time (never the whole table at once)."""
        codes: dict[str, dict[str | None, int]] = {}
        parts: dict[str, list[np.ndarray]] = {name: [] for name in
                                              ("id", "day", "fatalities", "latitude", "longitude", "confidence",
                                               *_TEXT_COLUMNS)}
        cursor = con.execute(f"SELECT id, event_date, fatalities, latitude, longitude, confidence, "
                             f"{', '.join(_TEXT_COLUMNS)} FROM events ORDER BY id")
        while rows := cursor.fetchmany(chunk):
            cols = list(zip(*rows))
            parts["id"].append(np.array(cols[0], dtype=np.int64))
            days = np.array([d or "NaT" for d in cols[1]], dtype="datetime64[D]")
            parts["day"].append(np.where(np.isnat(days), _NO_DAY, days.astype(np.int64)).astype(np.int32))
            parts["fatalities"].append(np.array([n or 0 for n in cols[2]], dtype=np.int64))
            for name, values in zip(("latitude", "longitude", "confidence"), cols[3:6]):
                parts[name].append(np.array([np.nan if v is None else v for v in values], dtype=np.float64))
            for name, values in zip(_TEXT_COLUMNS, cols[6:]):
                book = codes.setdefault(_BOOKS.get(name, name), {})
                parts[name].append(np.array([book.setdefault(v or "", len(book)) for v in values], dtype=np.int32))
        arrays = {name: (np.concatenate(chunks) if chunks else np.zeros(0, dtype=np.int32))
                  for name, chunks in parts.items()}
        books: dict[str, list[str]] = {}
        for name, book in codes.items():
            # Recode in sorted order, so that comparing codes compares the texts.
            texts = sorted(book)
            rank = np.empty(len(texts), dtype=np.int32)
            rank[[book[t] for t in texts]] = np.arange(len(texts), dtype=np.int32)
            books[name] = texts
            for column in _TEXT_COLUMNS:
                if _BOOKS.get(column, column) == name:
                    arrays[column] = rank[arrays[column]] if len(arrays[column]) else arrays[column]
        for name in _TEXT_COLUMNS:
            books.setdefault(_BOOKS.get(name, name), [])
        return cls(arrays.pop("id"), arrays, books)

    @staticmethod
    def day_of(iso: str) -> int:
        """"YYYY-MM-DD" -> the day number the columns hold."""
        return date.fromisoformat(iso).toordinal() - _ORDINAL_EPOCH

    def admin1_centres(self) -> list[tuple[str, float, float, int]]:
        """Each admin1 area (per country) with the mean position and the number of its located events."""
        a = self.arrays
        ncountries = max(1, len(self.books["country_iso2"]))
        on_map = self.located & (a["admin1"] != self.lookup["admin1"].get("", -1))
        key = a["admin1"][on_map].astype(np.int64) * ncountries + a["country_iso2"][on_map]
        if not len(key):
            return []
        keys, inverse = np.unique(key, return_inverse=True)
        count = np.bincount(inverse)
        lat = np.bincount(inverse, weights=a["latitude"][on_map]) / count
        lon = np.bincount(inverse, weights=a["longitude"][on_map]) / count
        return [(self.books["admin1"][int(k) // ncountries], float(lat[i]), float(lon[i]), int(count[i]))
                for i, k in enumerate(keys)]

    # --- filtering

    def _code(self, book: str, text: str) -> int:
        return self.lookup[book].get(text, -1)  # -1 matches no event

    def mask(self, con: sqlite3.Connection, f: Filters) -> np.ndarray:
        """Which events the filters keep: the same rules as Filters.where, over the columns."""
        a = self.arrays
        keep = np.ones(len(self), dtype=bool)
        if f.since:
            keep &= a["day"] >= (f.since.toordinal() - _ORDINAL_EPOCH)
        if f.until:
            keep &= (a["day"] <= (f.until.toordinal() - _ORDINAL_EPOCH)) & (a["day"] != _NO_DAY)
        if f.country:
            iso2 = date_country_clauses(None, None, f.country)[1][0]
            keep &= a["country_iso2"] == self._code("country_iso2", iso2)
        if f.min_confidence > 0:
            keep &= a["confidence"] >= f.min_confidence
        if f.admin1:
            keep &= a["admin1"] == self._code("admin1", f.admin1)
        if f.event_type:
            keep &= a["event_type"] == self._code("event_type", f.event_type)
        if f.hidden_types:
            hidden = [self._code("event_type", t) for t in f.hidden_types]
            keep &= ~np.isin(a["event_type"], hidden)
        if f.sub_event_type:
            keep &= a["sub_event_type"] == self._code("sub_event_type", f.sub_event_type)
        if f.actor:
            code = self._code("actor", f.actor)
            keep &= (a["actor1"] == code) | (a["actor2"] == code)
        if f.q.strip():
            match = fts_query(f.q)
            found = np.zeros(len(self), dtype=bool)
            if match is not None:
                rowids = np.fromiter((r[0] for r in con.execute(
                    "SELECT rowid FROM events_fts WHERE events_fts MATCH ?", (match,))), dtype=np.int64)
                at = np.searchsorted(self.ids, rowids)
                at = at[(at < len(self)) & (self.ids[np.minimum(at, len(self) - 1)] == rowids)]
                found[at] = True
            keep &= found
        if f.bbox:
            west, south, east, north = f.bbox
            lat, lon = a["latitude"], a["longitude"]
            across = (lon >= west) & (lon <= east) if west <= east else (lon >= west) | (lon <= east)
            keep &= self.located & (lat >= south) & (lat <= north) & across
        return keep

    # --- answers, in the shapes queries.py gives

    def stats(self, con: sqlite3.Connection, f: Filters, interval: str = "week") -> dict[str, Any]:
        """What queries.stats answers: totals, counts by type, sub-type and country, and the timeline."""
        a, keep = self.arrays, self.mask(con, f)
        types, deaths = a["event_type"][keep], a["fatalities"][keep]
        days = a["day"][keep]
        dated = days != _NO_DAY
        totals = {"events": int(keep.sum()), "fatalities": int(deaths.sum()),
                  "first_date": _iso(days[dated].min()) if dated.any() else None,
                  "last_date": _iso(days[dated].max()) if dated.any() else None,
                  "unlocated": int((keep & ~self.located).sum()), "bounds": self._extent(keep), "interval": interval}
        ntypes = max(1, len(self.books["event_type"]))
        periods = days[dated] if interval == "day" else days[dated] - (days[dated] + _EPOCH_WEEKDAY) % 7
        timeline = []
        if len(periods):
            first = int(periods.min())
            slot = (periods - first).astype(np.int64) * ntypes + types[dated]
            counts = np.bincount(slot)
            fatal = np.bincount(slot, weights=deaths[dated])
            for s in np.flatnonzero(counts):
                period, event_type = divmod(int(s), ntypes)
                timeline.append({"period": _iso(first + period), "event_type": self.books["event_type"][event_type],
                                 "count": int(counts[s]), "fatalities": int(fatal[s])})
        return {**totals,
                "by_event_type": self._grouped("event_type", types),
                "by_sub_event_type": self._grouped("sub_event_type", a["sub_event_type"][keep]),
                "by_country": self._grouped("country", a["country"][keep]),
                "timeline": timeline}

    def _extent(self, keep: np.ndarray) -> list[float] | None:
        """West, south, east, north of the kept events that have coordinates (None if none has)."""
        on_map = keep & self.located
        if not on_map.any():
            return None
        lat, lon = self.arrays["latitude"][on_map], self.arrays["longitude"][on_map]
        return [float(lon.min()), float(lat.min()), float(lon.max()), float(lat.max())]

    def _grouped(self, book: str, codes: np.ndarray) -> dict[str, int]:
        counts = np.bincount(codes, minlength=len(self.books[book]))
        order = np.argsort(-counts, kind="stable")
        return {self.books[book][c]: int(counts[c]) for c in order if counts[c]}

    def cells(self, con: sqlite3.Connection, f: Filters, zoom: int) -> dict[tuple[int, int], dict[str, Any]]:
        """The map's grid cells at a zoom, in the shape queries.cluster_features draws (counts, type mix, bounds)."""
        a = self.arrays
        keep = np.flatnonzero(self.mask(con, f) & self.located)
        cell = cell_degrees(zoom)
        lat, lon = a["latitude"][keep], a["longitude"][keep]
        gy = np.floor(lat / cell).astype(np.int64)
        gx = np.floor(lon / cell).astype(np.int64)
        keys, first, inverse = np.unique((gy << 32) + (gx + (1 << 31)), return_index=True, return_inverse=True)
        n = len(keys)
        count = np.bincount(inverse, minlength=n)
        lat_sum = np.bincount(inverse, weights=lat, minlength=n)
        lon_sum = np.bincount(inverse, weights=lon, minlength=n)
        deaths = np.bincount(inverse, weights=a["fatalities"][keep], minlength=n)
        ntypes = max(1, len(self.books["event_type"]))
        mix = np.bincount(inverse * ntypes + a["event_type"][keep], minlength=n * ntypes).reshape(n, ntypes)
        bounds = [np.full(n, np.inf), np.full(n, np.inf), np.full(n, -np.inf), np.full(n, -np.inf)]
        np.minimum.at(bounds[0], inverse, lon)
        np.minimum.at(bounds[1], inverse, lat)
        np.maximum.at(bounds[2], inverse, lon)
        np.maximum.at(bounds[3], inverse, lat)
        names = self.books["event_type"]
        cells = {}
        for i in range(n):
            # the slots are in id order, so a cell's first slot is its lowest id, as MIN(id) is in SQL
            cells[(int(gy[first[i]]), int(gx[first[i]]))] = {
                "count": int(count[i]), "lat": float(lat_sum[i]), "lon": float(lon_sum[i]),
                "fatalities": int(deaths[i]), "first_id": int(self.ids[keep[first[i]]]),
                "by_event_type": {names[t]: int(mix[i, t]) for t in np.flatnonzero(mix[i])},
                "bounds": [float(bounds[0][i]), float(bounds[1][i]), float(bounds[2][i]), float(bounds[3][i])]}
        return cells

    def page_ids(self, con: sqlite3.Connection, f: Filters, sort: str, descending: bool, offset: int,
                 limit: int, after: tuple[int, int] | None = None) -> list[int]:
        """The ids of one page in a sort order (ties broken by id in the same direction).

        `after` (a day and an id, the date order's keyset cursor) starts after that event; otherwise `offset`
        events are skipped.
        """
        a = self.arrays
        keep = self.mask(con, f)
        if after is not None:
            day, last_id = after
            if descending:
                keep &= (a["day"] < day) | ((a["day"] == day) & (self.ids < last_id))
            else:
                keep &= (a["day"] > day) | ((a["day"] == day) & (self.ids > last_id))
        order = self.orders[sort]
        chosen = order[keep[order]]  # the filter's slots in the sort's order (ties by id, ascending)
        if descending:
            chosen = chosen[::-1]  # reversed, ties go by id descending too
        return [int(i) for i in self.ids[chosen[offset:offset + limit]]]


_ORDINAL_EPOCH = 719163  # date(1970, 1, 1).toordinal()


def _iso(day: int) -> str:
    return str(np.datetime64(int(day), "D"))
