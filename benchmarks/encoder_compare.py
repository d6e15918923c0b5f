"""Which sentence encoder the coder should read with: readers compared by cross-validation and on the CASE dev file.

Issue #14 asks for the best encoder this machine can run, chosen on
cross-validation over the training examples and not on the dev file alone, at
a speed the throughput goal allows. A "reader" is an encoder plus a logistic
head over [embedding, the rule coder's label], as `extract/classifier.py`
builds them. Compared here:

- every frozen encoder given (`--encoder NAME=FOLDER`, a sentence-transformers
  folder; the packaged all-MiniLM-L6-v2 is always in), each with its own head;
- with `--fine-tune`, the product's coder in each fold (MiniLM fine-tuned on the
  other folds), read three ways: the base reader alone, the fine-tuned reader
  alone, and the two averaged (what ships today: two encoder passes).

For each: k-fold cross-validated accuracy, macro-F1 over the ACLED types,
weighted F1 over the types and "no event", rejection F1, then the same measures on
`--gold` (the CASE dev snippets, coded as `sitroom evaluate classify` codes them,
by a reader trained on all the examples), and the encoder's sentences per
second on the examples (batch 32, this machine).

    python benchmarks/encoder_compare.py [--encoder mpnet=/path/all-mpnet-base-v2[:int8|:int8-plain]] [--fine-tune]
        [--folds 5] [--gold ../shared/eval/case2021-task2-dev.tsv] [--cached] [--heads-on-cached] [--only NAME]
        [--json out.json]

MPNet is also read quantised: "int8" as the coder reads it (embed.quantise), "int8-plain" by torch's plain
dynamic quantisation; `--heads-on-cached` adds, for each, a head fitted on the shipped fp32 embeddings.

The frozen readers take a minute or two each; `--fine-tune` adds about three
minutes a fold. Nothing the product uses is written.
"""
from __future__ import annotations

import argparse
import copy
import json
import tempfile
import time
from pathlib import Path

import numpy as np

from sitroom import pipeline
from sitroom.evaluate.classify import NONE, label_of, read_case_tsv, score
from sitroom.extract.classifier import (NOT_EVENT, SETTINGS, EventClassifier, example_embeddings, model_dir,
                                        read_examples, rule_features, train)
from sitroom.extract.embed import MINILM, MPNET, encode, encoder_dir, load, quantise
from sitroom.pipeline import snippet_rule_labels
from sitroom.service import ensure_models
from sitroom.taxonomy import CASE_LABELS


def as_case(label: str) -> str:
    return NONE if label.startswith(NOT_EVENT) else CASE_LABELS[label]


def reader(encoders: list, heads: list[tuple], classes: list[str]) -> EventClassifier:
    """An EventClassifier over the given (encoder, head) pairs, averaged as the product averages them."""
    model = EventClassifier.__new__(EventClassifier)
    model.encoders, model.heads, model.classes = encoders, heads, classes
    model.rule_weight = SETTINGS["rule_weight"]
    model._acled = np.array([not c.startswith(NOT_EVENT) for c in classes])
    return model


def pick(model: EventClassifier, readers: list[str]) -> EventClassifier:
    """The readers named ("base", "tuned") of a trained coder, alone or averaged."""
    index = [model.readers.index(r) for r in readers]
    return reader([model.encoders[i] for i in index], [model.heads[i] for i in index], model.classes)


def fit_head(features: np.ndarray, labels: list[str], c: float | None = None):
    from sklearn.linear_model import LogisticRegression

    head = LogisticRegression(C=c or SETTINGS["C"], class_weight=SETTINGS["class_weight"], max_iter=5000)
    head.fit(features, labels)
    return head


def dev_scores(model: EventClassifier, gold: Path) -> dict:
    """The reader on the dev snippets, through the same snippet decision as `sitroom evaluate classify`."""
    snippets = read_case_tsv(gold)
    original = pipeline.get_classifier
    pipeline.get_classifier = lambda: model
    try:
        predicted = [label_of(c) for c in pipeline.code_snippets([s.text for s in snippets])]
    finally:
        pipeline.get_classifier = original
    return score([s.gold for s in snippets], predicted)


def summary(report: dict) -> dict:
    return {"accuracy": round(report["accuracy"], 3), "macro_f1": round(report["macro_f1_acled"], 3),
            "weighted_f1": round(report["weighted_f1"], 3), "rejection_f1": round(report["rejection"]["f1"], 3)}


def shipped_fp32(texts: list[str]) -> np.ndarray:
    """The fp32 MPNet embeddings of `texts` from data/coder_examples/embeddings.npz (all must be there)."""
    from sitroom.extract.classifier import EMBEDDINGS, _text_key

    data = np.load(EMBEDDINGS, allow_pickle=False)
    assert str(data["encoder"]).endswith("int8=False"), f"{EMBEDDINGS.name} holds {data['encoder']}, not fp32"
    rows = dict(zip((str(k) for k in data["keys"]), data["vectors"]))
    return np.stack([rows[_text_key(t)] for t in texts]).astype(np.float32)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--encoder", action="append", default=[], metavar="NAME=FOLDER[:int8|:int8-plain]",
                        help="another sentence-transformers folder to compare (repeatable); ':int8' quantises it as "
                             "the coder does (embed.quantise), ':int8-plain' with torch's plain dynamic int8")
    parser.add_argument("--heads-on-cached", action="store_true",
                        help="each quantised reader's head is fitted on the shipped fp32 embeddings "
                             "(data/coder_examples/embeddings.npz) and reads its own encoder's at test time")
    parser.add_argument("--fine-tune", action="store_true", help="also cross-validate the product's fine-tuned coder")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--C", type=float, action="append", default=[],
                        help="also cross-validate each frozen reader's head at this C (repeatable)")
    parser.add_argument("--only", action="append", default=[], help="compare only the frozen readers named so")
    parser.add_argument("--gold", type=Path, help="CASE 2021 task 2 TSV to score each reader on too")
    parser.add_argument("--cached", action="store_true",
                        help="the coder's own encoder reads the examples from data/coder_examples/embeddings.npz "
                             "(encoding only those not in it): seconds instead of minutes")
    parser.add_argument("--train-only", metavar="GLOB",
                        help="examples of the files matching GLOB (e.g. 'styles_*') are in every fold's training "
                             "and never scored: does a new batch of examples help on the others?")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    from sklearn.model_selection import StratifiedKFold

    ensure_models(print)
    examples = read_examples()
    texts = [e.text for e in examples]
    labels = [e.label for e in examples]
    gold_cv = [as_case(label) for label in labels]
    rules = snippet_rule_labels(texts)
    rule_block = rule_features(rules, SETTINGS["rule_weight"])
    folds = list(StratifiedKFold(n_splits=args.folds, shuffle=True, random_state=0).split(texts, labels))
    if args.train_only:
        from fnmatch import fnmatch

        added = np.array([i for i, e in enumerate(examples) if fnmatch(e.source.split(":")[0], args.train_only)],
                         dtype=int)  # (an empty match must still index: the baseline before a batch exists)
        scored = np.array([i for i, e in enumerate(examples) if not fnmatch(e.source.split(":")[0], args.train_only)])
        folds = [(np.concatenate([scored[tr], added]), scored[te]) for tr, te in StratifiedKFold(
            n_splits=args.folds, shuffle=True, random_state=0).split(scored, [labels[i] for i in scored])]
        print(f"{len(added)} examples ({args.train_only}) only trained on; {len(scored)} scored", flush=True)
    results: dict[str, dict] = {}

    encoders = [(f"{MINILM} (frozen)", str(encoder_dir(MINILM))), (f"{MPNET} (frozen)", str(encoder_dir(MPNET))),
                (f"{MPNET} int8 (frozen)", str(encoder_dir(MPNET)) + ":int8"),
                (f"{MPNET} int8-plain (frozen)", str(encoder_dir(MPNET)) + ":int8-plain")]
    encoders += [(spec.split("=", 1)[0] + " (frozen)", spec.split("=", 1)[1]) for spec in args.encoder]
    if args.only:
        encoders = [(n, f) for n, f in encoders if any(n.startswith(o) for o in args.only)]
    for name, folder in encoders:
        # "NAME=FOLDER:int8": the encoder with its linear layers quantised as the coder does; ":int8-plain": by
        # torch's plain dynamic quantisation (per-tensor, 7-bit activations, outliers and all)
        plain = folder.endswith(":int8-plain")
        int8 = plain or folder.endswith(":int8")
        path = folder.removesuffix(":int8-plain").removesuffix(":int8")
        if plain:
            encoder = quantise(copy.deepcopy(load(path, False)), per_channel=False, full_range=False, outlier_factor=None)
        else:
            encoder = load(path, int8)
        start = time.perf_counter()
        if args.cached and path == str(encoder_dir(SETTINGS["encoder"])) and int8 == SETTINGS["int8"] and not plain:
            features = np.hstack([example_embeddings(texts), rule_block])
            speed = float("nan")  # (read, not encoded)
        else:
            features = np.hstack([encode(encoder, texts), rule_block])
            speed = len(texts) / (time.perf_counter() - start)
        fits = [(name, features)]  # (row name, the features its heads are fitted on); they all read `features`
        if args.heads_on_cached and int8:
            fits.append((f"{name} head on fp32", np.hstack([shipped_fp32(texts), rule_block])))
        for name, fit_on in fits:
            predicted = [""] * len(texts)
            for train_idx, test_idx in folds:
                head = fit_head(fit_on[train_idx], [labels[i] for i in train_idx])
                for i, label in zip(test_idx, head.predict(features[test_idx])):
                    predicted[i] = as_case(label)
            tested = sorted(i for _, test_idx in folds for i in test_idx)
            results[name] = {"cv": summary(score([gold_cv[i] for i in tested], [predicted[i] for i in tested])),
                             "sentences_per_second": round(speed, 1)}
            for c in args.C:  # the head's C, chosen on the folds (never on the dev file)
                at_c = [""] * len(texts)
                for train_idx, test_idx in folds:
                    head = fit_head(fit_on[train_idx], [labels[i] for i in train_idx], c)
                    for i, label in zip(test_idx, head.predict(features[test_idx])):
                        at_c[i] = as_case(label)
                results[f"{name} C={c:g}"] = {"cv": summary(score([gold_cv[i] for i in tested],
                                                                  [at_c[i] for i in tested]))}
                print(f"{name} C={c:g}", json.dumps(results[f"{name} C={c:g}"]), flush=True)
            if args.gold:
                head = fit_head(fit_on, labels)
                model = reader([encoder], [(head.coef_, head.intercept_)], [str(c) for c in head.classes_])
                results[name]["dev"] = summary(dev_scores(model, args.gold))
            print(name, json.dumps(results[name]), flush=True)

    if args.fine_tune:
        name = SETTINGS["encoder"] + (" int8" if SETTINGS["int8"] else "")
        ways = {f"{name}: base reader": ["base"], f"{name}: fine-tuned reader": ["tuned"],
                f"{name}: base + fine-tuned averaged": ["base", "tuned"]}
        predicted_by = {way: [""] * len(texts) for way in ways}
        with tempfile.TemporaryDirectory() as tmp:
            for k, (train_idx, test_idx) in enumerate(folds):
                folder = Path(tmp) / f"fold-{k}"
                train(folder, [examples[i] for i in train_idx], [rules[i] for i in train_idx],
                      lambda msg, k=k: print(f"fold {k + 1}/{args.folds}:{msg}", flush=True), readers=("base", "tuned"))
                both = EventClassifier(folder)
                for way, picks in ways.items():
                    model = pick(both, picks)
                    verdicts = model.predict([texts[i] for i in test_idx], [rules[i] for i in test_idx])
                    for i, verdict in zip(test_idx, verdicts):
                        predicted_by[way][i] = as_case(verdict.kind)
                load.cache_clear()  # each fold's encoder is loaded once; do not keep five in memory
        shipped = EventClassifier(model_dir()) if args.gold else None
        for way, picks in ways.items():
            results[way] = {"cv": summary(score(gold_cv, predicted_by[way]))}
            if shipped is not None and set(picks) <= set(shipped.readers):
                results[way]["dev"] = summary(dev_scores(pick(shipped, picks), args.gold))
            print(way, json.dumps(results[way]), flush=True)

    print(f"\n{args.folds}-fold cross-validation on {len(texts)} training examples"
          + (f"; dev = {args.gold}" if args.gold else ""))
    header = f"{'reader':<46} {'CV acc':>7} {'macro':>6} {'wF1':>6} {'rej':>6}"
    header += f" {'dev acc':>8} {'macro':>6} {'wF1':>6} {'rej':>6}" if args.gold else ""
    print(header + f" {'sent/s':>7}")
    for name, r in results.items():
        line = f"{name:<46} " + " ".join(f"{r['cv'][m]:>6.3f}" for m in ("accuracy", "macro_f1", "weighted_f1", "rejection_f1"))
        if "dev" in r:
            line += "   " + " ".join(f"{r['dev'][m]:>6.3f}" for m in ("accuracy", "macro_f1", "weighted_f1", "rejection_f1"))
        print(line + (f" {r['sentences_per_second']:>7.1f}" if "sentences_per_second" in r else ""))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
