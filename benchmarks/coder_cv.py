"""The event coder cross-validated on its own training examples: k folds, each trained as a fresh install would.

Issue #14: a setting chosen on the CASE dev snippets stops measuring them, so
the coder is also measured on the examples it is built from. The examples
(data/coder_examples/) are split into k stratified folds; for each fold the
whole coder (fine-tuned encoder and both heads, with the rule coder's label
as a feature) is trained on the other folds and reads the held-out one. The
scores are those of `sitroom evaluate classify`: accuracy, macro-F1 over the
ACLED types present, weighted F1 over the types and "no event" (CASE 2021's
ranking measure), and rejection of non-events. Every non-event kind counts as
"no event", as in CASE.

    python benchmarks/coder_cv.py [--folds 5] [--json cv.json]

About three minutes per fold on two cores. Nothing the product uses is written:
the fold models go to a temporary folder.
"""
from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

from sitroom.evaluate.classify import NONE, score
from sitroom.extract.classifier import NOT_EVENT, EventClassifier, read_examples, train
from sitroom.pipeline import snippet_rule_labels
from sitroom.service import ensure_models
from sitroom.taxonomy import CASE_LABELS


def as_case(label: str) -> str:
    return NONE if label.startswith(NOT_EVENT) else CASE_LABELS[label]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--json", type=Path, help="write the report here")
    args = parser.parse_args()
    from sklearn.model_selection import StratifiedKFold

    ensure_models(print)  # the gazetteer: the rule coder's labels need it
    examples = read_examples()
    texts = [e.text for e in examples]
    labels = [e.label for e in examples]
    started = time.perf_counter()
    rules = snippet_rule_labels(texts)
    predicted = [""] * len(examples)
    folds = StratifiedKFold(n_splits=args.folds, shuffle=True, random_state=0)
    with tempfile.TemporaryDirectory() as tmp:
        for k, (train_idx, test_idx) in enumerate(folds.split(texts, labels)):
            folder = Path(tmp) / f"fold-{k}"
            train(folder, [examples[i] for i in train_idx], [rules[i] for i in train_idx],
                  lambda msg, k=k: print(f"fold {k + 1}/{args.folds}:{msg}", flush=True))
            verdicts = EventClassifier(folder).predict([texts[i] for i in test_idx], [rules[i] for i in test_idx])
            for i, verdict in zip(test_idx, verdicts):
                predicted[i] = CASE_LABELS[verdict.sub_event_type] if verdict.sub_event_type else NONE
    report = score([as_case(label) for label in labels], predicted)
    report["folds"] = args.folds
    report["examples"] = len(examples)
    report["minutes"] = (time.perf_counter() - started) / 60
    print(f"{args.folds}-fold cross-validation on {len(examples)} training examples "
          f"({report['minutes']:.1f} min)")
    print(f"accuracy {report['accuracy']:.3f}   macro-F1 (ACLED types) {report['macro_f1_acled']:.3f}   "
          f"weighted F1 (types + no event) {report['weighted_f1']:.3f}")
    rej = report["rejection"]
    print(f"non-event rejection: precision {rej['precision']:.3f}  recall {rej['recall']:.3f}  F1 {rej['f1']:.3f}")
    weakest = sorted((v["f1"], c) for c, v in report["per_class"].items() if v["support"])[:6]
    print("weakest classes: " + ", ".join(f"{c} {f:.2f}" for f, c in weakest))
    if args.json:
        args.json.write_text(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
