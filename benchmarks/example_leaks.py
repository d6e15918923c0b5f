"""Training examples too close to a measuring text: the coder's examples against the CASE dev snippets.

A training example paraphrased from a dev snippet makes the dev figure measure
memory, not the coder (issue #14: about twenty such lines were once found).
This lists the written examples (data/coder_examples/*.txt) nearest to any
snippet of the given file, by two measures: the sentence encoder's cosine
similarity (a paraphrase keeps the meaning) and the best partial string match
(a rewrite keeps the words). Read the top of the list; a line that retells a
snippet's incident (same kind, actors, place or numbers) is to be replaced by
an example from another source. It changes nothing.

    python benchmarks/example_leaks.py [--gold ../shared/eval/case2021-task2-dev.tsv] [--top 25]
"""
from __future__ import annotations

import argparse
from pathlib import Path

from rapidfuzz import fuzz, process

from sitroom.evaluate.classify import read_case_tsv
from sitroom.extract.classifier import read_examples
from sitroom.extract.embed import MINILM, encode, encoder_dir, load

SHARED = Path(__file__).resolve().parents[2] / "shared"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gold", type=Path, default=SHARED / "eval" / "case2021-task2-dev.tsv")
    parser.add_argument("--top", type=int, default=25)
    args = parser.parse_args()
    snippets = [s.text for s in read_case_tsv(args.gold)]
    examples = [e for e in read_examples() if ".txt:" in e.source]
    encoder = load(str(encoder_dir(MINILM)))  # the fast encoder: a paraphrase is near in any of them
    similarity = encode(encoder, [e.text for e in examples]) @ encode(encoder, snippets).T
    nearest = similarity.argmax(axis=1)
    rows = []
    for i, example in enumerate(examples):
        words = process.extractOne(example.text, snippets, scorer=fuzz.partial_ratio)
        rows.append((float(similarity[i, nearest[i]]), words[1] / 100, example, snippets[int(nearest[i])], words[0]))
    print(f"{len(examples)} written examples against {len(snippets)} snippets of {args.gold.name}")
    for title, key in (("nearest in meaning (cosine)", 0), ("nearest in words (partial ratio)", 1)):
        print(f"\n{title}:")
        for row in sorted(rows, key=lambda r: -r[key])[:args.top]:
            match = row[3] if key == 0 else row[4]
            print(f"{row[key]:.2f}  {row[2].source}: {row[2].text[:110]}\n      ~ {' '.join(match.split())[:110]}")
    print(f"\nexamples with cosine >= 0.8: {sum(r[0] >= 0.8 for r in rows)}; partial ratio >= 0.8: "
          f"{sum(r[1] >= 0.8 for r in rows)}; highest cosine {max(r[0] for r in rows):.2f}")


if __name__ == "__main__":
    main()
