"""export: event records -> ACLED CSV, JSON, JSON lines, GeoJSON and Parquet.

Tools built for ACLED data read the CSV unchanged: same column names, same
order, interaction as text, civilian_targeting
as ACLED writes it.
"""
from __future__ import annotations

import csv
import io
import json
import time
from functools import lru_cache
from typing import Any

from ..knowledge import load_yaml
from ..records import Event, span_dict
from ..taxonomy import interaction
ACLED_COLUMNS = [
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type",
    "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction", "civilian_targeting",
    "iso", "region", "country", "admin1", "admin2", "admin3", "location", "latitude", "longitude", "geo_precision",
    "source", "source_scale", "notes", "fatalities", "tags", "timestamp",
]


@lru_cache(maxsize=1)
def _regions() -> dict[str, str]:
    return {iso: region for region, isos in load_yaml("acled_regions.yaml").items() for iso in isos}


@lru_cache(maxsize=512)
def _country_codes(iso2: str) -> tuple[int | None, str]:
    import pycountry

    country = pycountry.countries.get(alpha_2=iso2) if iso2 else None
    if country is None:
        return None, ""
    return int(country.numeric), country.alpha_3


def _note(rec: dict[str, Any]) -> str:
    """An ACLED-style one-line summary of the event."""
    who = rec["actor1"] or "Unidentified actors"
    target = f" against {rec['actor2']}" if rec["actor2"] else ""
    place = f" in {rec['location']} ({rec['admin1']}, {rec['country']})" if rec["location"] else ""
    deaths = f" {rec['fatalities']} fatalities." if rec["fatalities"] else ""
    return f"On {rec['event_date']}, {who}: {rec['sub_event_type'].lower()}{target}{place}.{deaths}".replace("..", ".")


def event_record(event: Event, sources: dict[str, str] | None = None) -> dict[str, Any]:
    """One event as a flat dict: the ACLED columns plus sitroom's own fields."""
    m = event.best
    place = m.place
    iso2 = place.country_iso if place else (m.actor1.country if m.actor1 else "")
    numeric, iso3 = _country_codes(iso2)
    when = m.when
    inter1 = m.actor1.inter if m.actor1 else 0
    inter2 = m.actor2.inter if m.actor2 else 0
    rec: dict[str, Any] = {
        "event_id_cnty": "",
        "event_date": when.event_date.isoformat() if when else "",
        "year": when.event_date.year if when else None,
        "time_precision": when.time_precision if when else 3,
        "disorder_type": m.disorder_type,
        "event_type": m.event_type,
        "sub_event_type": m.sub_event_type,
        "actor1": m.actor1.name if m.actor1 else "",
        "assoc_actor_1": "; ".join(m.assoc_actor_1),
        "inter1": inter1 or None,
        "actor2": m.actor2.name if m.actor2 else "",
        "assoc_actor_2": "; ".join(m.assoc_actor_2),
        "inter2": inter2 or None,
        "interaction": interaction(inter1, inter2),
        "civilian_targeting": "Civilian targeting" if inter2 == 7 else "",
        "iso": numeric,
        "region": _regions().get(iso2, ""),
        "country": place.country if place else "",
        "admin1": place.admin1 if place else "",
        "admin2": place.admin2 if place else "",
        "admin3": "",
        "location": place.name if place else "",
        "latitude": round(place.latitude, 4) if place else None,
        "longitude": round(place.longitude, 4) if place else None,
        "geo_precision": place.geo_precision if place else None,
        "source": "; ".join(dict.fromkeys((sources or {}).get(a, a) for a in event.sources)),
        "source_scale": "",
        "notes": "",
        "fatalities": m.fatalities,
        "tags": "",
        "timestamp": int(time.time()),
        # sitroom's own fields
        "date_from": when.start.isoformat() if when else "",
        "date_to": when.end.isoformat() if when else "",
        "country_iso2": iso2,
        "iso3": iso3,
        "count": m.count,
        "confidence": max(x.confidence for x in event.mentions),
        "disagreements": event.disagreements,
    }
    rec["notes"] = _note(rec)
    return rec


def event_with_evidence(event: Event) -> dict[str, Any]:
    """For `sitroom extract`: every field with the text span it came from."""
    rec = event_record(event)
    rec["evidence"] = {field: span_dict(span) for field, span in event.best.evidence().items()}
    rec["mentions"] = [
        {"sub_event_type": m.sub_event_type, "trigger": span_dict(m.trigger), "sentence": span_dict(m.sentence),
         "confidence": m.confidence, "reasons": m.reasons, "claimant": m.claimant}
        for m in event.mentions
    ]
    return rec


def to_csv(records: list[dict[str, Any]]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=ACLED_COLUMNS, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for rec in records:
        writer.writerow({k: ("" if rec.get(k) is None else rec.get(k)) for k in ACLED_COLUMNS})
    return out.getvalue()


def to_geojson(records: list[dict[str, Any]]) -> dict[str, Any]:
    features = []
    for rec in records:
        if rec.get("latitude") is None:
            continue
        props = {k: v for k, v in rec.items() if k not in ("latitude", "longitude", "evidence")}
        features.append({
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [rec["longitude"], rec["latitude"]]},
            "properties": props,
        })
    return {"type": "FeatureCollection", "features": features}


def to_json(records: list[dict[str, Any]]) -> str:
    return json.dumps(records, indent=2, ensure_ascii=False, default=str)


def to_jsonl(records: list[dict[str, Any]]) -> str:
    """One event per line: streams into jq, pandas and BigQuery alike."""
    return "".join(json.dumps(rec, ensure_ascii=False, default=str) + "\n" for rec in records)


def to_parquet(records: list[dict[str, Any]], path) -> None:
    """ACLED columns first (typed), then sitroom's own; nested fields as JSON text."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    int_columns = {"year", "time_precision", "inter1", "inter2", "iso", "geo_precision", "fatalities", "timestamp",
                   "count"}
    float_columns = {"latitude", "longitude", "confidence"}
    extra = ["date_from", "date_to", "country_iso2", "count", "confidence", "disagreements", "sources", "evidence"]
    columns = ACLED_COLUMNS + [c for c in extra if any(c in r for r in records)]
    arrays, fields = [], []
    for col in columns:
        values = [r.get(col) for r in records]
        if col in int_columns:
            typ = pa.int64()
            values = [None if v in (None, "") else int(v) for v in values]
        elif col in float_columns:
            typ = pa.float64()
            values = [None if v in (None, "") else float(v) for v in values]
        else:
            typ = pa.string()
            values = [None if v is None else v if isinstance(v, str) else json.dumps(v, default=str)
                      for v in values]
        arrays.append(pa.array(values, type=typ))
        fields.append(pa.field(col, typ))
    pq.write_table(pa.Table.from_arrays(arrays, schema=pa.schema(fields)), path)
