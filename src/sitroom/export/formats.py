"""export: event records -> ACLED CSV, JSON, JSON lines, GeoJSON and Parquet.

Tools built for ACLED data read the CSV unchanged: same column names, same
order (store/rows.py makes the rows), interaction as text, civilian_targeting
as ACLED writes it.
"""
from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from typing import Any

from ..records import Event, span_dict
from ..store.rows import ACLED_COLUMNS, event_record

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


# A spreadsheet reads a cell that starts with one of these as a formula (=HYPERLINK(...), +cmd|...).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: Any) -> Any:
    """A value as a CSV cell: text that a spreadsheet would run as a formula gets a leading apostrophe.

    Numbers are left alone (a longitude of -3.5 is a number, not a formula); only text is neutralised,
    and text comes from articles (site names, actor and place names) that anyone can write.
    """
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def to_csv(records: list[dict[str, Any]]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=ACLED_COLUMNS, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for rec in records:
        writer.writerow({k: csv_cell(rec.get(k)) for k in ACLED_COLUMNS})
    return out.getvalue()


def csv_stream(batches: Iterable[list[dict[str, Any]]]) -> Iterator[str]:
    """The CSV of `to_csv`, one piece per batch of records: a download of any size, never whole in memory."""
    yield to_csv([])
    for batch in batches:
        yield to_csv(batch).split("\n", 1)[1]


def geojson_stream(batches: Iterable[list[dict[str, Any]]]) -> Iterator[str]:
    """The FeatureCollection of `to_geojson`, one piece per batch of records."""
    yield '{"type": "FeatureCollection", "features": ['
    first = True
    for batch in batches:
        features = to_geojson(batch)["features"]
        if features:
            yield ("" if first else ", ") + ", ".join(json.dumps(f, ensure_ascii=False, default=str) for f in features)
            first = False
    yield "]}\n"


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


# sitroom's own columns after ACLED's, in this order, in Parquet files.
EXTRA_COLUMNS = ["date_from", "date_to", "country_iso2", "count", "confidence", "disagreements", "sources", "evidence"]
_INT_COLUMNS = {"year", "time_precision", "inter1", "inter2", "iso", "geo_precision", "fatalities", "timestamp", "count"}
_FLOAT_COLUMNS = {"latitude", "longitude", "confidence"}


def parquet_table(records: list[dict[str, Any]], columns: list[str]):
    """Event records as an Arrow table of these columns: numbers typed, text as text, nested fields as JSON text."""
    import pyarrow as pa

    arrays, fields = [], []
    for col in columns:
        values = [r.get(col) for r in records]
        if col in _INT_COLUMNS:
            typ = pa.int64()
            values = [None if v in (None, "") else int(v) for v in values]
        elif col in _FLOAT_COLUMNS:
            typ = pa.float64()
            values = [None if v in (None, "") else float(v) for v in values]
        else:
            typ = pa.string()
            values = [None if v is None else v if isinstance(v, str) else json.dumps(v, default=str)
                      for v in values]
        arrays.append(pa.array(values, type=typ))
        fields.append(pa.field(col, typ))
    return pa.Table.from_arrays(arrays, schema=pa.schema(fields))


def to_parquet(records: list[dict[str, Any]], path) -> None:
    """ACLED columns first (typed), then sitroom's own; nested fields as JSON text."""
    import pyarrow.parquet as pq

    columns = ACLED_COLUMNS + [c for c in EXTRA_COLUMNS if any(c in r for r in records)]
    pq.write_table(parquet_table(records, columns), path)
