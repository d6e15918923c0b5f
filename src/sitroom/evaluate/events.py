"""evaluate events: whole articles against hand-coded gold (the format of seed-hajin.gold.json)."""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from ..export import event_with_evidence
from ..gazetteer import distance_km
from ..ingest import read_path
from ..pipeline import extract_events


@dataclass
class EventMatch:
    gold_id: str
    status: str
    found: bool
    fields: dict[str, bool] = field(default_factory=dict)


def evaluate_events(gold_path: Path) -> dict[str, Any]:
    """Events found in one article against its hand-coded gold, field by field."""
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    doc_path = gold_path.parent / gold["document"]
    item = next(read_path(doc_path, date.fromisoformat(gold["published"])))
    if item.error is not None:
        raise ValueError(f"{item.error.source}: {item.error.reason}")
    found = [event_with_evidence(e) for e in extract_events(item.article)]

    def fields(f: dict, g: dict) -> dict[str, bool]:
        strip = lambda name: (name or "").split(" (")[0]  # "Civilians (Syria)" -> "Civilians"
        result = {
            "sub_event_type": f["sub_event_type"] == g["sub_event_type"],
            "actor1": strip(f["actor1"]) == g.get("actor1", ""),
            "actor2": strip(f["actor2"]) == g.get("actor2", ""),
            "location_25km": f["latitude"] is not None and distance_km(
                f["latitude"], f["longitude"], g["latitude"], g["longitude"]) <= 25,
        }
        if "date_from" in g:
            result["date"] = g["date_from"] <= f["event_date"] <= g["date_to"]
        if "fatalities" in g:
            result["fatalities"] = f["fatalities"] == g["fatalities"]
        return result

    matches: list[EventMatch] = []
    used: set[int] = set()
    for g in gold["events"]:
        best, best_fields = None, {}
        for i, f in enumerate(found):
            if i in used or f["event_type"] != g["event_type"]:
                continue
            fl = fields(f, g)
            if best is None or sum(fl.values()) > sum(best_fields.values()):
                best, best_fields = i, fl
        if best is not None and best_fields["sub_event_type"] and best_fields["location_25km"]:
            used.add(best)
            matches.append(EventMatch(g["id"], g["status"], True, best_fields))
        else:
            matches.append(EventMatch(g["id"], g["status"], False))
    required = [m for m in matches if m.status == "required"]
    field_names = sorted({k for m in matches for k in m.fields})
    return {
        "document": gold["document"],
        "found_events": len(found),
        "required_found": sum(m.found for m in required),
        "required_total": len(required),
        "optional_found": sum(m.found for m in matches if m.status != "required"),
        "unmatched_found": len(found) - len(used),
        "field_accuracy": {
            name: sum(m.fields.get(name, False) for m in matches if m.found) / max(1, sum(m.found for m in matches))
            for name in field_names
        },
        "events": [m.__dict__ for m in matches],
    }
