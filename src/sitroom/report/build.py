"""report: the store, an area and a period -> a situation report as data (numbers, cited sentences, charts' series).

Every number is the answer of one store query (queries.py); every sentence about events carries the
`event_id_cnty` of the events it speaks of, and the facts (admin1, type, location, actor, days) every one
of them has, so a reader, or a test, can check it against the store. A sentence with no event to cite
is not written, except the one that says the period has none.
"""
from __future__ import annotations

import sqlite3
from dataclasses import replace
from datetime import date
from typing import Any

from ..store import EventFilter
from . import queries
from .alerts import Thresholds, event_ref, find_alerts, thresholds_json
from .periods import BASELINE_PERIODS, REACH_BACK, Period, day_range_label, resolve_period
from .wording import change, number, plural, wording

TOP_PLACES = 5
TOP_ACTORS = 5
TOP_DEADLIEST = 3
TIMELINE_PERIODS = REACH_BACK  # the charts' span: this many periods, the report's own the last


def build_report(con: sqlite3.Connection, area: EventFilter, period: Period | None,
                 thresholds: Thresholds = Thresholds()) -> dict[str, Any]:
    """The report on `area` (its country, admin1 and confidence threshold) over `period`.

    `period` None means the store holds no event for the area at all: the report says so.
    """
    area = replace(area, since=None, until=None, limit=None, event_type="", actor="")
    name = area_name(con, area)
    report: dict[str, Any] = {
        "title": f"{name}: {period.label()}" if period else name,
        "area": {"country": area.country or None, "admin1": area.admin1 or None, "name": name},
        "min_confidence": area.min_confidence,
        "thresholds": thresholds_json(thresholds),
    }
    if period is None:
        report["sections"] = [_section("summary", [_sentence(wording()["empty_store"].format(area=name), [], {})])]
        report["events"] = {}
        return report
    now = queries.in_period(area, period.since, period.until)
    prev = queries.in_period(area, period.previous.since, period.previous.until)
    base = queries.in_period(area, period.baseline.since, period.baseline.until)
    happened = queries.events(con, now)
    events, fatalities = queries.totals(con, now)
    prev_events, prev_fatalities = queries.totals(con, prev)
    base_events, base_fatalities = queries.totals(con, base)
    report.update({
        "period": period.to_json(),
        "previous_period": period.previous.to_json(),
        "baseline_period": {**period.baseline.to_json(), "periods": BASELINE_PERIODS},
        "headline": {
            "events": events, "fatalities": fatalities,
            "previous_events": prev_events, "previous_fatalities": prev_fatalities,
            "baseline_events": base_events, "baseline_fatalities": base_fatalities,
            "baseline_average_events": base_events / BASELINE_PERIODS,
            "baseline_average_fatalities": base_fatalities / BASELINE_PERIODS,
            "change_events_vs_previous_pct": _pct(events, prev_events),
            "change_events_vs_baseline_pct": _pct(events, base_events / BASELINE_PERIODS),
            "change_fatalities_vs_previous_pct": _pct(fatalities, prev_fatalities),
            "change_fatalities_vs_baseline_pct": _pct(fatalities, base_fatalities / BASELINE_PERIODS),
        },
        "timeline": timeline(con, area, period),
    })
    if not happened:
        last = queries.last_before(con, area, period.since)
        report["sections"] = [_section("summary", _empty_sentences(name, period, last))]
        report.update(by_event_type=[], by_sub_event_type=[], admin1=[], locations=[], new_places=[], actors=[],
                      dyads=[], watch=[], events={last["event_id_cnty"]: event_ref(last)} if last else {})
        return report

    report["by_event_type"] = [{"event_type": t, "events": n, "fatalities": d}
                               for t, n, d in queries.grouped(con, now, "event_type")]
    report["by_sub_event_type"] = [{"sub_event_type": t, "events": n, "fatalities": d}
                                   for t, n, d in queries.grouped(con, now, "sub_event_type")]
    report["admin1"] = [{"admin1": a, "events": n, "fatalities": d} for a, n, d in queries.grouped(con, now, "admin1")]
    report["locations"] = [{"admin1": a, "location": loc, "events": n, "fatalities": d}
                           for a, loc, n, d in queries.grouped(con, now, "admin1", "location")]
    seen = {(a, loc) for a, loc, _, _ in queries.grouped(con, base, "admin1", "location")}
    report["new_places"] = [p for p in report["locations"] if (p["admin1"], p["location"]) not in seen]
    report["actors"] = [{"actor": a, "events": n, "fatalities": d} for a, n, d in queries.actors(con, now)]
    sides = tuple(wording()["not_combatants"])
    report["dyads"] = [{"actors": [a, b], "events": n, "fatalities": d} for a, b, n, d in queries.dyads(con, now)
                       if not a.startswith(sides) and not b.startswith(sides)]
    flags = find_alerts(con, area, period, thresholds)
    report["watch"] = [f for f in flags if f["kind"] in ("surge", "new_actor")]

    unit, units = period.unit(), _units(period)
    w = wording()
    summary = [_sentence(w["headline"].format(area=name, events=plural(events, "event"), unit=unit,
                                              label=period.label(), fatalities=plural(fatalities, "fatality")),
                         happened, {})]
    summary.append(_sentence(w["headline_change"].format(
        change_previous=change(events, prev_events), unit=unit, units=units,
        previous=plural(prev_events, "event"), change_baseline=change(events, base_events / BASELINE_PERIODS),
        baseline=f"{number(base_events / BASELINE_PERIODS)} a {unit}"), happened, {}))
    if fatalities or prev_fatalities or base_fatalities:
        summary.append(_sentence(w["fatalities_change"].format(
            change_previous=change(fatalities, prev_fatalities), unit=unit, previous=number(prev_fatalities),
            change_baseline=change(fatalities, base_fatalities / BASELINE_PERIODS),
            baseline=f"{number(base_fatalities / BASELINE_PERIODS)} a {unit}"),
            [e for e in happened if e["fatalities"]] or happened, {}))

    types = [_sentence(w["by_type"].format(event_type=r["event_type"], events=plural(r["events"], "event"),
                                           fatalities=plural(r["fatalities"], "reported fatality")),
                       [e for e in happened if e["event_type"] == r["event_type"]], {"event_type": r["event_type"]})
             for r in report["by_event_type"]]

    places = []
    if not area.admin1 and len(report["admin1"]) > 1:
        places += [_sentence(w["by_admin1"].format(admin1=r["admin1"], events=plural(r["events"], "event"),
                                                   fatalities=plural(r["fatalities"], "reported fatality")),
                             [e for e in happened if e["admin1"] == r["admin1"]], {"admin1": r["admin1"]})
                   for r in report["admin1"][:TOP_PLACES]]
    places += [_sentence(w["by_location"].format(place=_place(r),
                                                 events=plural(r["events"], "event"),
                                                 fatalities=plural(r["fatalities"], "reported fatality")),
                         [e for e in happened if (e["admin1"], e["location"]) == (r["admin1"], r["location"])],
                         {"admin1": r["admin1"], "location": r["location"]})
               for r in report["locations"][:TOP_PLACES]]
    places += [_sentence(w["new_place"].format(place=_place(r), units=units,
                                               events=plural(r["events"], "event")),
                         [e for e in happened if (e["admin1"], e["location"]) == (r["admin1"], r["location"])],
                         {"admin1": r["admin1"], "location": r["location"]})
               for r in report["new_places"][:TOP_PLACES]]

    actors = [_sentence(w["actor"].format(actor=r["actor"], events=plural(r["events"], "event"),
                                          fatalities=plural(r["fatalities"], "reported fatality")),
                        [e for e in happened if r["actor"] in (e["actor1"], e["actor2"])], {"actor": r["actor"]})
              for r in report["actors"][:TOP_ACTORS]]
    actors += [_sentence(w["dyad"].format(actor_a=r["actors"][0], actor_b=r["actors"][1],
                                          events=plural(r["events"], "event"),
                                          fatalities=plural(r["fatalities"], "reported fatality")),
                         [e for e in happened if sorted((e["actor1"] or "", e["actor2"] or "")) == r["actors"]],
                         {"actors": r["actors"]})
               for r in report["dyads"][:TOP_ACTORS]]

    notable = [_sentence(w["deadliest" if rank == 0 else "also_deadly"].format(
        what=_what(e), place=_place(e), day=_day(e), fatalities=plural(e["fatalities"], "fatality")),
        [e], {"event_id_cnty": e["event_id_cnty"]})
        for rank, e in enumerate(happened[:TOP_DEADLIEST]) if e["fatalities"]]
    for f in flags:
        if f["kind"] == "first_of_type":
            notable.append(_sentence(w["first_of_type"].format(
                sub_event_type=f["sub_event_type"].lower(), admin1=f["admin1"], unit=unit,
                events=plural(len(f["events"]), "event")), f["events"],
                {"admin1": f["admin1"], "sub_event_type": f["sub_event_type"]}))
        elif f["kind"] == "territory":
            for e in f["events"]:
                notable.append(_sentence(w["territory_sentence"].format(
                    sub_event_type=e["sub_event_type"], place=_place(e), day=_day(e),
                    actors=" and ".join(a for a in (e["actor1"], e["actor2"]) if a) or "actors not named"),
                    [e], {"event_id_cnty": e["event_id_cnty"]}))

    watch = []
    for f in report["watch"]:
        where = f["admin1"] or f["country"]
        if f["kind"] == "surge":
            watch.append(_sentence(w["surge"].format(
                area=where if f["level"] == "country" else f"{f['admin1']} ({f['country']})", count=f["count"],
                measure="reported fatalities" if f["measure"] == "fatalities" else "events", unit=unit,
                units=units, ratio=f"{f['ratio']}×" if f["ratio"] else "against none in",
                average=f"{number(f['baseline_average'])} a {unit}"),
                f["events"], {f["level"]: where}))
        else:
            watch.append(_sentence(w["new_actor"].format(actor=f["actor"], admin1=f["admin1"],
                                                         events=plural(len(f["events"]), "event")),
                                   f["events"], {"admin1": f["admin1"], "actor": f["actor"]}))

    report["sections"] = [s for s in (
        _section("summary", summary), _section("types", types), _section("places", places),
        _section("actors", actors), _section("notable", notable), _section("watch", watch)) if s["sentences"]]
    cited = {c for s in report["sections"] for sentence in s["sentences"] for c in sentence["citations"]}
    report["events"] = {e["event_id_cnty"]: event_ref(e)
                        for e in sorted(happened, key=lambda e: (e["event_date"], e["id"]))
                        if e["event_id_cnty"] in cited}
    return report


def timeline(con: sqlite3.Connection, area: EventFilter, period: Period) -> list[dict[str, Any]]:
    """Events and fatalities per period, the report's and the eleven before, empty periods as zero."""
    out = []
    for back in range(TIMELINE_PERIODS - 1, -1, -1):
        p = period.shifted(-back)
        n, d = queries.totals(con, queries.in_period(area, p.since, p.until))
        out.append({"since": p.since.isoformat(), "until": p.until.isoformat(), "events": n, "fatalities": d})
    return out


def area_name(con: sqlite3.Connection, area: EventFilter) -> str:
    """'Deir ez-Zor, Syria', 'Syria', or 'All areas', named as the store names them."""
    country = ""
    if area.country:
        where, params = EventFilter(country=area.country, min_confidence=0).where()
        country = con.execute(f"SELECT MAX(country) FROM events{where}", params).fetchone()[0] or area.country
    return ", ".join(x for x in (area.admin1, country) if x) or "All areas"


def _empty_sentences(name: str, period: Period, last: dict[str, Any] | None) -> list[dict]:
    """A period without events: say so, and point to the last event before it, if the store has one."""
    w = wording()
    out = [_sentence(w["empty"].format(area=name, unit=period.unit(), label=period.label()), [], {})]
    if last:
        out.append(_sentence(w["empty_last"].format(what=_what(last), place=_place(last), day=_day(last)),
                             [last], {"event_id_cnty": last["event_id_cnty"]}))
    else:
        out.append(_sentence(w["empty_never"], [], {}))
    return out


def _sentence(text: str, cited: list[dict[str, Any]], facts: dict[str, Any]) -> dict[str, Any]:
    ordered = sorted(cited, key=lambda e: (-(e["fatalities"] or 0), e["event_date"], e["id"]))
    return {"text": text, "citations": [e["event_id_cnty"] for e in ordered], "facts": facts}


def _section(key: str, sentences: list[dict[str, Any]]) -> dict[str, Any]:
    return {"key": key, "heading": wording()["headings"][key], "sentences": sentences}


def _pct(now: float, before: float) -> float | None:
    return round((now - before) / before * 100, 1) if before else None


def _units(period: Period) -> str:
    unit = period.unit()
    return unit + "s" if unit in ("day", "week") else unit.replace("period", "periods")


def _what(e: dict[str, Any]) -> str:
    """'an armed clash between Islamic State and Military Forces of Syria', 'an air/drone strike by ...'."""
    kind = (e["sub_event_type"] or e["event_type"] or "event").lower()
    article = "an" if kind[0] in "aeiou" else "a"
    if e["actor1"] and e["actor2"]:
        return f"{article} {kind} between {e['actor1']} and {e['actor2']}" if e["event_type"] == "Battles" \
            else f"{article} {kind} by {e['actor1']} on {e['actor2']}"
    return f"{article} {kind} by {e['actor1']}" if e["actor1"] else f"{article} {kind}"


def _place(e: dict[str, Any]) -> str:
    """'Hajin, Deir ez-Zor'; 'Deir ez-Zor, Deir ez-Zor' for the town that names its province."""
    parts = [e["location"], e["admin1"]]
    return ", ".join(p for p in parts if p) or e.get("country") or "an unnamed place"


def _day(e: dict[str, Any]) -> str:
    d = date.fromisoformat(e["event_date"])
    return day_range_label(d, d)


def report_for(con: sqlite3.Connection, area: EventFilter, since: date | None = None, until: date | None = None,
               last: str | None = None, thresholds: Thresholds = Thresholds()) -> dict[str, Any]:
    """The report over the period asked for (`--since/--until` or `--last`, by default the area's newest week)."""
    return build_report(con, area, resolve_period(since, until, last, queries.newest_date(con, area)), thresholds)


def alerts_for(con: sqlite3.Connection, area: EventFilter, since: date | None = None, until: date | None = None,
               last: str | None = None, thresholds: Thresholds = Thresholds()) -> dict[str, Any]:
    """The flags of the period asked for, with the period and the thresholds they were computed with."""
    period = resolve_period(since, until, last, queries.newest_date(con, area))
    return {"period": period.to_json() if period else None,
            "baseline_period": {**period.baseline.to_json(), "periods": BASELINE_PERIODS} if period else None,
            "thresholds": thresholds_json(thresholds), "min_confidence": area.min_confidence,
            "alerts": find_alerts(con, area, period, thresholds) if period else []}
