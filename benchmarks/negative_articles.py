"""False events on real articles that report none: the TR-News development articles outside the article gold.

../shared/eval/articles/ took from tr-news-dev.xml every article that reports an
event (and six tempting negatives); the other articles of that file report no
ACLED event. This script codes each of them as `sitroom ingest` would and
prints the events found at or above the export threshold, per article and in
all: every one of them is a false event. It reads the measuring data and
changes nothing.

    python benchmarks/negative_articles.py [--min-confidence 0.5] [--show]
"""
from __future__ import annotations

import argparse
import json
import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path

import dateparser

from sitroom.export import event_record
from sitroom.ingest import article_from_text
from sitroom.pipeline import extract_events
from sitroom.service import ensure_models
from sitroom.settings import MIN_CONFIDENCE

SHARED = Path(__file__).resolve().parents[2] / "shared"


def _published(day: str) -> date | None:
    """The record's date, which TR-News writes in many ways ("2015-01-04", "9:55 AM ET, Sun January 4, 2015")."""
    if not day:
        return None
    try:
        return date.fromisoformat(day[:10])
    except ValueError:
        parsed = dateparser.parse(day, languages=["en"])
        return parsed.date() if parsed else None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--min-confidence", type=float, default=MIN_CONFIDENCE)
    parser.add_argument("--show", action="store_true", help="print each false event and its sentence")
    args = parser.parse_args()
    ensure_models(lambda msg: print(msg))
    gold = json.loads((SHARED / "eval" / "articles" / "real-dev.gold.json").read_text())
    coded = {g["document"].removeprefix("TR-News-") for g in gold if g["document"].startswith("TR-News-")}
    articles = 0
    false_events = 0
    for art in ET.parse(SHARED / "eval" / "geo" / "tr-news-dev.xml").getroot().iter("article"):
        if art.get("docid") in coded:
            continue
        day = (art.findtext("dltime") or "").strip()
        published = _published(day)
        article = article_from_text(art.findtext("text") or "", url=f"trnews:{art.get('docid')}", published=published,
                                    title=" ".join((art.findtext("title") or "").split()))
        events = [e for e in extract_events(article) if e.best.confidence >= args.min_confidence]
        articles += 1
        false_events += len(events)
        if events and args.show:
            for e in events:
                rec = event_record(e)
                print(f"{art.get('docid')}: {rec['sub_event_type']} | {rec['actor1']} / {rec['actor2']} | "
                      f"{rec['location']} | c={rec['confidence']} | {e.best.sentence.text[:140]!r}")
    print(f"{articles} articles that report no event; {false_events} events found at confidence >= "
          f"{args.min_confidence:.2f}: {false_events / max(articles, 1):.2f} false events per article")


if __name__ == "__main__":
    main()
