"""Real articles and real sentences, scored by the commands an analyst runs (`sitroom evaluate ...`).

The article floors are issue #13's targets (precision 0.85, required recall
0.80, every field right on 0.60 of required events, 0.1 false events per
negative article, no must_not_code violation), which the development set now
meets (README, "Real articles": the set has been read, so held-out articles
will score lower). Event location is held at today's figures, below the
issue's 0.85: raise them as they rise; never lower them to pass.
"""
from __future__ import annotations

import json

from typer.testing import CliRunner

from sitroom.cli import app


def _events_report(tmp_path, *args: str) -> dict:
    out = tmp_path / "report.json"
    result = CliRunner().invoke(app, ["evaluate", "events", *args, "--json", str(out)])
    assert result.exit_code == 0, result.output
    return json.loads(out.read_text())


def test_the_seed_article_gives_its_required_events_and_nothing_else(shared, tmp_path):
    report = _events_report(tmp_path, "--gold", str(shared / "corpus" / "seed-hajin.gold.json"))
    assert report["required_found"] == report["required_total"] == 5
    assert report["precision"] == 1.0, report["per_article"][0]["unmatched_found"]
    assert report["must_not_code_violations"] == 0


def test_real_articles_do_not_slide_back(shared, tmp_path):
    base = shared / "eval" / "articles"
    report = _events_report(tmp_path, "--gold", str(base / "real-dev.gold.json"),
                            "--articles", str(base / "real-dev.jsonl"))
    assert report["articles"] == 34 and not any(a["error"] for a in report["per_article"])
    assert report["recall_required"] >= 0.80, report["recall_required"]
    assert report["precision"] >= 0.85, report["precision"]
    assert report["complete_share"] >= 0.60, report["complete_share"]
    assert report["false_events_per_negative"] <= 0.1, report["false_events_per_negative"]
    assert report["must_not_code_violations"] == 0, report["per_article"]
    # The reliability table and the threshold sweep an analyst reads to choose --min-confidence.
    assert sum(b["events"] for b in report["reliability"]) == report["found_events"]
    assert report["thresholds"][0]["at"] == report["min_confidence"]


def test_event_location_on_the_dev_sentences(shared, tmp_path):
    predictions, out = tmp_path / "pred.jsonl", tmp_path / "report.json"
    result = CliRunner().invoke(app, ["evaluate", "event-location", "--gold",
                                      str(shared / "eval" / "event-location" / "dev.jsonl"),
                                      "--predictions", str(predictions), "--json", str(out)])
    assert result.exit_code == 0, result.output
    report = json.loads(out.read_text())
    assert report["sentences"] == 917
    assert report["f1"] >= 0.65, report
    assert report["exact_set_share"] >= 0.70, report
    lines = [json.loads(line) for line in predictions.read_text().splitlines()]
    assert len(lines) == 917
    assert all(set(line) == {"id", "locations"} for line in lines)
    assert all(set(loc) == {"start", "end"} and loc["start"] < loc["end"] for line in lines for loc in line["locations"])
