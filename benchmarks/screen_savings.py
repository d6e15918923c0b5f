"""What the screen before the encoder saves, and whether it changes any event.

    python benchmarks/screen_savings.py ARTICLES.jsonl

Each line of ARTICLES.jsonl is an article `{"url", "title", "published", "text"}`
(the format of ../shared/eval/articles/real-dev.jsonl). The articles are coded
twice: with the screen (extract/screen.py) and with a screen that passes every
sentence. Prints the trigger-less sentences offered to the screen and passed,
the sentences the encoder read in each run, the time of each run, and whether
every event came out with the same fields.
"""
from __future__ import annotations

import json
import sys
import time
from datetime import date
from pathlib import Path

from sitroom import pipeline
from sitroom.export import event_record
from sitroom.ingest import article_from_text
from sitroom.service import ensure_models


def main(path: Path) -> None:
    ensure_models(lambda msg: print(msg, file=sys.stderr))
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    articles = [article_from_text(f"{r['title']}\n\n{r['text']}", url=r["url"], title=r["title"],
                                  published=date.fromisoformat(r["published"][:10])) for r in rows]
    screen, classifier = pipeline.get_screen(), pipeline.get_classifier()
    screen_passes, predict = screen.passes, classifier.predict
    counts = {"offered": 0, "passed": 0, "read": 0}

    def counted_passes(texts):
        verdicts = screen_passes(texts)
        counts["offered"] += len(texts)
        counts["passed"] += sum(verdicts)
        return verdicts

    def counted_predict(texts, labels):
        counts["read"] += len(texts)
        return predict(texts, labels)

    pipeline.extract_events(articles[0])  # load the encoder and warm the caches before either run is timed
    classifier.predict = counted_predict
    results = {}
    for mode, passes in (("screened", counted_passes), ("every sentence", lambda texts: [True] * len(texts))):
        screen.passes = passes
        counts["read"] = 0
        start = time.perf_counter()
        events = [{k: v for k, v in event_record(e).items() if k != "timestamp"}
                  for a in articles for e in pipeline.extract_events(a)]
        results[mode] = (events, counts["read"], time.perf_counter() - start)
    print(f"{len(articles)} articles: the screen passed {counts['passed']} of {counts['offered']} trigger-less sentences")
    for mode, (events, read, seconds) in results.items():
        print(f"{mode}: encoder read {read} sentences, {len(events)} events, {seconds:.1f} s")
    same = results["screened"][0] == results["every sentence"][0]
    print("events identical: " + ("yes" if same else "NO"))


if __name__ == "__main__":
    main(Path(sys.argv[1]))
