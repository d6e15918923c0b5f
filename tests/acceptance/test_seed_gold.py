"""The founding article: its required events, and none of its non-events."""
from __future__ import annotations

import json
import re
from datetime import date

from typer.testing import CliRunner

from sitroom.cli import app
from sitroom.gazetteer import distance_km


def _actor(name: str) -> str:
    # ACLED qualifies generic actors by country ("Civilians (Syria)"); the gold does not.
    return re.sub(r" \([A-Z][^)]*\)$", "", name or "")


def _matches(found: dict, gold: dict) -> bool:
    if (found["event_type"], found["sub_event_type"]) != (gold["event_type"], gold["sub_event_type"]):
        return False
    if _actor(found["actor1"]) != gold["actor1"] or _actor(found["actor2"]) != gold.get("actor2", _actor(found["actor2"])):
        return False
    if found["latitude"] is None or distance_km(found["latitude"], found["longitude"], gold["latitude"], gold["longitude"]) > 25:
        return False
    if "date_from" in gold:
        lo, hi = date.fromisoformat(gold["date_from"]), date.fromisoformat(gold["date_to"])
        for key in ("event_date", "date_from", "date_to"):
            if not lo <= date.fromisoformat(found[key]) <= hi:
                return False
    return True


def _forbidden_spans(text: str, statements: list[str]) -> list[tuple[int, int, str]]:
    spans = []
    for statement in statements:
        quote = re.sub(r"\s*\([^)]*\)", "", statement.split(":")[0]).strip()
        at = text.lower().find(quote.lower())
        assert at >= 0, f"must_not_code statement not found in the article text: {quote!r}"
        spans.append((at, at + len(quote), quote))
    return spans


def test_seed_article_events_match_gold(shared):
    gold = json.loads((shared / "corpus" / "seed-hajin.gold.json").read_text())
    result = CliRunner().invoke(app, ["extract", str(shared / "corpus" / "seed-hajin.txt"), "--published", gold["published"]])
    assert result.exit_code == 0, result.output
    found = json.loads(result.stdout)

    required = [g for g in gold["events"] if g["status"] == "required"]
    for g in required:
        assert any(_matches(f, g) for f in found), f"required event {g['id']} ({g['sub_event_type']}) not found"
    # Nothing beyond the gold: every event found is a required or optional one.
    for f in found:
        assert any(_matches(f, g) for g in gold["events"]), f"event not in the gold: {f['notes']}"

    text = (shared / "corpus" / "seed-hajin.txt").read_text()
    from sitroom.ingest.cleaning import clean_plain_text

    cleaned = clean_plain_text(text)
    for start, end, quote in _forbidden_spans(cleaned, gold["must_not_code"]):
        for f in found:
            for m in f["mentions"]:
                assert not (start <= m["trigger"]["start"] < end), f"coded a non-event: {quote!r}"


def test_seed_events_carry_evidence(shared):
    result = CliRunner().invoke(app, ["extract", str(shared / "corpus" / "seed-hajin.txt"), "--published", "2018-07-31"])
    found = json.loads(result.stdout)
    arrest = next(f for f in found if f["sub_event_type"] == "Arrests")
    assert arrest["evidence"]["sub_event_type"]["text"] == "arrested"
    assert "Round Up" in arrest["evidence"]["actor1"]["text"]
    assert arrest["evidence"]["event_date"]["text"].lower() == "in the past hours"
    strike = next(f for f in found if f["sub_event_type"] == "Air/drone strike")
    assert strike["count"] == 8
    assert strike["geo_precision"] == 2
    assert "23rd and 29th July" in strike["evidence"]["event_date"]["text"]
