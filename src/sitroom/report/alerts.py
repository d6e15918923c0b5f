"""alerts: the store over a period -> flags an analyst should look at, each with the events behind it.

- surge: an admin1 area's or a country's events (or reported fatalities) in the period are at least `ratio`
  times the average of the four periods before, and at least a minimum count (ACLED's surge rule);
- new actor: an actor named in an area's events for the first time in the store;
- first of its kind: the first event of a sub-event type in an area (the first air strike);
- territory: an event in which territory changed hands.

"First" is only said of an area whose history the store holds (some event there before the period): in an
area seen for the first time, every actor and every kind would be "new", which says nothing.
"""
from __future__ import annotations

import sqlite3
from dataclasses import asdict, dataclass
from typing import Any

from ..store import EventFilter
from . import queries
from .periods import BASELINE_PERIODS, Period
from .wording import wording


@dataclass(frozen=True)
class Thresholds:
    ratio: float = 2.0  # the period against the average of the four before
    min_events: int = 3  # a surge in events needs at least this many events in the period
    min_fatalities: int = 10  # a surge in fatalities needs at least this many in the period


def event_ref(event: dict[str, Any]) -> dict[str, Any]:
    """What a flag or a report keeps of an event it cites."""
    keys = ("id", "event_id_cnty", "event_date", "event_type", "sub_event_type", "actor1", "actor2", "country",
            "admin1", "location", "fatalities", "latitude", "longitude")
    return {k: event.get(k) for k in keys}


def find_alerts(con: sqlite3.Connection, area: EventFilter, period: Period,
                thresholds: Thresholds = Thresholds()) -> list[dict[str, Any]]:
    """Every flag for the area (a country, an admin1 or the whole store) in the period, in a fixed order."""
    now = queries.in_period(area, period.since, period.until)
    base = queries.in_period(area, period.baseline.since, period.baseline.until)
    happened = queries.events(con, now)
    flags: list[dict[str, Any]] = []
    # A report on one admin1 does not speak for its country: only the area's own surge is looked for.
    levels = (("admin1", ("country", "admin1")),) if area.admin1 else (
        ("country", ("country",)), ("admin1", ("country", "admin1")))
    for level, columns in levels:
        before = {r[:-2]: r[-2:] for r in queries.grouped(con, base, *columns)}
        for row in queries.grouped(con, now, *columns):
            key, counts = row[:-2], row[-2:]
            place = dict(zip(columns, key))
            mine = [e for e in happened if all(e[c] == v for c, v in place.items())]
            for measure, count, earlier, least in (
                    ("events", counts[0], before.get(key, (0, 0))[0], thresholds.min_events),
                    ("fatalities", counts[1], before.get(key, (0, 0))[1], thresholds.min_fatalities)):
                average = earlier / BASELINE_PERIODS
                if count >= least and count >= thresholds.ratio * average:
                    cited = mine if measure == "events" else [e for e in mine if e["fatalities"]]
                    flags.append(_flag("surge", level, place, cited, measure=measure, count=count,
                                       baseline_total=earlier, baseline_average=average,
                                       ratio=round(count / average, 1) if average else None))
    known_kinds = queries.seen_before(con, area, "sub_event_type", period.since)
    known_actors = queries.seen_before(con, area, "actor", period.since)
    for place, mine in _by_admin1(happened):
        if place["admin1"] in known_kinds:  # the store holds this area's history
            for kind in sorted({e["sub_event_type"] for e in mine} - known_kinds[place["admin1"]]):
                flags.append(_flag("first_of_type", "admin1", place, [e for e in mine if e["sub_event_type"] == kind],
                                   sub_event_type=kind))
            named = {a for e in mine for a in (e["actor1"], e["actor2"]) if a and not not_new(a)}
            for actor in sorted(named - known_actors.get(place["admin1"], set())):
                flags.append(_flag("new_actor", "admin1", place,
                                   [e for e in mine if actor in (e["actor1"], e["actor2"])], actor=actor))
        for kind in sorted({e["sub_event_type"] for e in mine} & set(wording()["territory"])):
            flags.append(_flag("territory", "admin1", place, [e for e in mine if e["sub_event_type"] == kind],
                               sub_event_type=kind))
    order = {"surge": 0, "territory": 1, "first_of_type": 2, "new_actor": 3}
    flags.sort(key=lambda f: (order[f["kind"]], f["level"], f["country"] or "", f["admin1"] or "",
                              f.get("measure", ""), f.get("sub_event_type", ""), f.get("actor", "")))
    return flags


def not_new(actor: str) -> bool:
    """Actors whose first appearance says nothing (civilians, an unidentified group)."""
    return actor.startswith(tuple(wording()["not_new_actors"]))


def _by_admin1(happened: list[dict[str, Any]]) -> list[tuple[dict[str, str], list[dict[str, Any]]]]:
    areas: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for e in happened:
        if e["admin1"]:
            areas.setdefault((e["country"], e["admin1"]), []).append(e)
    return [({"country": c, "admin1": a}, sorted(mine, key=lambda e: (e["event_date"], e["id"])))
            for (c, a), mine in sorted(areas.items())]


def _flag(kind: str, level: str, place: dict[str, str], cited: list[dict[str, Any]], **what: Any) -> dict[str, Any]:
    cited = sorted(cited, key=lambda e: (e["event_date"], e["id"]))
    return {"kind": kind, "level": level, "country": place.get("country"), "admin1": place.get("admin1"), **what,
            "events": [event_ref(e) for e in cited]}


def thresholds_json(thresholds: Thresholds) -> dict[str, Any]:
    return {**asdict(thresholds), "baseline_periods": BASELINE_PERIODS}
