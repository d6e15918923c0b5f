"""How each source of the event-location data marks places: the ceiling a text-only model meets.

    python benchmarks/event_location_sources.py [FILE.jsonl]

For every `source` of the file (the shipped training split by default): its
sentences, the share with no LOCATION span, and the share with an empty one
(a place lost in the source data). Sources that mark no place where others
would are label noise that no model of the text can fit.
"""
from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

from sitroom.resolve.event_location import TRAINING_DATA


def main(path: Path) -> None:
    sentences, unplaced, emptied = Counter(), Counter(), Counter()
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            row = json.loads(line)
            text, source = row["text"], row.get("source", "?")
            spans = [s for s in row["spans"] if s["label"] == "LOCATION"]
            sentences[source] += 1
            unplaced[source] += not any(text[s["start"]:s["end"]].strip() for s in spans)
            emptied[source] += any(not text[s["start"]:s["end"]].strip() for s in spans)
    print(f"{path}: {sum(sentences.values())} sentences")
    print(f"{'source':<16}{'sentences':>10}{'no place':>10}{'empty span':>12}")
    for source, n in sentences.most_common():
        print(f"{source:<16}{n:>10}{unplaced[source] / n:>10.2f}{emptied[source] / n:>12.2f}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else TRAINING_DATA)
