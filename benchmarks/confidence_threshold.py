"""Choose the export threshold (settings.MIN_CONFIDENCE) on development data, never on the held-back share.

The development data are the seed article and the "read" share of
../shared/eval/articles/ (the articles whose document id hashes to 1 or 2
mod 3); the other third is kept back, unread, for the final check of a round.
Every article is coded once with no threshold; the script then prints, for
each candidate threshold, the pooled precision, required recall, F1 of the
two and false events per negative article, and the threshold with the best F1
(ties go to the lower threshold: a missed event cannot be asked for, a
flagged one can).

    python benchmarks/confidence_threshold.py [--share read|unread|all]
"""
from __future__ import annotations

import argparse
import hashlib
import json
import tempfile
from pathlib import Path

from sitroom.evaluate.events import evaluate_events, threshold_sweep
from sitroom.service import ensure_models
from sitroom.settings import MIN_CONFIDENCE

SHARED = Path(__file__).resolve().parents[2] / "shared"


def held_back(document: str) -> bool:
    """The share of the real-article set kept unread until a round's end."""
    return int(hashlib.sha256(document.encode()).hexdigest(), 16) % 3 == 0


def share_files(share: str, folder: Path) -> tuple[Path, Path]:
    """The gold and texts of one share of the real-article set, written to `folder`."""
    base = SHARED / "eval" / "articles"
    gold = json.loads((base / "real-dev.gold.json").read_text(encoding="utf-8"))
    lines = (base / "real-dev.jsonl").read_text(encoding="utf-8").splitlines()
    keep = [i for i, g in enumerate(gold) if share == "all" or held_back(g["document"]) == (share == "unread")]
    gold_path, text_path = folder / f"{share}.gold.json", folder / f"{share}.jsonl"
    gold_path.write_text(json.dumps([gold[i] for i in keep]), encoding="utf-8")
    text_path.write_text("".join(lines[i] + "\n" for i in keep), encoding="utf-8")
    return gold_path, text_path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--share", choices=["read", "unread", "all"], default="read")
    args = parser.parse_args()
    ensure_models(print)
    with tempfile.TemporaryDirectory() as tmp:
        gold, texts = share_files(args.share, Path(tmp))
        seed = evaluate_events(SHARED / "corpus" / "seed-hajin.gold.json", min_confidence=0.0)
        real = evaluate_events(gold, texts, min_confidence=0.0)
    rows = threshold_sweep(seed.per_article + real.per_article)
    print(f"seed + {args.share} share of the real articles: {real.articles + 1} articles, "
          f"{rows[0]['required_total']} required events")
    print("threshold  found  precision  required recall  F1     false/negative")
    for r in rows:
        print(f"{r['at']:9.2f}  {r['found']:5d}  {r['precision']:9.3f}  {r['recall_required']:15.3f}  "
              f"{r['f1']:.3f}  {r['false_per_negative']:.2f}")
    best = max(rows, key=lambda r: (round(r["f1"], 6), -r["at"]))
    print(f"best F1 at {best['at']:.2f} (settings.MIN_CONFIDENCE is {MIN_CONFIDENCE:.2f})")


if __name__ == "__main__":
    main()
