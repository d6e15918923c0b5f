"""evaluate classify: the coder on CASE 2021 task 2 snippets (id, EventSnippet, SubType).

Accuracy, macro-F1 over the 25 ACLED sub-event types, weighted F1 over the 25
types and "no event" (the CASE 2021 ranking measure), precision/recall of
rejecting the 5 non-ACLED types, per-class scores, main confusions, speed.
"""
from __future__ import annotations

import csv
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..extract.classifier import get_classifier
from ..nlp import get_nlp
from ..pipeline import code_snippets, events_label, snippet_rule_events
from ..snippets import SnippetCoding
from ..taxonomy import CASE_LABELS, CASE_NON_EVENTS

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


def label_of(coding: SnippetCoding) -> str:
    """One CASE label for a snippet: the coder's verdict, NONE for every kind of non-event."""
    return CASE_LABELS[coding.sub_event_type] if coding.sub_event_type else NONE


def classify(snippets: list[Snippet], rules_only: bool = False) -> tuple[list[str], dict[str, float]]:
    """Predicted labels, and the time taken by sitroom and by the bare spaCy parse.

    `rules_only` scores the rule coder without the classifier: what the classifier adds.
    """
    nlp = get_nlp()
    texts = [s.text for s in snippets]
    if not rules_only:
        get_classifier()  # loading (or training, once) is not coding time
    start = time.perf_counter()
    if rules_only:
        labels = [events_label(events) for events in snippet_rule_events(texts)]
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
    # CASE 2021's ranking measure: F1 of each of the 25 types and of "no event", weighted by its support.
    none_class = {**_prf(tp, fp, fn), "support": tp + fn}
    weighted_over = [per_class[c] for c in present] + [none_class]
    support = sum(v["support"] for v in weighted_over)
    weighted = sum(v["f1"] * v["support"] for v in weighted_over) / support if support else 0.0
    confusions = Counter((g, p) for g, p in zip(gold, predicted) if (NONE if g in CASE_NON_EVENTS else g) != p)
    return {
        "n": len(gold),
        "accuracy": correct / len(gold) if gold else 0.0,
        "macro_f1_acled": macro,
        "weighted_f1": weighted,
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
