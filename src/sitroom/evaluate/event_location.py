"""evaluate event-location: where did the marked event happen, against sentences marked by hand.

Gold: JSONL lines `{"id", "text", "spans": [{"start", "end", "label": "VERB" | "LOCATION"}]}`
(../shared/eval/event-location/). Each sentence is parsed by the pipeline's
parser, its VERB is the trigger, and the event-location model names the
candidates where that event happened. A predicted location counts when it
overlaps a gold LOCATION span (each gold span found at most once). Scores:
span precision, recall and F1, and the share of sentences whose set of
locations is exactly right (an empty set included). LOCATION spans with no
text (a few in the source data) are no location.
"""
from __future__ import annotations

import json
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from ..nlp import get_nlp, parse_many
from ..resolve.event_location import get_locator, overlaps, read_sentences, trigger_of


@dataclass
class LocationReport:
    sentences: int
    gold_locations: int
    predicted_locations: int
    precision: float
    recall: float
    f1: float
    exact_set_share: float
    sentences_per_second: float
    time_vs_spacy_parse: float

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def evaluate_event_location(gold_path: Path) -> tuple[LocationReport, list[dict[str, Any]]]:
    """The report, and one prediction per sentence ({"id", "locations": [{"start", "end"}]}), in input order."""
    sentences = read_sentences(gold_path)
    locator = get_locator()
    texts = [s.text for s in sentences]
    start = time.perf_counter()
    predictions = []
    for s, doc in zip(sentences, parse_many(texts, batch_size=64)):
        found = [(c.start_char, c.end_char) for c, _ in locator.locate(trigger_of(doc, s.verb))]
        predictions.append((s, found))
    seconds = time.perf_counter() - start
    start = time.perf_counter()
    with get_nlp().select_pipes(disable=["actor_ruler"]):
        for _ in get_nlp().pipe(texts, batch_size=64):
            pass
    parse_seconds = time.perf_counter() - start

    true_predicted = gold_found = exact = predicted_total = 0
    for s, found in predictions:
        predicted_total += len(found)
        true_predicted += sum(any(overlaps(p, g) for g in s.locations) for p in found)
        hits = sum(any(overlaps(p, g) for p in found) for g in s.locations)
        gold_found += hits
        exact += hits == len(s.locations) and all(any(overlaps(p, g) for g in s.locations) for p in found)
    gold_total = sum(len(s.locations) for s in sentences)
    precision = true_predicted / predicted_total if predicted_total else 0.0
    recall = gold_found / gold_total if gold_total else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    report = LocationReport(len(sentences), gold_total, predicted_total, precision, recall, f1,
                            exact / len(sentences) if sentences else 0.0,
                            len(sentences) / seconds if seconds else 0.0,
                            seconds / parse_seconds if parse_seconds else 0.0)
    lines = [{"id": s.id, "locations": [{"start": a, "end": b} for a, b in found]} for s, found in predictions]
    return report, lines


def write_predictions(lines: list[dict[str, Any]], path: Path) -> None:
    path.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
