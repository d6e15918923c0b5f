"""export: stored event rows -> the files analysts load (ACLED CSV, JSON, JSON lines, GeoJSON, Parquet)."""
from __future__ import annotations

from ..store.rows import ACLED_COLUMNS, event_record
from .formats import (csv_stream, event_with_evidence, geojson_stream, to_csv, to_geojson, to_json, to_jsonl,
                      to_parquet)

__all__ = ["ACLED_COLUMNS", "csv_stream", "event_record", "event_with_evidence", "geojson_stream", "to_csv",
           "to_geojson", "to_json", "to_jsonl", "to_parquet"]
