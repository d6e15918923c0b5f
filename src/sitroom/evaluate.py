"""evaluate: measure the coder against hand-coded data.

- classify: CASE 2021 task 2 snippets (id, EventSnippet, SubType): accuracy,
  macro-F1 over the 25 ACLED sub-event types, precision/recall of rejecting
  the 5 non-ACLED types, per-class scores, main confusions, speed.
- events: whole-article gold in the format of seed-hajin.gold.json.
"""
from __future__ import annotations

import csv
import json
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any


if TYPE_CHECKING:
    from .combine import SnippetCoding
from .taxonomy import CASE_LABELS, CASE_NON_EVENTS

NONE = "NONE"


@dataclass
class Snippet:
    id: str
    text: str
    gold: str


def read_case_tsv(path: Path) -> list[Snippet]:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        return [Snippet(row["id"], row["EventSnippet"], row["SubType"]) for row in reader]


def label_of(coding: "SnippetCoding") -> str:
    """One CASE label for a snippet: the coder's verdict, NONE for every kind of non-event."""
    return CASE_LABELS[coding.sub_event_type] if coding.sub_event_type else NONE


def classify(snippets: list[Snippet], rules_only: bool = False) -> tuple[list[str], dict[str, float]]:
    """Predicted labels, and the time taken by sitroom and by the bare spaCy parse.

    `rules_only` scores the rule coder without the classifier: what the classifier adds.
    """
    from .classifier import get_classifier, rule_label
    from .nlp import get_nlp
    from .pipeline import code_snippets, snippet_rule_events

    nlp = get_nlp()
    texts = [s.text for s in snippets]
    if not rules_only:
        get_classifier()  # loading (or training, once) is not coding time
    start = time.perf_counter()
    if rules_only:
        labels = [rule_label([e.best.sub_event_type for e in events]) for events in snippet_rule_events(texts)]
        predictions = [CASE_LABELS.get(label, NONE) for label in labels]
    else:
        predictions = [label_of(c) for c in code_snippets(texts)]
    total = time.perf_counter() - start
    start = time.perf_counter()
    with nlp.select_pipes(disable=["actor_ruler"]):
        for _ in nlp.pipe((s.text for s in snippets), batch_size=16):
            pass
    parse_only = time.perf_counter() - start
    return predictions, {"seconds": total, "spacy_parse_seconds": parse_only}


def score(gold: list[str], predicted: list[str]) -> dict[str, Any]:
    """Accuracy, macro-F1 over ACLED types, non-event rejection, per class, confusions."""
    as_case = [NONE if g in CASE_NON_EVENTS else g for g in gold]
    correct = sum(g == p for g, p in zip(as_case, predicted))
    per_class: dict[str, dict[str, float]] = {}
    for label in sorted(set(CASE_LABELS.values())):
        tp = sum(g == label and p == label for g, p in zip(as_case, predicted))
        fp = sum(g != label and p == label for g, p in zip(as_case, predicted))
        fn = sum(g == label and p != label for g, p in zip(as_case, predicted))
        per_class[label] = {**_prf(tp, fp, fn), "support": tp + fn}
    present = [c for c, v in per_class.items() if v["support"] > 0]
    macro = sum(per_class[c]["f1"] for c in present) / len(present) if present else 0.0
    tp = sum(g == NONE and p == NONE for g, p in zip(as_case, predicted))
    fp = sum(g != NONE and p == NONE for g, p in zip(as_case, predicted))
    fn = sum(g == NONE and p != NONE for g, p in zip(as_case, predicted))
    confusions = Counter((g, p) for g, p in zip(gold, predicted) if (NONE if g in CASE_NON_EVENTS else g) != p)
    return {
        "n": len(gold),
        "accuracy": correct / len(gold) if gold else 0.0,
        "macro_f1_acled": macro,
        "rejection": _prf(tp, fp, fn),
        "per_class": per_class,
        "confusions": [{"gold": g, "predicted": p, "count": n} for (g, p), n in confusions.most_common(15)],
    }


def _prf(tp: int, fp: int, fn: int) -> dict[str, float]:
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1}


def evaluate_classify(path: Path, rules_only: bool = False) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    snippets = read_case_tsv(path)
    predicted, timing = classify(snippets, rules_only)
    report = score([s.gold for s in snippets], predicted)
    report["snippets_per_second"] = len(snippets) / timing["seconds"] if timing["seconds"] else 0.0
    report["time_vs_spacy_parse"] = timing["seconds"] / timing["spacy_parse_seconds"] if timing["spacy_parse_seconds"] else 0.0
    return report, [(s.id, p) for s, p in zip(snippets, predicted)]


# ------------------------------------------------------------------ whole articles


@dataclass
class EventMatch:
    gold_id: str
    status: str
    found: bool
    fields: dict[str, bool] = field(default_factory=dict)


def evaluate_events(gold_path: Path) -> dict[str, Any]:
    """Events found in one article against its hand-coded gold, field by field."""
    from .export import event_with_evidence
    from .gazetteer import distance_km
    from .ingest import read_path
    from .pipeline import extract_events

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
