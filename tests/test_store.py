"""store: transactions, re-ingest, cross-article merging."""
from __future__ import annotations

import sqlite3

import pytest

from helpers import article
from sitroom.pipeline import extract_events
from sitroom.store import SCHEMA_VERSION, Store

STRIKE_A = "Russian warplanes struck a market in Maarat Misrin on Monday, killing nine civilians, rescuers said."
STRIKE_B = "At least seven civilians were killed when Russian jets bombed a market in Maarat Misrin on Monday."
OTHER_DAY = "Russian warplanes struck a market in Maarat Misrin on Thursday, killing four civilians."


def _store(store: Store, text: str, published: str = "2024-03-12", url: str = ""):
    a = article(text, published)
    a.canonical_url = url
    return store.add_article(a, extract_events(a))


def test_schema_is_versioned(tmp_path):
    with Store(tmp_path / "s.db") as store:
        assert store.version == SCHEMA_VERSION


def test_reingesting_the_same_article_changes_nothing(tmp_path):
    with Store(tmp_path / "s.db") as store:
        assert _store(store, STRIKE_A).status == "stored"
        before = store.counts()
        assert _store(store, STRIKE_A).status == "duplicate"
        assert _store(store, STRIKE_A.replace("on Monday", "on  Monday"), url="").status == "duplicate"  # same text hash
        assert store.counts() == before


def test_reports_of_one_strike_merge_and_keep_the_lowest_toll(tmp_path):
    with Store(tmp_path / "s.db") as store:
        _store(store, STRIKE_A)
        _store(store, STRIKE_B, "2024-03-13")
        _store(store, OTHER_DAY, "2024-03-15")
        events = store.events()
    assert len(events) == 2
    merged = next(e for e in events if len(e["sources"]) == 2)
    assert merged["sub_event_type"] == "Air/drone strike"
    assert merged["fatalities"] == 7
    assert "[7, 9]" in merged["disagreements"]
    fields = {ev["field"] for ev in merged["evidence"]}
    assert {"sub_event_type", "actor1", "location", "event_date", "fatalities"} <= fields


def test_a_failure_mid_article_stores_nothing_of_it(tmp_path, monkeypatch):
    path = tmp_path / "s.db"
    with Store(path) as store:
        _store(store, STRIKE_A)
        before = store.counts()

        def broken(*args, **kwargs):
            raise RuntimeError("disk on fire")

        monkeypatch.setattr(store, "_resettle", broken)
        with pytest.raises(RuntimeError):
            _store(store, OTHER_DAY, "2024-03-15")
        assert store.counts() == before
    assert sqlite3.connect(path).execute("SELECT COUNT(*) FROM articles").fetchone()[0] == 1


def test_a_store_from_an_older_version_is_upgraded_in_place(tmp_path):
    from sitroom.store import MIGRATIONS

    path = tmp_path / "old.db"
    con = sqlite3.connect(path)
    con.executescript(MIGRATIONS[0] + "\nPRAGMA user_version = 1;")
    con.execute("INSERT INTO events (event_type, sub_event_type, event_date, notes, location, country, latitude, "
                "longitude) VALUES ('Battles', 'Armed clash', '2020-01-02', 'Clashes near Hajin', 'Hajin', 'Syria', "
                "34.69, 40.83)")
    con.commit()
    con.close()
    with Store(path) as store:
        assert store.version == SCHEMA_VERSION
        assert store.db.execute("SELECT rowid FROM events_fts WHERE events_fts MATCH 'hajin'").fetchall()[0][0] == 1
        assert store.db.execute("SELECT id FROM events_rtree WHERE min_lat >= 34 AND max_lat <= 35").fetchall()[0][0] == 1
        assert store.counts()["events"] == 1


def test_an_event_the_coder_doubts_is_kept_flagged_and_shown_only_when_asked_for(tmp_path):
    from typer.testing import CliRunner

    from sitroom.cli import app
    from sitroom.store import EventFilter

    doubtful = "Beijing said on Tuesday it was not afraid to fight a trade war with Washington at any cost."
    db = tmp_path / "s.db"
    with Store(db) as store:
        _store(store, STRIKE_A)
        _store(store, doubtful)
        shown = store.events()
        everything = store.events(EventFilter(min_confidence=0))
    assert [e["sub_event_type"] for e in shown] == ["Air/drone strike"]
    assert len(everything) == 2
    flagged = [e for e in everything if e["low_confidence"]]
    assert [e["sub_event_type"] for e in flagged] == ["Armed clash"]
    runner = CliRunner()
    default = runner.invoke(app, ["events", "--db", str(db), "--format", "jsonl"])
    asked = runner.invoke(app, ["events", "--db", str(db), "--format", "jsonl", "--min-confidence", "0"])
    assert default.exit_code == 0 and asked.exit_code == 0, default.output + asked.output
    assert len(default.stdout.splitlines()) == 1 and len(asked.stdout.splitlines()) == 2
