"""store: transactions, re-ingest, cross-article merging."""
from __future__ import annotations

import sqlite3

import pytest

from conftest import article
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
